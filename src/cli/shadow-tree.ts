/**
 * `kbuild-graph build DIR -o OUTDIR`: kbuild 6.1 writes an external module's outputs next to its
 * sources (`M=`), so OUTDIR is kept as a shadow tree of DIR, in which kbuild then builds with
 * `M=OUTDIR`: real directories, and for each source file a symbolic link to its absolute path in DIR.
 * Each build synchronises it first: new sources get a link, links to sources that are gone are
 * removed; build outputs and files of OUTDIR's own are left alone. The walk never follows a link of
 * OUTDIR, nor writes through one: links are made and replaced (by a rename), never opened.
 */
import { lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/**
 * Files of DIR that are kbuild's own outputs (of an earlier in-place build), which get no link:
 * kbuild would read them as OUTDIR's and write through the link into DIR. The names are those the
 * top Makefile's `clean` removes for `M=` (Linux 6.1: `*.[aios]`, `*.ko`, `.*.cmd`, `*.mod.c`, ...)
 * and its `rm-files` (`Module.symvers`, `modules.nsdeps`, `compile_commands.json`).
 */
const kbuildOutput = new RegExp(
  '^(' +
    [
      '.*\\.[aios]', '.*\\.rsi', '.*\\.ko', '\\..*\\.cmd', '.*\\.ko\\..*', '.*\\.dtb', '.*\\.dtbo', '.*\\.dtb\\.S', '.*\\.dt\\.yaml',
      '.*\\.dwo', '.*\\.lst', '.*\\.su', '.*\\.mod', '\\..*\\.d', '\\..*\\.tmp', '.*\\.mod\\.c', '.*\\.lex\\.c', '.*\\.tab\\.[ch]',
      '.*\\.asn1\\.[ch]', '.*\\.symtypes', 'modules\\.order', '\\.tmp_.*', '.*\\.c\\.[012].*\\..*', '.*\\.ll', '.*\\.gcno',
      '.*\\..*\\.symversions', 'Module\\.symvers', 'modules\\.nsdeps', 'compile_commands\\.json',
    ].join('|') +
    ')$',
  's',
);

/** Directories the `clean` rule's `find` skips (`RCS_FIND_IGNORE`): version control, not sources. */
const ignoredDirectories = new Set(['SCCS', 'BitKeeper', '.svn', 'CVS', '.pc', '.hg', '.git']);

/** What one synchronisation did. */
export interface ShadowSync {
  /** Links made or pointed again at their source. */
  readonly linked: number;
  /** Links removed because their source is gone. */
  readonly removed: number;
  /** Paths of OUTDIR (relative) where a source has a file or directory of OUTDIR's own, left as it is. */
  readonly own: readonly string[];
  /** The directories of DIR it walked (absolute): a file made or removed in one changes the shadow tree. */
  readonly directories: readonly string[];
}

/**
 * Why OUTDIR cannot shadow DIR (both absolute), or undefined: the same directory, or one inside
 * the other (by their real paths, for the part that exists).
 */
export function shadowProblem(source: string, out: string): string | undefined {
  const src = realish(source);
  const dst = realish(out);
  if (src === dst) return `-o ${out} is the module directory itself; leave -o out to build in place (as M= does)`;
  if (dst.startsWith(`${src}/`)) return `-o ${out} is inside the module directory ${source}, which -o leaves untouched`;
  if (src.startsWith(`${dst}/`)) return `the module directory ${source} is inside -o ${out}; the output tree would hold its own sources`;
  return undefined;
}

/** `path`'s real path for the part that exists, the rest appended. */
function realish(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const up = dirname(path);
    return up === path ? path : join(realish(up), basename(path));
  }
}

/**
 * Makes OUTDIR (absolute) a shadow tree of DIR (absolute, used as it is in the links' targets).
 * Throws what the file system throws (the CLI reports it).
 */
export function syncShadowTree(source: string, out: string): ShadowSync {
  const counts = { linked: 0, removed: 0 };
  const own: string[] = [];
  const visited = new Set<string>();
  const directories: string[] = [];
  const walk = (src: string, dst: string): void => {
    const real = realpathSync(src);
    // A link in DIR back to a directory above: linked directories are walked once.
    if (visited.has(real)) return;
    visited.add(real);
    directories.push(src);
    if (!directoryAt(dst, out, own)) return;
    const sources = new Set<string>();
    for (const entry of readdirSync(src, { withFileTypes: true })) {
      const name = entry.name;
      const from = join(src, name);
      const kind = entry.isSymbolicLink() ? kindBehind(from) : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
      if (kind === 'directory') {
        if (ignoredDirectories.has(name)) continue;
        sources.add(name);
        walk(from, join(dst, name));
      } else if (kind === 'file' && !kbuildOutput.test(name)) {
        sources.add(name);
        if (linkAt(join(dst, name), from, out, own)) counts.linked++;
      }
    }
    // Links of ours (to this directory of DIR) whose source is gone.
    for (const entry of readdirSync(dst, { withFileTypes: true })) {
      if (!entry.isSymbolicLink() || sources.has(entry.name)) continue;
      const at = join(dst, entry.name);
      if (readlinkSync(at) === join(src, entry.name)) {
        unlinkSync(at);
        counts.removed++;
      }
    }
  };
  mkdirSync(out, { recursive: true });
  walk(source, out);
  return { ...counts, own, directories };
}

/** What a link of DIR leads to; a link to nothing counts as a file (it gets a link, as broken). */
function kindBehind(path: string): 'directory' | 'file' | 'other' {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  } catch {
    return 'file';
  }
}

/** Makes `dst` a real directory (a link there, ours, gives way); false when a file of OUTDIR's own is there. */
function directoryAt(dst: string, out: string, own: string[]): boolean {
  const s = lstatSync(dst, { throwIfNoEntry: false });
  if (s?.isDirectory() === true) return true;
  if (s?.isSymbolicLink() === true) unlinkSync(dst);
  else if (s !== undefined) {
    own.push(relative(out, dst));
    return false;
  }
  mkdirSync(dst);
  return true;
}

/** Makes `at` a link to `target`; true when it made or replaced one, false when it was right or `at` is OUTDIR's own. */
function linkAt(at: string, target: string, out: string, own: string[]): boolean {
  const s = lstatSync(at, { throwIfNoEntry: false });
  if (s === undefined) {
    symlinkSync(target, at);
    return true;
  }
  if (!s.isSymbolicLink()) {
    own.push(relative(out, at));
    return false;
  }
  if (readlinkSync(at) === target) return false;
  // Another link (DIR moved, or a link of the user's): replaced at once, by a rename over it.
  const temporary = `${at}.kbuild-graph-${process.pid}`;
  symlinkSync(target, temporary);
  renameSync(temporary, at);
  return true;
}
