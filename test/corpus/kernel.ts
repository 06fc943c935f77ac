/**
 * Locates the kernel corpus for tests: the source tree, headers and modules lists that `npm run corpus` fetched, or the ones named by `KBG_KERNEL_*` variables.
 * It reads the cache the way scripts/fetch-kernel.mjs and scripts/kbuild-oracle.mjs write it (with the kbuild oracle: real kbuild's answers); test/corpus/README.md describes the layout.
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

// ---------------------------------------------------------------------------
// The kbuild oracle: what real kbuild does with the fetched kernel (scripts/kbuild-oracle.mjs, test/corpus/README.md).

/** One compile as kbuild ran it (or would): compile_commands.json's `directory`, `file` and `arguments`. */
export interface OracleCompile {
  /** The folder the command runs from: the O= obj dir (whole tree) or the headers dir (out of tree). */
  readonly directory: string;
  /** The source file as the command names it: absolute under srctree, or relative to `directory` for generated sources. */
  readonly file: string;
  /** The argument vector as the shell splits the command: `gcc-12 ... -c -o <object> <file>`. */
  readonly arguments: readonly string[];
}

/** One `ld -r` link; `inputs` has the `@file.mod` arguments replaced by the files' lines. */
export interface OracleLink {
  readonly arguments: readonly string[];
  readonly inputs: readonly string[];
}

/** `oracle/whole-tree.json`: the dry run of `make O=... modules` over the whole tree (Oracle 2 of GROUND-TRUTH.md). Paths are relative to `objtree`. */
export interface WholeTreeOracle {
  readonly format: number;
  readonly version: string;
  /** The absolute source tree the dry run read; compile arguments name sources under it. */
  readonly srctree: string;
  /** The absolute O= build dir; every command runs from it. */
  readonly objtree: string;
  readonly dryRun: {
    readonly argv: readonly string[];
    readonly cwd: string;
    readonly status: number;
    readonly seconds: number;
    readonly commands: number;
    readonly stderr: readonly string[];
  };
  /** Whether `modulesOrder` equals Debian's shipped modules.order without its `kernel/` prefixes. */
  readonly modulesOrderMatchesDebian: boolean;
  /** The top-level modules.order the dry run assembles: `drivers/net/dummy.ko`, ... */
  readonly modulesOrder: readonly string[];
  /** How each `<dir>/modules.order` is assembled, before de-duplication: nested `modules.order` files and `.ko` names in order. */
  readonly modulesOrderParts: Readonly<Record<string, readonly string[]>>;
  /** Each `<module>.mod` the dry run writes, with its object list in kbuild's order: `net/openvswitch/openvswitch.mod` -> `net/openvswitch/actions.o`, ... */
  readonly mods: Readonly<Record<string, readonly string[]>>;
  /** Each composite object linked with `ld -r`, by the object's path. */
  readonly links: Readonly<Record<string, OracleLink>>;
  /** Each `built-in.a` and `lib.a` (thin archives), by path, with its members in order. */
  readonly archives: Readonly<Record<string, readonly string[]>>;
  /** Each object compiled from a .c or .S file, modules and built-in, by the object's path. */
  readonly compile: Readonly<Record<string, OracleCompile>>;
}

/** `oracle/oot-openvswitch.json`: a real out-of-tree build of net/openvswitch against the headers package (Oracle 1). Paths are relative to `moduleDir`. */
export interface OotOracle {
  readonly format: number;
  readonly version: string;
  /** The tree folder that was copied: `net/openvswitch`. */
  readonly source: string;
  /** The absolute M= folder the build ran in. */
  readonly moduleDir: string;
  /** The absolute headers dir of `make -C`; the commands run from it. */
  readonly headers: string;
  readonly build: { readonly argv: readonly string[]; readonly status: number; readonly seconds: number };
  readonly modulesOrder: readonly string[];
  readonly mods: Readonly<Record<string, readonly string[]>>;
  /** The `ld -r` links of the `.cmd` files: composite objects and the final `.ko` links. */
  readonly links: Readonly<Record<string, OracleLink>>;
  /** The gcc part of each compile command in a `.cmd` file (before `; ./tools/objtool/objtool ...`), `.mod.o` files included. */
  readonly compile: Readonly<Record<string, OracleCompile>>;
  /** Every `.cmd` file's `cmd_<target> := <command>`, by target. */
  readonly commands: Readonly<Record<string, string>>;
}

/** `oracle/stamp.json`, written last by scripts/kbuild-oracle.mjs. */
export interface OracleStamp {
  readonly format: number;
  readonly version: string;
  readonly fetchedAt: string;
  readonly srctree: string;
  readonly counts: {
    readonly modules: number;
    readonly debianModules: number;
    readonly modulesOrderMatchesDebian: boolean;
    readonly mods: number;
    readonly compile: number;
    readonly links: number;
    readonly archives: number;
    readonly dryRunCommands: number;
    readonly oot: { readonly modules: number; readonly mods: number; readonly compile: number; readonly links: number };
  };
  readonly steps: Readonly<Record<string, { readonly status?: number | string; readonly seconds: number }>>;
  readonly seconds: number;
}

/** Where the oracle is, or in `reason` why it is missing. */
export interface OracleStatus {
  readonly ready: boolean;
  readonly reason: string;
  readonly dir: string | undefined;
  readonly stamp: OracleStamp | undefined;
}

// The oracle layout this reader understands; it matches oracleFormat in scripts/kbuild-oracle.mjs.
const oracleFormat = 1;

/**
 * The whole kernel source tree, every file of it: `$KBG_KERNEL_TREE` (taken to be a full tree), else the cache's `tree/` once
 * scripts/kbuild-oracle.mjs has unpacked it. Unlike `kernelTree()`, builds can run against it.
 */
export function kernelFullTree(): string | undefined {
  if (process.env.KBG_KERNEL_TREE) return fromEnv('KBG_KERNEL_TREE');
  const cache = kernelCache();
  if (cache === undefined) return undefined;
  try {
    readFileSync(join(cache.dir, 'tree.stamp.json'), 'utf8');
  } catch {
    return undefined;
  }
  return isDirectory(join(cache.dir, 'tree')) ? join(cache.dir, 'tree') : undefined;
}

/** Says whether the oracle is there for the fetched kernel, or why not. */
export function oracleStatus(): OracleStatus {
  const cache = kernelCache();
  const missing = (reason: string): OracleStatus => ({ ready: false, reason, dir: undefined, stamp: undefined });
  if (cache === undefined) return missing(`no kbuild oracle, because there is no fetched kernel: ${corpusStatus().reason}`);
  const dir = join(cache.dir, 'oracle');
  let stamp: OracleStamp;
  try {
    stamp = JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as OracleStamp;
  } catch {
    return missing(`no finished kbuild oracle in ${dir}: run \`npm run corpus\` (scripts/kbuild-oracle.mjs; about 1.5 minutes, 1.8 GB)`);
  }
  if (stamp.format !== oracleFormat || stamp.version !== cache.stamp.version || stamp.fetchedAt !== cache.stamp.fetchedAt) {
    return missing(`the kbuild oracle in ${dir} is stale (another format or fetch); run \`npm run corpus\``);
  }
  return { ready: true, reason: `kbuild oracle for Debian kernel ${stamp.version} in ${dir}`, dir, stamp };
}

const oracleFiles = new Map<string, unknown>();

function readOracleFile<T>(name: string): T | undefined {
  const status = oracleStatus();
  if (status.dir === undefined) return undefined;
  const file = join(status.dir, name);
  // Parsed once per process: whole-tree.json is about 40 MB.
  if (!oracleFiles.has(file)) oracleFiles.set(file, JSON.parse(readFileSync(file, 'utf8')));
  return oracleFiles.get(file) as T;
}

/** The dry run of the whole tree (`oracle/whole-tree.json`), or undefined when `oracleStatus().reason` says it is missing. */
export function wholeTreeOracle(): WholeTreeOracle | undefined {
  return readOracleFile<WholeTreeOracle>('whole-tree.json');
}

/** The out-of-tree build of net/openvswitch (`oracle/oot-openvswitch.json`), or undefined when `oracleStatus().reason` says it is missing. */
export function ootOracle(): OotOracle | undefined {
  return readOracleFile<OotOracle>('oot-openvswitch.json');
}
