/** Text functions: subst, patsubst, strip, findstring, filter, filter-out, sort, word, wordlist, words, firstword, lastword, join. */
import { splitWords, mapWords } from '../expand.js';
import { expanding, fatal, numeric } from './args.js';
import type { MakeFunction } from './index.js';

/**
 * A `%` pattern as GNU make's `find_percent` reads it: backslashes before a `%` pair up and quote
 * it; the first unquoted `%` splits the pattern. `suffix` is undefined when there is no wildcard,
 * and `prefix` is then the whole pattern with its quoting removed.
 */
export interface Pattern {
  readonly prefix: string;
  readonly suffix: string | undefined;
}

/** Reads a pattern (see `Pattern`). */
export function parsePattern(pattern: string): Pattern {
  if (pattern.indexOf('%') === -1) return { prefix: pattern, suffix: undefined };
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      let j = i;
      while (j < pattern.length && pattern[j] === '\\') j++;
      if (pattern[j] !== '%') {
        out += pattern.slice(i, j);
        i = j - 1;
        continue;
      }
      const n = j - i;
      out += '\\'.repeat(n >> 1);
      if (n % 2 === 1) {
        out += '%';
        i = j;
        continue;
      }
      return { prefix: out, suffix: pattern.slice(j + 1) };
    }
    if (c === '%') return { prefix: out, suffix: pattern.slice(i + 1) };
    out += c;
  }
  return { prefix: out, suffix: undefined };
}

/** Whether `word` matches a pattern. */
export function matches(word: string, p: Pattern): boolean {
  if (p.suffix === undefined) return word === p.prefix;
  return word.length >= p.prefix.length + p.suffix.length && word.startsWith(p.prefix) && word.endsWith(p.suffix);
}

/** One word of `patsubst`: the replacement (with the stem for its `%`) when the word matches. */
export function patsubstWord(word: string, p: Pattern, r: Pattern): string {
  if (!matches(word, p)) return word;
  if (r.suffix === undefined || p.suffix === undefined) return r.prefix;
  return r.prefix + word.slice(p.prefix.length, word.length - p.suffix.length) + r.suffix;
}

function patsubst(pattern: string, replacement: string, text: string): string {
  const p = parsePattern(pattern);
  const r = parsePattern(replacement);
  return mapWords(text, (w) => patsubstWord(w, p, r));
}

function filterWords(patterns: string, text: string, keep: boolean): string {
  const ps = splitWords(patterns).map(parsePattern);
  const out: string[] = [];
  for (const w of splitWords(text)) {
    const hit = ps.some((p) => matches(w, p));
    if (hit === keep) out.push(w);
  }
  return out.join(' ');
}

export const textFunctions: readonly MakeFunction[] = [
  expanding('subst', 3, 3, (_ctx, [from, to, text]) => {
    // An empty search string appends the replacement (GNU make subst_expand).
    if (from === '') return text + to;
    return text.split(from).join(to);
  }),
  expanding('patsubst', 3, 3, (_ctx, [pattern, replacement, text]) => patsubst(pattern, replacement, text)),
  expanding('strip', 1, 1, (_ctx, [text]) => splitWords(text).join(' ')),
  expanding('findstring', 2, 2, (_ctx, [find, text]) => (text.includes(find) ? find : '')),
  expanding('filter', 2, 2, (_ctx, [patterns, text]) => filterWords(patterns, text, true)),
  expanding('filter-out', 2, 2, (_ctx, [patterns, text]) => filterWords(patterns, text, false)),
  expanding('sort', 1, 1, (_ctx, [text]) => {
    const words = [...new Set(splitWords(text))];
    words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return words.join(' ');
  }),
  expanding('word', 2, 2, (ctx, [n, text]) => {
    const i = numeric(ctx, n, "non-numeric first argument to 'word' function");
    if (i === 0) fatal(ctx, "first argument to 'word' function must be greater than 0");
    return splitWords(text)[i - 1] ?? '';
  }),
  expanding('wordlist', 3, 3, (ctx, [s, e, text]) => {
    const start = numeric(ctx, s, "non-numeric first argument to 'wordlist' function");
    const end = numeric(ctx, e, "non-numeric second argument to 'wordlist' function");
    if (start < 1) fatal(ctx, `invalid first argument to 'wordlist' function: '${start}'`);
    return splitWords(text).slice(start - 1, end).join(' ');
  }),
  expanding('words', 1, 1, (_ctx, [text]) => String(splitWords(text).length)),
  expanding('firstword', 1, 1, (_ctx, [text]) => splitWords(text)[0] ?? ''),
  expanding('lastword', 1, 1, (_ctx, [text]) => {
    const w = splitWords(text);
    return w.length > 0 ? w[w.length - 1] : '';
  }),
  expanding('join', 2, 2, (_ctx, [a, b]) => {
    const x = splitWords(a);
    const y = splitWords(b);
    const out: string[] = [];
    for (let i = 0; i < Math.max(x.length, y.length); i++) out.push((x[i] ?? '') + (y[i] ?? ''));
    return out.join(' ');
  }),
];

