/**
 * What kbuild needs from `syncconfig` before it can read its makefiles, supplied without running
 * Kconfig and without writing anything: a view of the build dir in which
 * `include/config/auto.conf` (made from the `.config` by `autoConf`) and `include/config/auto.conf.cmd`
 * exist and are newer than the `.config`, as they would be after `make syncconfig`. A build dir
 * that has them already, up to date, is left as it is.
 */
import { diagnostic, sourceFile, span, type Diagnostic, type Host } from '../../base/index.js';
import { resolvePath } from '../make/index.js';
import { autoConf, readConfig, type KernelConfig } from './config.js';

/** A `.config` as the analysis uses it. */
export interface PreparedConfig {
  /** The host to run kbuild through: the real one, or a view with the generated files. */
  readonly host: Host;
  readonly config: KernelConfig | undefined;
  /** Files this view adds, absolute (empty when the build dir was up to date). */
  readonly supplied: readonly string[];
}

/**
 * Reads `configPath` and returns a host in which `objtree` looks configured. A missing or
 * unreadable `.config` is a K007 error with how to make one; the reader's own diagnostics
 * (K001–K006) come back too.
 */
export function prepareBuildDirectory(host: Host, objtree: string, configPath: string): { value: PreparedConfig; diagnostics: Diagnostic[] } {
  const bytes = host.readFile(configPath);
  if (bytes === undefined) {
    const d = diagnostic(
      'K007',
      'error',
      `no kernel configuration at ${configPath}; make one with \`make defconfig\` (or \`olddefconfig\` after copying a distribution's config there, such as /boot/config-$(uname -r))`,
      span(configPath, 0, 0),
    );
    return { value: { host, config: undefined, supplied: [] }, diagnostics: [d] };
  }
  const read = readConfig(sourceFile(configPath, bytes));
  const diagnostics = [...read.diagnostics];
  const configTime = host.stat(configPath)?.mtimeMs ?? 0;
  const autoConfPath = resolvePath(objtree, 'include/config/auto.conf');
  const current = host.stat(autoConfPath);
  if (current !== undefined && current.mtimeMs >= configTime && host.stat(`${autoConfPath}.cmd`) !== undefined) {
    return { value: { host, config: read.value, supplied: [] }, diagnostics };
  }
  const files = new Map<string, Uint8Array>([
    [autoConfPath, new TextEncoder().encode(autoConf(read.value))],
    // Kconfig lists here the Kconfig files auto.conf depends on; with none listed, make has no reason to sync again.
    [`${autoConfPath}.cmd`, new Uint8Array()],
  ]);
  return { value: { host: overlay(host, files, configTime + 1000), config: read.value, supplied: [...files.keys()] }, diagnostics };
}

/** `host` with `files` added (newer than everything at `mtimeMs`), and their directories. */
function overlay(host: Host, files: ReadonlyMap<string, Uint8Array>, mtimeMs: number): Host {
  const directories = new Map<string, Set<string>>();
  for (const path of files.keys()) {
    let child = path;
    for (let dir = parentOf(path); dir !== undefined; dir = parentOf(dir)) {
      const names = directories.get(dir) ?? new Set<string>();
      names.add(child.slice(child.lastIndexOf('/') + 1));
      directories.set(dir, names);
      child = dir;
    }
  }
  return {
    ...host,
    readFile: (path) => files.get(path) ?? host.readFile(path),
    stat: (path) => (files.has(path) ? { kind: 'file', mtimeMs } : host.stat(path) ?? (directories.has(path) ? { kind: 'directory', mtimeMs } : undefined)),
    lstat: (path) => (files.has(path) ? { kind: 'file', mtimeMs } : (host.lstat ?? host.stat)(path) ?? (directories.has(path) ? { kind: 'directory', mtimeMs } : undefined)),
    readDirectory: (path) => {
      const added = directories.get(path);
      const real = host.readDirectory(path);
      if (added === undefined) return real;
      return [...new Set([...(real ?? []), ...added])];
    },
  };
}

function parentOf(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? undefined : path.slice(0, slash);
}
