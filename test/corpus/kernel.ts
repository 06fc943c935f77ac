/**
 * Locates the kernel corpus for tests: the source tree, headers and modules lists that `npm run corpus` fetched, or the ones named by `KBG_KERNEL_*` variables.
 * It reads the cache the way scripts/fetch-kernel.mjs writes it; test/corpus/README.md describes the layout.
 */

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMakefileName } from '../../src/cli/index.js';

/** The paths a stamp records, relative to the folder that holds the stamp. */
export interface KernelStampPaths {
  readonly source: string;
  readonly root: string;
  readonly headers: string;
  readonly headersCommon: string;
  readonly kbuild: string;
  readonly modulesDir: string;
}

/** The `stamp.json` that scripts/fetch-kernel.mjs writes last, once a cache folder is complete. */
export interface KernelStamp {
  readonly format: number;
  /** The Debian version actually fetched; it differs from `pinnedVersion` only after a fallback. */
  readonly version: string;
  readonly abi: string;
  readonly flavour: string;
  readonly series: string;
  readonly pinnedVersion: string;
  readonly fallback: boolean;
  /** The sha256 of manifest.json's text when the cache was fetched; another value means the cache is stale. */
  readonly manifestHash: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly paths: KernelStampPaths;
  readonly counts: { readonly makefiles: number; readonly sourceFiles: number; readonly modulesOrder: number };
  readonly fetchedAt: string;
}

/** A complete cache folder and its stamp. */
export interface KernelCache {
  readonly dir: string;
  readonly stamp: KernelStamp;
}

/** Where each part of the corpus is, and in `reason` a sentence saying where it comes from or why it is missing. */
export interface CorpusStatus {
  /** True when a kernel source tree is available, which is all the parser corpus tests need. */
  readonly ready: boolean;
  readonly reason: string;
  readonly tree: string | undefined;
  readonly headers: string | undefined;
  readonly modulesDir: string | undefined;
  /** The fetched cache, when one is complete for the current manifest (even if env variables override parts of it). */
  readonly cache: KernelCache | undefined;
}

// The stamp layout this reader understands; it matches stampFormat in scripts/fetch-kernel.mjs.
const stampFormat = 1;
const corpusDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(corpusDir, '..', '..');
const manifestPath = join(corpusDir, 'manifest.json');

/** The folder holding one subfolder per fetched kernel version: `$KBG_CACHE_DIR`, else `<repo>/.cache/kernel`. */
export function cacheBase(): string {
  const fromEnv = process.env.KBG_CACHE_DIR;
  return fromEnv ? resolve(fromEnv) : join(repoRoot, '.cache', 'kernel');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readStamp(dir: string): KernelStamp | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const stamp = parsed as Partial<KernelStamp>;
    if (typeof stamp.version !== 'string' || typeof stamp.pinnedVersion !== 'string' || stamp.paths === undefined) return undefined;
    return stamp as KernelStamp;
  } catch {
    return undefined;
  }
}

type CacheLookup = { readonly cache: KernelCache } | { readonly problem: string };

/** Finds the complete cache for the current manifest, as the fetch script does: the pinned version's folder first, then a fallback's. */
function lookUpCache(): CacheLookup {
  let manifestText: string;
  try {
    manifestText = readFileSync(manifestPath, 'utf8');
  } catch {
    return { problem: `the corpus manifest ${manifestPath} is missing` };
  }
  let pinned: string;
  try {
    const parsed: unknown = JSON.parse(manifestText);
    const version = typeof parsed === 'object' && parsed !== null ? (parsed as { readonly version?: unknown }).version : undefined;
    if (typeof version !== 'string') return { problem: `${manifestPath} has no "version"` };
    pinned = version;
  } catch {
    return { problem: `${manifestPath} is not valid JSON` };
  }
  const hash = `sha256:${createHash('sha256').update(manifestText).digest('hex')}`;
  const base = cacheBase();
  let names: string[] = [];
  try {
    names = readdirSync(base).filter((name) => !name.startsWith('.'));
  } catch {
    // No cache folder yet: reported below.
  }
  const ordered = [pinned, ...names.filter((name) => name !== pinned).sort()];
  let stale: string | undefined;
  for (const name of ordered) {
    const dir = join(base, name);
    const stamp = readStamp(dir);
    if (stamp === undefined || stamp.pinnedVersion !== pinned) continue;
    if (stamp.format === stampFormat && stamp.manifestHash === hash) return { cache: { dir, stamp } };
    stale ??= dir;
  }
  if (stale !== undefined) {
    return { problem: `the kernel cache in ${stale} was fetched for an older test/corpus/manifest.json; run \`npm run corpus\`` };
  }
  return {
    problem:
      `no kernel corpus: run \`npm run corpus\` to fetch the pinned Debian kernel ${pinned} into ${join(base, pinned)}, ` +
      'or set KBG_KERNEL_TREE=/path/to/linux (a kernel source tree)',
  };
}

/** The complete cache that `npm run corpus` made for the current manifest, if there is one. */
export function kernelCache(): KernelCache | undefined {
  const lookup = lookUpCache();
  return 'cache' in lookup ? lookup.cache : undefined;
}

/** The folder named by an environment variable, or undefined when it is unset or not a folder. */
function fromEnv(variable: string): string | undefined {
  const value = process.env[variable];
  if (value === undefined || value === '') return undefined;
  const path = resolve(value);
  return isDirectory(path) ? path : undefined;
}

function fromCache(key: keyof KernelStampPaths): string | undefined {
  const cache = kernelCache();
  return cache === undefined ? undefined : join(cache.dir, cache.stamp.paths[key]);
}

/**
 * The kernel source tree whose Makefiles the corpus tests read: `$KBG_KERNEL_TREE`, else the cache's `source/`.
 * The cache holds only the kbuild files and a few full directories (manifest.json `source`), not the whole tree.
 */
export function kernelTree(): string | undefined {
  return process.env.KBG_KERNEL_TREE ? fromEnv('KBG_KERNEL_TREE') : fromCache('source');
}

/** The flavour headers dir to run `make -C <dir> M=...` against: `$KBG_KERNEL_HEADERS`, else the cache's `linux-headers-<abi>-<flavour>`. */
export function kernelHeaders(): string | undefined {
  return process.env.KBG_KERNEL_HEADERS ? fromEnv('KBG_KERNEL_HEADERS') : fromCache('headers');
}

/** The folder with Debian's `modules.order` and `modules.builtin`: `$KBG_KERNEL_MODULES_DIR`, else the cache's `lib/modules/<abi>-<flavour>`. */
export function kernelImageModulesDir(): string | undefined {
  return process.env.KBG_KERNEL_MODULES_DIR ? fromEnv('KBG_KERNEL_MODULES_DIR') : fromCache('modulesDir');
}

/**
 * True for the file names the corpus tests parse: `Makefile`, `Kbuild`, `Makefile.*`, `Kbuild.include`
 * and `*.mk`. It is the CLI's own rule, so the tests parse what `kbuild-graph parse DIR` parses.
 */
export function isKernelMakefileName(name: string): boolean {
  return isMakefileName(name);
}

/**
 * Lists the kbuild files under root as sorted, `/`-separated paths relative to root.
 * Symlinks are neither followed nor listed, and `.git` is skipped, so a git checkout can serve as root.
 *
 * @example
 * const tree = kernelTree();
 * if (tree !== undefined) for (const file of listKernelMakefiles(tree)) check(join(tree, file));
 */
export function listKernelMakefiles(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '.git') visit(join(dir, entry.name), relative);
      } else if (entry.isFile() && isKernelMakefileName(entry.name)) {
        found.push(relative);
      }
    }
  };
  visit(root, '');
  // Plain code-unit order, so the list is the same under every locale.
  return found.sort();
}

function describeVariable(variable: string): string | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  return isDirectory(resolve(value)) ? `${variable}=${value}` : `${variable}=${value} is not a directory`;
}

/**
 * Says where the corpus is, or why it is missing; tests that need it should skip or fail with `reason`.
 *
 * @example
 * const status = corpusStatus();
 * it.skipIf(!status.ready && !process.env.CI)('parses every kernel Makefile', () => {
 *   if (status.tree === undefined) throw new Error(status.reason);
 * });
 */
export function corpusStatus(): CorpusStatus {
  const lookup = lookUpCache();
  const cache = 'cache' in lookup ? lookup.cache : undefined;
  const tree = kernelTree();
  const headers = kernelHeaders();
  const modulesDir = kernelImageModulesDir();
  const treeVariable = describeVariable('KBG_KERNEL_TREE');
  let reason: string;
  if (treeVariable !== undefined) {
    reason = tree === undefined ? treeVariable : `kernel tree from ${treeVariable}`;
  } else if (cache !== undefined) {
    const { stamp } = cache;
    const fallback = stamp.fallback ? ` (a fallback: the pinned ${stamp.pinnedVersion} was not downloadable)` : '';
    reason = `Debian kernel ${stamp.version}, ABI ${stamp.abi}-${stamp.flavour}${fallback}, fetched into ${cache.dir} by \`npm run corpus\``;
  } else {
    reason = 'problem' in lookup ? lookup.problem : 'no kernel corpus';
  }
  for (const variable of ['KBG_KERNEL_HEADERS', 'KBG_KERNEL_MODULES_DIR']) {
    const described = describeVariable(variable);
    if (described !== undefined) reason += `; ${described}`;
  }
  return { ready: tree !== undefined, reason, tree, headers, modulesDir, cache };
}
