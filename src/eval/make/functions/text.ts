/** Text functions: subst, patsubst, strip, findstring, filter, filter-out, sort, word, wordlist, words, firstword, lastword, join. */
import { splitWords } from '../expand.js';
import { expanding, fatal, isSpace, isSpaceCode, numeric, strip } from './args.js';
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

/** The text `find_percent` leaves of a pattern: quoting before the first `%` removed. */
function unquotedPattern(p: Pattern): string {
  return p.suffix === undefined ? p.prefix : `${p.prefix}%${p.suffix}`;
}

/**
 * `$(patsubst)` as GNU make's `patsubst_expand_pat` does it. Without a `%` in the pattern it is
 * a whole-word `subst` that keeps the text's whitespace, and a `%` in the replacement stays as
 * it is. With one, words are rejoined by single spaces; a word replaced by nothing still takes its
 * space when the replacement has a `%` (`$(patsubst a%,%,a b)` is ` b`), and only the very last
 * space is dropped.
 */
export function patsubstText(text: string, p: Pattern, r: Pattern): string {
  if (p.suffix === undefined) return substWords(text, p.prefix, unquotedPattern(r));
  let out = '';
  let spaced = false;
  for (const w of splitWords(text)) {
    const hit = matches(w, p);
    out += hit ? patsubstWord(w, p, r) : w;
    if (!hit || r.prefix !== '' || r.suffix !== undefined) {
      out += ' ';
      spaced = true;
    }
  }
  return spaced ? out.slice(0, -1) : out;
}

/**
 * GNU make's `subst_expand` by words: `from` is replaced where it is a whole word, and all other
 * text, whitespace included, is kept. An empty `from` matches at the end of the text when that
 * is not the end of a word (so `$(patsubst ,x,)` is `x`).
 */
function substWords(text: string, from: string, to: string): string {
  let out = '';
  let t = 0;
  do {
    let p: number;
    if (from === '') {
      p = t;
      while (p < text.length && isSpace(text[p])) p++;
      while (p < text.length && !isSpace(text[p])) p++;
    } else {
      p = text.indexOf(from, t);
      if (p === -1) return out + text.slice(t);
    }
    out += text.slice(t, p);
    const end = p + from.length;
    const whole = (p === 0 || isSpace(text[p - 1])) && (end >= text.length || isSpace(text[end]));
    out += whole ? to : from;
    t = end;
  } while (t < text.length);
  return out;
}

function patsubst(pattern: string, replacement: string, text: string): string {
  return patsubstText(text, parsePattern(pattern), parsePattern(replacement));
}

/**
 * `$(wordlist s,e,text)`: the text from the start of word `s` to the end of word `e` (or of the
 * last word), with the whitespace between the words kept (GNU make func_wordlist).
 */
function wordlist(start: number, end: number, text: string): string {
  if (end < start) return '';
  let from = -1;
  let to = -1;
  let n = 0;
  for (const m of text.matchAll(/[^ \t\n\r\f\v]+/g)) {
    n++;
    if (n === start) from = m.index;
    if (n >= start) to = m.index + m[0].length;
    if (n === end) break;
  }
  return from === -1 ? '' : text.slice(from, to);
}

/**
 * The last few filterings of long texts, newest first. `filter` is a pure function of its text
 * arguments, and kbuild filters the same long flag lists once or twice for every object of a
 * directory (`_c_flags`): the same arguments give the same words without splitting them again.
 */
const recentFilters: { patterns: string; text: string; keep: boolean; result: string }[] = [];
const longText = 512;

function filterWords(patterns: string, text: string, keep: boolean): string {
  if (text.length < longText) return filterWordsOnce(patterns, text, keep);
  for (let i = 0; i < recentFilters.length; i++) {
    const r = recentFilters[i];
    if (r.keep === keep && r.text === text && r.patterns === patterns) return r.result;
  }
  const result = filterWordsOnce(patterns, text, keep);
  recentFilters.unshift({ patterns, text, keep, result });
  if (recentFilters.length > 4) recentFilters.pop();
  return result;
}

function filterWordsOnce(patterns: string, text: string, keep: boolean): string {
  const ps = splitWords(patterns).map(parsePattern);
  // No pattern: `filter` keeps nothing, `filter-out` every word.
  if (ps.length === 0) return keep ? '' : joinWords(text);
  if (keep && ps.length === 1 && ps[0].suffix === undefined) return wholeWords(ps[0].prefix, text);
  // Whole-word patterns are looked up at once; `%` patterns are tried in turn.
  const exact = new Set<string>();
  const wild: Pattern[] = [];
  for (const p of ps) {
    if (p.suffix === undefined) exact.add(p.prefix);
    else wild.push(p);
  }
  const out: string[] = [];
  for (const w of splitWords(text)) {
    let hit = exact.has(w);
    for (let i = 0; !hit && i < wild.length; i++) hit = matches(w, wild[i]);
    if (hit === keep) out.push(w);
  }
  return out.join(' ');
}

/**
 * `$(filter WORD,text)`: each whole-word occurrence of `word` (never empty), found without
 * splitting the text (kbuild filters one object's name out of long member lists for each object).
 */
function wholeWords(word: string, text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const i = text.indexOf(word, from);
    if (i === -1) return out;
    const end = i + word.length;
    if ((i === 0 || isSpaceCode(text.charCodeAt(i - 1))) && (end === text.length || isSpaceCode(text.charCodeAt(end)))) {
      out = out === '' ? word : `${out} ${word}`;
      from = end;
    } else from = i + 1;
  }
}

/**
 * The words of `text` joined by single spaces (`$(strip)`): the text itself when it is that
 * already, which a scan finds without splitting it; else its blanks trimmed and each other run of
 * them made one space.
 */
export function joinWords(text: string): string {
  const n = text.length;
  let previousSpace = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previousSpace) return normalizeBlanks(text);
      previousSpace = true;
    } else if (c >= 9 && c <= 13) return normalizeBlanks(text);
    else previousSpace = false;
  }
  return previousSpace && n > 0 ? normalizeBlanks(text) : text;
}

const blankRun = /[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]/g;

function normalizeBlanks(text: string): string {
  return strip(text).replace(blankRun, ' ');
}

export const textFunctions: readonly MakeFunction[] = [
  expanding('subst', 3, 3, (_ctx, [from, to, text]) => {
    // An empty search string appends the replacement (GNU make subst_expand).
    if (from === '') return text + to;
    return text.split(from).join(to);
  }),
  expanding('patsubst', 3, 3, (_ctx, [pattern, replacement, text]) => patsubst(pattern, replacement, text)),
  expanding('strip', 1, 1, (_ctx, [text]) => joinWords(text)),
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
    return wordlist(start, end, text);
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

