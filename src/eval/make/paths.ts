/** Paths as GNU make treats them: `abspath` normalisation and `wildcard` globbing through the `Host`. */
import type { MakeContext } from './context.js';
import { valueOf } from './expand.js';

/** A path with a `.` or `..` component, a doubled slash or a trailing slash. */
const untidy = /(^|\/)\.\.?(\/|$)|\/\/|.\/$/;

/** Makes `path` absolute against `cwd` and removes `.`, `..` and repeated slashes (GNU make abspath). */
export function resolvePath(cwd: string, path: string): string {
  // Most names are already clean (no `.`, `..`, `//` or trailing slash): then joining is enough.
  if (!untidy.test(path)) {
    if (path.startsWith('/')) return path;
    if (path !== '' && cwd.startsWith('/') && !untidy.test(cwd)) return cwd === '/' ? `/${path}` : `${cwd}/${path}`;
  }
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/**
 * The words of a `$(wildcard)` argument, as GNU make's `parse_file_seq` finds them: leading
 * whitespace (newlines too) is skipped, and a word ends at the next space or tab. A run of
 * backslashes before a blank is halved; when the run was odd, the blank belongs to the word
 * (`sp\ ace.c` is one name). Other backslashes stay for glob(3), which reads them as quoting.
 */
export function wildcardWords(text: string): string[] {
  // Without backslashes a word is a non-blank and what follows up to a space or tab.
  if (!text.includes('\\')) return text.match(/[^ \t\n\r\f\v][^ \t]*/g) ?? [];
  const words: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && /[ \t\n\r\f\v]/.test(text[i])) i++;
    if (i >= n) return words;
    let word = '';
    for (;;) {
      let blank = i;
      while (blank < n && text[blank] !== ' ' && text[blank] !== '\t') blank++;
      if (blank >= n) {
        word += text.slice(i);
        i = n;
        break;
      }
      let run = blank;
      while (run > i && text[run - 1] === '\\') run--;
      const backslashes = blank - run;
      word += text.slice(i, run) + '\\'.repeat(backslashes >> 1);
      if (backslashes % 2 === 0) {
        i = blank;
        break;
      }
      word += text[blank];
      i = blank + 1;
    }
    words.push(word);
  }
}

/**
 * `$(wildcard text)`: each word after tilde expansion, globbed; a word's matches come sorted,
 * words stay in their order and duplicates stay (GNU make's `string_glob` over glob(3)).
 */
export function wildcard(ctx: MakeContext, text: string): string[] {
  return wildcardWords(text).flatMap((w) => glob(ctx, expandTilde(ctx, w)));
}

/**
 * GNU make's `tilde_expand` for `~` and `~/...`: the home directory is `$(HOME)` as the makefile
 * sees it, else the environment's. `~user` needs the password database, which the `Host` does
 * not offer, so such words stay as they are.
 */
function expandTilde(ctx: MakeContext, word: string): string {
  if (!word.startsWith('~') || (word.length > 1 && word[1] !== '/')) return word;
  const home = valueOf(ctx, 'HOME') || ctx.options.env.get('HOME') || '';
  return home === '' ? word : home + word.slice(1);
}

/**
 * Expands one glob pattern through the host as glibc's glob(3) does for GNU make: names that
 * match, sorted in byte order, or nothing. A pattern without wildcards gives its unquoted self
 * when something (even a dangling symbolic link) is there.
 */
export function glob(ctx: MakeContext, pattern: string): string[] {
  return globUnsorted(ctx, pattern, false).sort(compareCodePoints);
}

/**
 * glob(3)'s recursion: a pattern ending in `/` matches what the pattern before the slashes
 * matches, directories marked with a `/` (glibc's `GLOB_MARK`); with wildcards, only directories
 * are kept. Otherwise the directory part is expanded first (directories only) and the last
 * component is matched in each. `onlyDirectories` is glibc's `GLOB_ONLYDIR`.
 */
function globUnsorted(ctx: MakeContext, pattern: string, onlyDirectories: boolean): string[] {
  if (pattern.length > 1 && pattern.endsWith('/')) {
    let base = pattern;
    while (base.length > 1 && base.endsWith('/')) base = base.slice(0, -1);
    const magic = isMagic(base);
    const found = globUnsorted(ctx, base, onlyDirectories || magic);
    return found.map((p) => (p.endsWith('/') || !isDirectory(ctx, p) ? p : `${p}/`));
  }
  const slash = pattern.lastIndexOf('/');
  const filename = pattern.slice(slash + 1);
  let directories: string[];
  if (slash === -1) directories = [''];
  else {
    const dirname = slash === 0 ? '/' : pattern.slice(0, slash);
    directories = isMagic(dirname) ? globUnsorted(ctx, dirname, true) : [unescape(dirname)];
  }
  const out: string[] = [];
  for (const dir of directories) {
    for (const name of matchInDirectory(ctx, dir, filename, onlyDirectories)) out.push(joinPath(dir, name));
  }
  return out;
}

/** The names in `dir` (relative to make's directory when not absolute) that `filename` matches. */
function matchInDirectory(ctx: MakeContext, dir: string, filename: string, onlyDirectories: boolean): string[] {
  const host = ctx.options.host;
  if (!isMagic(filename)) {
    const name = unescape(filename);
    const path = joinPath(dir, name);
    const abs = absolute(ctx, path);
    if ((host.lstat !== undefined ? host.lstat(abs) : host.stat(abs)) === undefined) return [];
    return !onlyDirectories || isDirectory(ctx, path) ? [name] : [];
  }
  const listed = absolute(ctx, dir === '' ? '.' : dir);
  const names = host.readDirectory(listed);
  if (names === undefined) return [];
  ctx.reads.push(listed);
  const re = globToRegExp(filename);
  // readdir(3) lists `.` and `..`, so a pattern with an explicit leading period matches them.
  const hidden = filename.startsWith('.') || filename.startsWith('\\.');
  const candidates = hidden ? ['.', '..', ...names] : names;
  return candidates.filter(
    (n) => re.test(n) && (hidden || !n.startsWith('.')) && (!onlyDirectories || isDirectory(ctx, joinPath(dir, n))),
  );
}

function joinPath(dir: string, name: string): string {
  if (dir === '') return name;
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function absolute(ctx: MakeContext, path: string): string {
  return path.startsWith('/') ? path : `${ctx.options.cwd}/${path}`;
}

function isDirectory(ctx: MakeContext, path: string): boolean {
  return ctx.options.host.stat(absolute(ctx, path))?.kind === 'directory';
}

/**
 * Whether glob(3) treats `s` as a pattern (glibc `__glob_pattern_type`): an unquoted `*` or `?`,
 * or a `[` followed somewhere by `]`. A backslash quotes the next character.
 */
function isMagic(s: string): boolean {
  // Most words are plain paths: one compiled search instead of a loop over their characters.
  if (!/[*?[]/.test(s)) return false;
  let bracket = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
    else if (c === '[') bracket = true;
    else if (c === ']' && bracket) return true;
  }
  return false;
}

/** Removes glob(3)'s backslash quoting; a backslash at the very end stays. */
function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/gs, '$1');
}

/** The JavaScript regular expression text for one literal character. */
function literal(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** POSIX character classes in the C locale. */
const characterClasses: ReadonlyMap<string, string> = new Map([
  ['alnum', '0-9A-Za-z'],
  ['alpha', 'A-Za-z'],
  ['blank', ' \\t'],
  ['cntrl', '\\x00-\\x1f\\x7f'],
  ['digit', '0-9'],
  ['graph', '\\x21-\\x7e'],
  ['lower', 'a-z'],
  ['print', '\\x20-\\x7e'],
  ['punct', '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e'],
  ['space', ' \\t\\n\\v\\f\\r'],
  ['upper', 'A-Z'],
  ['xdigit', '0-9A-Fa-f'],
]);

/**
 * Reads a bracket expression starting at `pattern[start] === '['` as fnmatch(3) does: `!` or `^`
 * negates, a leading `]` is literal, `[:class:]` names a class, `a-z` is a range and a backslash
 * quotes. Returns the regular expression and the index after `]`, or undefined when it never
 * closes (the `[` is then literal).
 */
function bracket(pattern: string, start: number): { re: string; next: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < pattern.length) {
    let c = pattern[i];
    if (c === ']' && !first) return { re: `[${negate ? '^' : ''}${body}]`, next: i + 1 };
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      const cls = close === -1 ? undefined : characterClasses.get(pattern.slice(i + 2, close));
      if (cls !== undefined) {
        body += cls;
        i = close + 2;
        continue;
      }
    }
    if (c === '\\' && i + 1 < pattern.length) c = pattern[++i];
    i++;
    if (pattern[i] === '-' && i + 1 < pattern.length && pattern[i + 1] !== ']') {
      let hi = pattern[i + 1];
      i += 2;
      if (hi === '\\' && i < pattern.length) hi = pattern[i++];
      // A range whose ends are out of order matches nothing (glibc fnmatch).
      if (c <= hi) body += `${literal(c)}-${literal(hi)}`;
    } else body += literal(c);
  }
  return undefined;
}

/** Compiles one path component's pattern; names never hold `/`. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const b = bracket(pattern, i);
      if (b === undefined) re += literal(c);
      else {
        re += b.re;
        i = b.next - 1;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += literal(pattern[++i]);
    else re += literal(c);
  }
  return new RegExp(`^${re}$`, 's');
}

/** Byte order of the UTF-8 encodings, which is code point order: glob(3) sorts with strcoll in the C locale. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
