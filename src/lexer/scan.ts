/**
 * The scanner: one pass over a file's text producing Chevrotain tokens of the types in `tokens.ts`.
 *
 * It is hand-written rather than a Chevrotain `Lexer` for two measured reasons. GNU make's lexing
 * depends on state a Chevrotain mode stack cannot express: the end of a logical line closes every
 * open reference at once, and whether `#` starts a comment depends on which parenthesis kind is
 * open and on the line's first character. Expressed as custom patterns over the matched tokens,
 * Chevrotain's lexer also loses its first-character optimisation (the `Text` pattern is a
 * complement set) and took 680 ms over the kernel's 2,918 Makefiles; this scanner takes a small
 * fraction of that (see bench/). All state lives in locals of `scan`.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const BACKSLASH = 92;
const HASH = 35;
const DOLLAR = 36;
const LPAREN = 40;
const RPAREN = 41;
const LBRACE = 123;
const RBRACE = 125;
const COLON = 58;
const EQUALS = 61;

/** Characters that end a `Text` run (some only when followed by `=` or `:`, checked separately). */
const stops = new Uint8Array(128);
for (const c of '\r\n$(){},:;=|#\\"\'!?+&') stops[c.charCodeAt(0)] = 1;

/** Keywords by first character; each must end at a word boundary. */
const keywords: ReadonlyMap<number, readonly (readonly [string, TokenType])[]> = (() => {
  const list: (readonly [string, TokenType])[] = [
    ['define', T.Define], ['endef', T.Endef], ['undefine', T.Undefine], ['ifdef', T.Ifdef], ['ifndef', T.Ifndef],
    ['ifeq', T.Ifeq], ['ifneq', T.Ifneq], ['else', T.Else], ['endif', T.Endif], ['include', T.Include],
    ['-include', T.DashInclude], ['sinclude', T.Sinclude], ['override', T.Override], ['export', T.Export],
    ['unexport', T.Unexport], ['private', T.Private], ['vpath', T.Vpath], ['load', T.Load], ['-load', T.DashLoad],
  ];
  const map = new Map<number, (readonly [string, TokenType])[]>();
  for (const entry of list) {
    const c = entry[0].charCodeAt(0);
    const bucket = map.get(c) ?? [];
    bucket.push(entry);
    map.set(c, bucket);
  }
  return map;
})();

function newlineLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === LF) return 1;
  if (c === CR && text.charCodeAt(i + 1) === LF) return 2;
  return 0;
}

/**
 * Whether a keyword ending at `i` ends a word: a blank, a line end, a continuation or the end of
 * input follows. All but `define` and `endef` may also be followed by `#` (`endif#x` is `endif`
 * to GNU make; `endef#x` is not `endef` to its define reader).
 */
function keywordEnds(text: string, i: number, allowHash: boolean): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  if (c === SPACE || c === TAB || newlineLength(text, i) > 0) return true;
  if (c === HASH) return allowHash;
  return c === BACKSLASH && newlineLength(text, i + 1) > 0;
}

/** The result of a scan: the tokens the parser reads, and the comments (trivia). */
export interface Scanned {
  readonly tokens: IToken[];
  readonly comments: IToken[];
}

/** Scans `text` into tokens. Total: every character lands in exactly one token. */
export function scan(text: string): Scanned {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const n = text.length;
  // Per logical line: the close types of open references, whether the line is tab-led, whether a
  // `;` was seen outside references (then `#` may be recipe text).
  const open: number[] = [];
  let tabLed = false;
  let semicolon = false;
  let lineStart = true;
  let i = 0;
  const push = (type: TokenType, end: number): void => {
    tokens.push({
      image: text.slice(i, end), startOffset: i, endOffset: end - 1, tokenType: type, tokenTypeIdx: type.tokenTypeIdx!,
    } as IToken);
    i = end;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    const atLineStart = lineStart;
    lineStart = false;
    // Line ends.
    const nl = newlineLength(text, i);
    if (nl > 0) {
      push(T.Newline, i + nl);
      open.length = 0;
      tabLed = false;
      semicolon = false;
      lineStart = true;
      continue;
    }
    switch (c) {
      case BACKSLASH: {
        let end = i;
        while (text.charCodeAt(end) === BACKSLASH) end++;
        const run = end - i;
        const after = newlineLength(text, end);
        if (after > 0 || text.charCodeAt(end) === HASH) {
          if (run === 1) {
            if (after > 0) push(T.Continuation, end + after);
            else push(T.EscapedHash, end + 1);
          } else {
            // Backslashes pair up: an odd run leaves its last one to escape what follows.
            push(T.Backslashes, run % 2 === 1 ? end - 1 : end);
          }
        } else {
          push(T.Backslashes, end);
        }
        continue;
      }
      case HASH: {
        if (!tabLed && !semicolon && open.length === 0) {
          // A comment runs to the end of the logical line: backslash-newline continues it.
          let end = i + 1;
          while (end < n) {
            const d = text.charCodeAt(end);
            if (d === BACKSLASH) {
              const nl2 = newlineLength(text, end + 1);
              end += nl2 > 0 ? 1 + nl2 : 2;
              continue;
            }
            if (newlineLength(text, end) > 0) break;
            end++;
          }
          if (end > n) end = n;
          comments.push({ image: text.slice(i, end), startOffset: i, endOffset: end - 1, tokenType: T.Comment, tokenTypeIdx: T.Comment.tokenTypeIdx! } as IToken);
          i = end;
        } else {
          push(T.Hash, i + 1);
        }
        continue;
      }
      case TAB:
      case SPACE: {
        if (c === TAB && atLineStart) {
          tabLed = true;
          push(T.RecipeTab, i + 1);
          continue;
        }
        let end = i + 1;
        for (;;) {
          const d = text.charCodeAt(end);
          if (d === SPACE || d === TAB) end++;
          else break;
        }
        push(T.Blank, end);
        continue;
      }
      case DOLLAR: {
        const d = text.charCodeAt(i + 1);
        if (d === LPAREN || d === LBRACE) {
          push(d === LPAREN ? T.DollarParen : T.DollarBrace, i + 2);
          open.push(d === LPAREN ? RPAREN : RBRACE);
          scanFunctionName();
        } else if (d === DOLLAR) {
          push(T.DollarDollar, i + 2);
        } else if (Number.isNaN(d) || newlineLength(text, i + 1) > 0 || (d === BACKSLASH && newlineLength(text, i + 2) > 0)) {
          push(T.DollarChar, i + 1);
        } else {
          push(T.DollarChar, i + 2);
        }
        continue;
      }
      case LPAREN:
      case LBRACE: {
        const close = c === LPAREN ? RPAREN : RBRACE;
        // Inside a reference, only the parenthesis kind that opened it nests (GNU make expand.c).
        if (open.length > 0 && open[open.length - 1] === close) open.push(close);
        push(c === LPAREN ? T.LParen : T.LBrace, i + 1);
        continue;
      }
      case RPAREN:
      case RBRACE: {
        if (open.length > 0 && open[open.length - 1] === c) open.pop();
        push(c === RPAREN ? T.RParen : T.RBrace, i + 1);
        continue;
      }
      case 44: push(T.Comma, i + 1); continue;
      case 59:
        if (open.length === 0) semicolon = true;
        push(T.Semicolon, i + 1);
        continue;
      case 124: push(T.Pipe, i + 1); continue;
      case 34: push(T.DoubleQuote, i + 1); continue;
      case 39: push(T.SingleQuote, i + 1); continue;
      case COLON: {
        if (text.charCodeAt(i + 1) === EQUALS) push(T.ColonEquals, i + 2);
        else if (text.charCodeAt(i + 1) === COLON) {
          if (text.charCodeAt(i + 2) === EQUALS) push(T.DoubleColonEquals, i + 3);
          else if (text.charCodeAt(i + 2) === COLON && text.charCodeAt(i + 3) === EQUALS) push(T.TripleColonEquals, i + 4);
          else push(T.DoubleColon, i + 2);
        } else push(T.Colon, i + 1);
        continue;
      }
      case EQUALS: push(T.Equals, i + 1); continue;
      case 43: // +
      case 63: // ?
      case 33: // !
        if (text.charCodeAt(i + 1) === EQUALS) {
          push(c === 43 ? T.PlusEquals : c === 63 ? T.QuestionEquals : T.BangEquals, i + 2);
          continue;
        }
        break;
      case 38: // &
        if (text.charCodeAt(i + 1) === COLON) {
          push(T.AmpColon, i + 2);
          continue;
        }
        break;
      default:
        break;
    }
    // Keywords, at any token start; the parser decides whether one is a directive or text.
    const bucket = keywords.get(c);
    if (bucket !== undefined) {
      let matched = false;
      for (const [word, type] of bucket) {
        if (text.startsWith(word, i) && keywordEnds(text, i + word.length, type !== T.Define && type !== T.Endef)) {
          push(type, i + word.length);
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    // Text: up to the next character another token starts with. It never starts with a blank.
    let end = i + 1;
    while (end < n) {
      const d = text.charCodeAt(end);
      if (d < 128 && stops[d] === 1) {
        if ((d === 43 || d === 63 || d === 33) && text.charCodeAt(end + 1) !== EQUALS) { end++; continue; }
        if (d === 38 && text.charCodeAt(end + 1) !== COLON) { end++; continue; }
        if (d === CR && text.charCodeAt(end + 1) !== LF) { end++; continue; }
        break;
      }
      end++;
    }
    push(T.Text, end);
  }
  return { tokens, comments };

  /** After `$(` or `${`: a built-in function's name, when a blank or the line end follows it. */
  function scanFunctionName(): void {
    let end = i;
    for (;;) {
      const d = text.charCodeAt(end);
      if ((d >= 97 && d <= 122) || d === 45) end++;
      else break;
    }
    if (end === i) return;
    const d = text.charCodeAt(end);
    const endsWord = d === SPACE || d === TAB || Number.isNaN(d) || newlineLength(text, end) > 0 || (d === BACKSLASH && newlineLength(text, end + 1) > 0);
    if (endsWord && T.builtinFunctionNames.has(text.slice(i, end))) push(T.FunctionName, end);
  }
}
