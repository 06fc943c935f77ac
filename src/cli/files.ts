/**
 * Turns the paths given on the command line into the list of files to read: a file stays itself,
 * a directory becomes every Makefile, Kbuild, `Makefile.*`, `Kbuild.include` and `*.mk` under it.
 */
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Dirent } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';

/** One path to read, or one path that could not be walked. */
export type InputFile =
  /** `path` is shown in diagnostics; `absolute` is what gets read. */
  | { readonly kind: 'file'; readonly path: string; readonly absolute: string }
  /** A directory that could not be listed; `reason` is the system's wording. */
  | { readonly kind: 'unreadable'; readonly path: string; readonly reason: string };

/** Whether a file name is one that Kbuild or make reads as a makefile. */
export function isMakefileName(name: string): boolean {
  return (
    name === 'Makefile' ||
    name === 'Kbuild' ||
    name === 'Kbuild.include' ||
    name.startsWith('Makefile.') ||
    (name.endsWith('.mk') && name.length > 3)
  );
}

/**
 * Expands command-line paths, in the order given. A file argument keeps the spelling the user typed;
 * files found under a directory are joined to it and come in depth-first order with names sorted by
 * UTF-16 code unit, so the output does not depend on the locale or on the file system's order.
 *
 * @example
 * inputFiles(['drivers/net', 'Makefile'], process.cwd())
 * // [{ kind: 'file', path: 'drivers/net/Kbuild', … }, …, { kind: 'file', path: 'Makefile', … }]
 */
export function inputFiles(args: readonly string[], cwd: string): readonly InputFile[] {
  const out: InputFile[] = [];
  for (const arg of args) {
    const absolute = resolve(cwd, arg);
    // A path that cannot be stat-ed is handed on as a file, so reading it reports the reason.
    if (isDirectory(absolute)) walk(arg, absolute, out);
    else out.push({ kind: 'file', path: arg, absolute });
  }
  return out;
}

function isDirectory(absolute: string): boolean {
  try {
    return statSync(absolute).isDirectory();
  } catch {
    return false;
  }
}

function walk(shown: string, absolute: string, out: InputFile[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch (error) {
    out.push({ kind: 'unreadable', path: shown, reason: systemReason(error) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const childShown = join(shown, entry.name);
    const childAbsolute = join(absolute, entry.name);
    if (entry.isDirectory()) {
      walk(childShown, childAbsolute, out);
    } else if (isMakefileName(entry.name)) {
      // Symbolic links to directories are not followed, so a link cycle cannot loop forever;
      // links to files (and broken links, which then fail to read) are kept.
      if (entry.isSymbolicLink() && isDirectory(childAbsolute)) continue;
      out.push({ kind: 'file', path: childShown, absolute: childAbsolute });
    }
  }
}

/**
 * The system's wording for a failed file operation, such as `no such file or directory`,
 * without Node's `ENOENT: …, open '/abs/path'` decoration.
 */
export function systemReason(error: unknown): string {
  if (error instanceof Error) {
    const errno = (error as NodeJS.ErrnoException).errno;
    const described = typeof errno === 'number' ? getSystemErrorMap().get(errno) : undefined;
    if (described) return described[1];
    return error.message;
  }
  return String(error);
}

/**
 * Writes `text` (one string, or chunks of text or bytes written as they come) to `path` atomically: into a
 * temporary file beside it, then renamed over it, so an interrupted run never leaves a truncated
 * file. Throws what writing throws.
 *
 * A symbolic link at `path` is replaced like a file, unless `follow` (for a file the user named,
 * such as `compile-commands -o`): then the link is followed, so that it stays a link (a
 * compile_commands.json linked from a source tree into a build directory), and a path that is
 * neither a regular file nor missing (a device such as `/dev/stdout`, a FIFO), which no rename can
 * replace, is written in place. The CLI's own files never follow a link: in `build -o`'s shadow
 * tree a link leads into the module's sources.
 */
export function writeAtomically(path: string, text: string | Iterable<string | Uint8Array>, follow = false): void {
  const target = follow ? followedTarget(path) : { path, inPlace: false };
  if (target.inPlace) {
    writeChunks(target.path, text);
    return;
  }
  const tmp = `${target.path}.${process.pid}.tmp`;
  try {
    writeChunks(tmp, text);
    renameSync(tmp, target.path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Where `writeAtomically` with `follow` writes for `path`, and whether in place (see there). */
function followedTarget(path: string): { path: string; inPlace: boolean } {
  let real = path;
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true) {
    try {
      real = realpathSync(path);
    } catch {
      // A link to nothing yet: the file it names is made.
      real = resolve(dirname(path), readlinkSync(path));
    }
  }
  const s = statSync(real, { throwIfNoEntry: false });
  return { path: real, inPlace: s !== undefined && !s.isFile() && !s.isDirectory() };
}

/** Writes `text` (or its chunks, in order) to `path`, made or emptied first. */
function writeChunks(path: string, text: string | Iterable<string | Uint8Array>): void {
  if (typeof text === 'string') {
    writeFileSync(path, text);
    return;
  }
  const fd = openSync(path, 'w');
  try {
    for (const chunk of text) {
      // writeSync's two forms, for text and for bytes.
      if (typeof chunk === 'string') writeSync(fd, chunk);
      else writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * `writeAtomically` for chunks of a file the user named (with `follow`), except that a regular file
 * at `path` already holding exactly these bytes is left as it is, its time included: a tool
 * watching it (clangd watches compile_commands.json, and reads all of it again when it changes)
 * sees no change. The chunks are compared with the file as they come, and only once one differs is
 * anything written: the part that matched, read back from the file (so that it is not held in
 * memory meanwhile: 41 MB for a whole tree's compile commands), then the rest. Returns whether it
 * wrote.
 */
export function writeAtomicallyIfChanged(path: string, chunks: Iterable<string | Uint8Array>): boolean {
  let fd: number | undefined;
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isFile() === true) fd = openSync(path, 'r');
  } catch {
    fd = undefined;
  }
  if (fd === undefined) {
    writeAtomically(path, chunks, true);
    return true;
  }
  const it = chunks[Symbol.iterator]();
  let matched = 0;
  let differing: Uint8Array | undefined;
  try {
    for (let r = it.next(); !r.done; r = it.next()) {
      const bytes = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      if (!sameBytes(fd, bytes)) {
        differing = bytes;
        break;
      }
      matched += bytes.length;
    }
    // The file must end where the chunks do.
    if (differing === undefined && readSync(fd, Buffer.alloc(1), 0, 1, null) === 0) return false;
  } finally {
    closeSync(fd);
  }
  writeAtomically(path, (function* () {
    // The part that matched, from the file as it still is (the rename comes after the last chunk).
    const old = openSync(path, 'r');
    try {
      const piece = Buffer.allocUnsafe(Math.min(matched, 1 << 20));
      for (let done = 0; done < matched; ) {
        const n = readSync(old, piece, 0, Math.min(piece.length, matched - done), done);
        if (n === 0) throw new Error(`${path} changed while it was written`);
        yield piece.subarray(0, n);
        done += n;
      }
    } finally {
      closeSync(old);
    }
    if (differing !== undefined) yield differing;
    for (let r = it.next(); !r.done; r = it.next()) yield r.value;
  })(), true);
  return true;
}

/** Whether the next bytes read from `fd` are `bytes`. */
function sameBytes(fd: number, bytes: Uint8Array): boolean {
  const have = Buffer.allocUnsafe(bytes.length);
  let got = 0;
  while (got < bytes.length) {
    const n = readSync(fd, have, got, bytes.length - got, null);
    if (n === 0) return false;
    got += n;
  }
  return have.equals(bytes);
}
