/**
 * A fast path for files of plain `NAME=VALUE` lines, comments and empty lines, such as kbuild's
 * generated `include/config/auto.conf` (6,449 lines with Debian's config), which every kbuild make
 * reads. Such a line is always a few kinds of token (the name's `Text`, `Equals`, the value's `Text`,
 * blanks and punctuation, `Newline`), so it is built here from one regular expression match instead
 * of through the scanner and the line builders. A process that reads one external module parses
 * auto.conf once, before V8 has optimised the scanner: there this path takes about 10 ms where the
 * general one took about 30 (ARCHITECTURE.md, Performance).
 *
 * The tree is exactly the one `parse` builds otherwise, property by property and in the same key
 * order (test/parser/properties.spec.ts, and the corpus test over auto.conf); every line this path
 * is not sure of sends the whole file back to the general path.
 */
import type { SourceFile } from '../base/index.js';
import { keywordTokens, type Token } from '../lexer/index.js';
import type { MakefileNode, Statement } from './cst.js';

/**
 * One line this path takes: a name of word characters, `=`, and a value with none of the
 * characters that start a reference, a comment, a quote or a rule, nor `+=`, `?=`, `!=`, a tab or
 * a line end (`valueTokens` splits what is left); or a comment without a backslash (which could
 * continue it); or nothing.
 */
const simpleLine = /(?:([A-Za-z0-9_]+)=([^$:;|#\\"'{}\t\r\n]*)|(#[^\\\r\n]*)|)\n/y;

/** In a value: `+=`, `?=` and `!=` are operators to the scanner (`+`, `?`, `!` and `&` alone are text). */
const operator = /[+?!]=/;

/** The value characters that are tokens of their own (`LParen`, `RParen`, `Comma`, `Equals`). */
const punctuation: Readonly<Record<string, string>> = { '(': 'LParen', ')': 'RParen', ',': 'Comma', '=': 'Equals' };

/**
 * The scanner's keywords (`keywordTokens`). One is a token of its own where a token starts with it
 * and a blank or the line's end follows (`X=(include y)`), so a `Text` that is one or starts with
 * one and a blank sends the line the general way (and a name that is one too). The words are
 * letters and `-`, nothing a regular expression reads otherwise.
 */
const keyword = new RegExp(`^(?:${keywordTokens.map(([word]) => word).join('|')})(?: |$)`);

/**
 * The tokens of a value at `start`, as the scanner makes them: punctuation, a `Blank` for the blanks
 * that follow one, and `Text` for the rest (blanks inside and at the end included); undefined where
 * a token would start with a keyword.
 */
function valueTokens(value: string, start: number): Token[] | undefined {
  const parts: Token[] = [];
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    const type = punctuation[c];
    if (type !== undefined) {
      parts.push({ type, start: start + i, end: start + i + 1, image: c });
      i++;
      continue;
    }
    let end = i;
    if (c === ' ') {
      while (value[end] === ' ') end++;
      parts.push({ type: 'Blank', start: start + i, end: start + end, image: value.slice(i, end) });
      i = end;
      continue;
    }
    while (end < value.length && punctuation[value[end]] === undefined) end++;
    const image = value.slice(i, end);
    if (keyword.test(image)) return undefined;
    parts.push({ type: 'Text', start: start + i, end: start + end, image });
    i = end;
  }
  return parts;
}

/**
 * The tree of `file` when every line of it is simple (see `simpleLine`), else undefined. A file
 * that is not UTF-8, holds a NUL or a carriage return, or does not end with a line end is left to
 * the general path (the diagnostics and line ends it would need are that path's).
 */
export function simpleAssignments(file: SourceFile): MakefileNode | undefined {
  const text = file.text;
  if (file.encoding !== 'utf-8' || text.length === 0 || text.charCodeAt(text.length - 1) !== 10 || text.includes('\0') || text.includes('\r')) return undefined;
  const statements: Statement[] = [];
  const comments: Token[] = [];
  let at = 0;
  while (at < text.length) {
    simpleLine.lastIndex = at;
    const m = simpleLine.exec(text);
    if (m === null) return undefined;
    const end = simpleLine.lastIndex;
    const nl = end - 1;
    const newline: Token = { type: 'Newline', start: nl, end, image: '\n' };
    const name = m[1];
    if (name !== undefined) {
      const value = m[2];
      if (keyword.test(name) || value.startsWith(' ') || operator.test(value)) return undefined;
      const eq = at + name.length;
      const op: Token = { type: 'Equals', start: eq, end: eq + 1, image: '=' };
      const nameToken: Token = { type: 'Text', start: at, end: eq, image: name };
      const valueParts = valueTokens(value, eq + 1);
      if (valueParts === undefined) return undefined;
      statements.push({
        kind: 'Assignment', start: at, end, indent: [], modifiers: [],
        name: { kind: 'Expr', start: at, end: eq, parts: [nameToken] },
        op,
        value: { kind: 'Expr', start: eq + 1, end: nl, parts: valueParts },
        comment: [], newline,
      });
    } else {
      const comment = m[3];
      if (comment !== undefined) comments.push({ type: 'Comment', start: at, end: nl, image: comment });
      statements.push({ kind: 'BlankLine', start: nl, end, tokens: [], comment: [], newline });
    }
    at = end;
  }
  return { kind: 'Makefile', file: file.path, start: 0, end: text.length, statements, trivia: comments, unknown: [] };
}
