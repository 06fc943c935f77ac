/** The real `Host`: the file system through `node:fs`, commands through `/bin/sh -c`. */
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import type { Host, HostStat, ShellResult } from '../base/index.js';
import type { ProbeHistory } from './probe-history.js';
import { shellPool } from './shell-pool.js';

/**
 * Makes a host over the real file system; `allowShell` decides whether commands run. Commands run
 * on the process's shell pool (`shell-pool.ts`) when it can be had, and kbuild's probes that
 * `probes` started early are taken from there.
 */
export function nodeHost(allowShell: boolean, probes?: ProbeHistory): Host {
  return {
    readFile(path) {
      try {
        return readFileSync(path);
      } catch {
        return undefined;
      }
    },
    // A missing file is the common answer (a dry run asks about every target it would make), so
    // it comes back as undefined rather than as an exception, which costs far more to make.
    stat(path) {
      try {
        const s = statSync(path, { throwIfNoEntry: false });
        return s === undefined ? undefined : hostStat(s);
      } catch {
        return undefined;
      }
    },
    lstat(path) {
      try {
        const s = lstatSync(path, { throwIfNoEntry: false });
        return s === undefined ? undefined : hostStat(s);
      } catch {
        return undefined;
      }
    },
    realPath(path) {
      try {
        return realpathSync(path);
      } catch {
        return undefined;
      }
    },
    readDirectory(path) {
      try {
        return readdirSync(path);
      } catch {
        return undefined;
      }
    },
    readDirectoryKinds(path) {
      try {
        const kinds = new Map<string, HostStat['kind'] | 'link'>();
        for (const d of readdirSync(path, { withFileTypes: true })) kinds.set(d.name, d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'link' : 'other');
        return kinds;
      } catch {
        return undefined;
      }
    },
    shell(command, cwd, env) {
      if (!allowShell) return undefined;
      return probes?.take(command, cwd, env) ?? shellPool()?.run({ command, cwd, env }) ?? spawnShell(command, cwd, env);
    },
  };
}

/**
 * Runs `command` with `spawnSync`. Standard error is captured rather than inherited, so that the
 * engine can put it in its output in the order GNU make's own messages would appear around it.
 * A shell a signal ended has status 128 + the signal's number, as GNU make's `.SHELLSTATUS` says;
 * one that could not start, 127.
 */
export function spawnShell(command: string, cwd: string, env: ReadonlyMap<string, string>): ShellResult {
  const r = spawnSync('/bin/sh', ['-c', command], { cwd, env: Object.fromEntries(env), encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const status = r.status ?? (r.signal === null ? 127 : 128 + constants.signals[r.signal]);
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status };
}

function hostStat(s: Stats): HostStat {
  return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', mtimeMs: s.mtimeMs, size: s.size };
}
