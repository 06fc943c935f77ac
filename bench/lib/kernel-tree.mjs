/**
 * Finds the kernel source tree the benchmarks read, and lists its makefiles in the two sets the
 * parser issue talks about: files named exactly `Makefile` or `Kbuild`, and every makefile.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The tree used when neither `KBG_KERNEL_TREE` nor the corpus cache gives one. */
export const FALLBACK_TREE = '/tmp/kpkgs/linux-source-6.1';

/**
 * Picks the kernel tree: `KBG_KERNEL_TREE`, else a tree under `<root>/.cache/kernel/<version>/`
 * (6.1 preferred, since the figures are for 6.1), else {@link FALLBACK_TREE}.
 *
 * @returns `{ root, source }` where `source` says how it was found, or `{ root: null, tried }`.
 */
export function findKernelTree(projectRoot, env = process.env) {
  const tried = [];
  if (env.KBG_KERNEL_TREE) {
    const root = path.resolve(env.KBG_KERNEL_TREE);
    if (looksLikeKernelTree(root)) return { root, source: 'KBG_KERNEL_TREE' };
    return { root: null, tried: [`KBG_KERNEL_TREE=${root} (not a kernel tree: no top-level Makefile and Kbuild)`] };
  }
  const cache = path.join(projectRoot, '.cache', 'kernel');
  tried.push(`${cache}/<version>/`);
  if (existsSync(cache)) {
    const versions = subdirs(cache).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const version of versions) {
      const root = findTreeBelow(path.join(cache, version), 3);
      if (root) return { root, source: `corpus cache (${path.relative(projectRoot, root)})` };
    }
  }
  tried.push(FALLBACK_TREE);
  if (looksLikeKernelTree(FALLBACK_TREE)) return { root: FALLBACK_TREE, source: 'fallback' };
  return { root: null, tried };
}

/** Whether a version directory name is a 6.1 kernel; those sort first. */
function rank(name) {
  return /(^|[^0-9.])6\.1(?![0-9])/.test(name) ? 0 : 1;
}

function looksLikeKernelTree(dir) {
  return isFile(path.join(dir, 'Makefile')) && isFile(path.join(dir, 'Kbuild')) && isDir(path.join(dir, 'arch'));
}

/** Breadth-first search for a kernel tree root at most `depth` levels below `dir`. */
function findTreeBelow(dir, depth) {
  const queue = [[dir, 0]];
  while (queue.length > 0) {
    const [d, level] = queue.shift();
    if (looksLikeKernelTree(d)) return d;
    if (level < depth) for (const s of subdirs(d).sort()) queue.push([path.join(d, s), level + 1]);
  }
  return null;
}

function subdirs(dir) {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a base name is one of the files kbuild reads as a directory's makefile. */
export function isKbuildFile(name) {
  return name === 'Makefile' || name === 'Kbuild';
}

/**
 * Whether a base name is any makefile, by the rule the CLI uses for directories:
 * `Makefile`, `Kbuild`, `Makefile.*`, `Kbuild.include` and `*.mk`.
 */
export function isAnyMakefile(name) {
  return isKbuildFile(name) || name.startsWith('Makefile.') || name === 'Kbuild.include' || name.endsWith('.mk');
}

/**
 * Lists the makefiles of a tree as sorted, `/`-separated paths relative to its root.
 * Symbolic links are not followed, so a link loop cannot hang the walk.
 *
 * @returns `{ kbuild, all }`: the `Makefile`/`Kbuild` set and the set of every makefile.
 */
export function listMakefiles(root) {
  const all = [];
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop();
    const entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) stack.push(child);
      else if (e.isFile() && isAnyMakefile(e.name)) all.push(child);
    }
  }
  // Byte order, not locale order, so that the list (and GNU make's include order) is the same
  // on every machine.
  all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const kbuild = all.filter((p) => isKbuildFile(p.slice(p.lastIndexOf('/') + 1)));
  return { kbuild, all };
}

/**
 * The newest fetched corpus under `$KBG_CACHE_DIR` or `<root>/.cache/kernel`, from the stamps
 * `npm run corpus` writes: the partial source, the headers dir, and (with the kbuild oracle) the
 * whole tree and its prepared build dir. Undefined when nothing was fetched.
 */
export function fetchedCorpus(projectRoot, env = process.env) {
  const base = env.KBG_CACHE_DIR ?? path.join(projectRoot, '.cache', 'kernel');
  if (!existsSync(base)) return undefined;
  for (const version of readdirSync(base).sort().reverse()) {
    const dir = path.join(base, version);
    if (!existsSync(path.join(dir, 'stamp.json'))) continue;
    const stamp = JSON.parse(readFileSync(path.join(dir, 'stamp.json'), 'utf8'));
    const objtree = existsSync(path.join(dir, 'oracle', 'stamp.json')) ? path.join(dir, 'oracle', 'obj') : undefined;
    return { source: path.join(dir, stamp.paths.source), headers: path.join(dir, stamp.paths.headers), tree: path.join(dir, 'tree'), objtree };
  }
  return undefined;
}
