/**
 * The scanner: one pass over a file's text producing plain `Token`s of the types in `tokens.ts`, and
 * the parser's input, one Chevrotain `LogicalLine` token per logical line.
 *
 * It is hand-written rather than a Chevrotain `Lexer` for two measured reasons. GNU make's lexing
 * depends on state a Chevrotain mode stack cannot express: the end of a logical line closes every
 * open reference at once, and whether `#` starts a comment depends on which parenthesis kind is
 * open and on the line's first character. Expressed as custom patterns over the matched tokens,
 * Chevrotain's lexer also loses its first-character optimisation (the `Text` pattern is a
 * complement set) and took 680 ms over the kernel's 2,918 Makefiles; this scanner takes a small
 * fraction of that (see bench/). All state lives in locals of `scan`.
 */
import type { IToken } from 'chevrotain';
import { builtinFunctionNames, keywordTokens, LogicalLine, type Line, type Token, type TokenTypeName } from './tokens.js';

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

/** The keywords of the lines that open, divide or close a block (`define` or a conditional). */
const blockKeyword: ReadonlySet<TokenTypeName> = new Set<TokenTypeName>(['Define', 'Endef', 'Ifdef', 'Ifndef', 'Ifeq', 'Ifneq', 'Else', 'Endif']);

/** Keywords by first character (an ASCII code); each must end at a word boundary. */
const keywords: readonly (readonly (readonly [string, TokenTypeName])[] | undefined)[] = (() => {
  const byChar: (readonly [string, TokenTypeName])[][] = [];
  for (const entry of keywordTokens) (byChar[entry[0].charCodeAt(0)] ??= []).push(entry);
  return Array.from({ length: 128 }, (_, c) => byChar[c]);
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

/**
 * The result of a scan. The lines' tokens and line ends plus the comments tile the text
 * (`allTokens` merges them).
 */
export interface Scanned {
  /** The comments (trivia), in offset order. */
  readonly comments: Token[];
  /** One `LogicalLine` token per logical line, carrying its `Line` (comments left out) as `payload`. */
  readonly lines: IToken[];
  /** Whether some token is a keyword that opens, divides or closes a block: `define`, `endef`, a conditional, `else`, `endif`. */
  readonly blockKeywords: boolean;
}

/** Where `tokenAt` reports the type of the token it found. */
interface Found {
  type: TokenTypeName;
  /** Set once a token is a block keyword (see `Scanned.blockKeywords`). */
  block: boolean;
}

/**
 * Scans `text` into tokens. Total: every character lands in exactly one token.
 *
 * The loop keeps the per-line state and makes every token in one place; `tokenAt` decides where each
 * token ends. Keeping the two apart keeps each function small, so V8 optimises them quickly: a
 * command-line run parses each file once, and most of its time used to go to running this loop
 * unoptimised while one large function was compiled (and recompiled after each deoptimisation).
 */
export function scan(text: string): Scanned {
  const comments: Token[] = [];
  const lines: IToken[] = [];
  // The parser's tokens of the logical line being scanned, and the reference nesting depth before
  // each of them (the parser's classification needs it, and it is known here for free). They are
  // gathered in these two arrays, reused from line to line (`count` entries are the current line's),
  // and copied out at the line's end: an exact copy is half the size of an array grown by pushing.
  const line: Token[] = [];
  const depth: number[] = [];
  let count = 0;
  const n = text.length;
  // Per logical line: the close characters of open references, whether the line is tab-led, whether
  // a `;` was seen outside references (then `#` may be recipe text).
  const open: number[] = [];
  let tabLed = false;
  let semicolon = false;
  let lineStart = true;
  // Whether the previous token opened a reference, so that a function name may follow.
  let afterOpen = false;
  const found: Found = { type: 'Text', block: false };
  let i = 0;
  for (;;) {
    let newline: Token | undefined;
    if (i < n) {
      const end = tokenAt(text, i, found, lineStart, !tabLed && !semicolon && open.length === 0, afterOpen);
      const type = found.type;
      // One object per token, shared by the line and the tree; its fields in the order `tokenize`
      // has always given them, so serialised trees stay the same.
      const token: Token = { type, start: i, end, image: text.slice(i, end) };
      i = end;
      lineStart = false;
      afterOpen = false;
      if (type === 'Comment') {
        comments.push(token);
        continue;
      }
      if (type !== 'Newline') {
        line[count] = token;
        depth[count] = open.length;
        count++;
        const top = open.length > 0 ? open[open.length - 1] : 0;
        switch (type) {
          case 'DollarParen':
            open.push(RPAREN);
            afterOpen = true;
            break;
          case 'DollarBrace':
            open.push(RBRACE);
            afterOpen = true;
            break;
          // Inside a reference, only the parenthesis kind that opened it nests (GNU make expand.c).
          case 'LParen':
            if (top === RPAREN) open.push(RPAREN);
            break;
          case 'LBrace':
            if (top === RBRACE) open.push(RBRACE);
            break;
          case 'RParen':
            if (top === RPAREN) open.pop();
            break;
          case 'RBrace':
            if (top === RBRACE) open.pop();
            break;
          case 'Semicolon':
            if (open.length === 0) semicolon = true;
            break;
          case 'RecipeTab':
            tabLed = true;
            break;
          default:
            break;
        }
        continue;
      }
      newline = token;
    } else if (count === 0) {
      break;
    }
    // The logical line ends, at a line end or at the end of the text. Both take this one path, so
    // that V8's optimised code for the loop has seen it before a file without a final line end.
    depth[count] = open.length;
    lines.push(lineToken(text, line.slice(0, count), newline, depth.slice(0, count + 1)));
    if (newline === undefined) break;
    count = 0;
    // Setting an array's length is a call into V8's runtime; most lines close what they open.
    if (open.length > 0) open.length = 0;
    tabLed = false;
    semicolon = false;
    lineStart = true;
  }
  return { comments, lines, blockKeywords: found.block };
}

/** Every token of a scan in offset order, comments included: the lines' tokens, line ends and comments. */
export function allTokens(lines: readonly IToken[], comments: readonly Token[]): Token[] {
  const out: Token[] = [];
  let c = 0;
  for (const lineToken of lines) {
    const line = lineToken.payload as Line;
    // A comment ends its logical line, so it comes after the line's tokens and before its line end.
    for (const t of line.tokens) out.push(t);
    const end = line.newline?.start ?? Infinity;
    while (c < comments.length && comments[c].start < end) out.push(comments[c++]);
    if (line.newline) out.push(line.newline);
  }
  while (c < comments.length) out.push(comments[c++]);
  return out;
}

/** The parser's token for one logical line. */
function lineToken(text: string, tokens: Token[], newline: Token | undefined, depth: number[]): IToken {
  const first = tokens.length > 0 ? tokens[0] : newline!;
  const last = newline ?? tokens[tokens.length - 1];
  const payload: Line = { tokens, newline, depth };
  return {
    image: text.slice(first.start, last.end), startOffset: first.start, endOffset: last.end - 1,
    tokenType: LogicalLine, tokenTypeIdx: LogicalLine.tokenTypeIdx!, payload,
  } as IToken;
}

/**
 * The end of the token that starts at `i`; its type goes to `found`. `atLineStart`: `i` starts a
 * logical line. `commentAllowed`: a `#` here starts a comment (the line is not tab-led, no `;` was
 * seen, no reference is open). `afterOpen`: the previous token was `$(` or `${`.
 */
function tokenAt(text: string, i: number, found: Found, atLineStart: boolean, commentAllowed: boolean, afterOpen: boolean): number {
  const c = text.charCodeAt(i);
  // Line ends.
  if (c === LF) {
    found.type = 'Newline';
    return i + 1;
  }
  if (c === CR && text.charCodeAt(i + 1) === LF) {
    found.type = 'Newline';
    return i + 2;
  }
  if (afterOpen) {
    const end = functionNameEnd(text, i);
    if (end !== -1) {
      found.type = 'FunctionName';
      return end;
    }
  }
  switch (c) {
    case BACKSLASH: {
      let end = i;
      while (text.charCodeAt(end) === BACKSLASH) end++;
      const run = end - i;
      const after = newlineLength(text, end);
      if (after > 0 || text.charCodeAt(end) === HASH) {
        if (run === 1) {
          found.type = after > 0 ? 'Continuation' : 'EscapedHash';
          return after > 0 ? end + after : end + 1;
        }
        // Backslashes pair up: an odd run leaves its last one to escape what follows.
        found.type = 'Backslashes';
        return run % 2 === 1 ? end - 1 : end;
      }
      found.type = 'Backslashes';
      return end;
    }
    case HASH:
      if (commentAllowed) {
        found.type = 'Comment';
        return commentEnd(text, i);
      }
      found.type = 'Hash';
      return i + 1;
    case TAB:
    case SPACE: {
      if (c === TAB && atLineStart) {
        found.type = 'RecipeTab';
        return i + 1;
      }
      let end = i + 1;
      for (;;) {
        const d = text.charCodeAt(end);
        if (d === SPACE || d === TAB) end++;
        else break;
      }
      found.type = 'Blank';
      return end;
    }
    case DOLLAR: {
      const d = text.charCodeAt(i + 1);
      if (d === LPAREN || d === LBRACE) {
        found.type = d === LPAREN ? 'DollarParen' : 'DollarBrace';
        return i + 2;
      }
      if (d === DOLLAR) {
        found.type = 'DollarDollar';
        return i + 2;
      }
      found.type = 'DollarChar';
      // A lone `$` at a line end (or the end of input) refers to nothing and takes nothing with it.
      if (Number.isNaN(d) || newlineLength(text, i + 1) > 0 || (d === BACKSLASH && newlineLength(text, i + 2) > 0)) return i + 1;
      return i + 2;
    }
    case LPAREN:
      found.type = 'LParen';
      return i + 1;
    case LBRACE:
      found.type = 'LBrace';
      return i + 1;
    case RPAREN:
      found.type = 'RParen';
      return i + 1;
    case RBRACE:
      found.type = 'RBrace';
      return i + 1;
    case 44:
      found.type = 'Comma';
      return i + 1;
    case 59:
      found.type = 'Semicolon';
      return i + 1;
    case 124:
      found.type = 'Pipe';
      return i + 1;
    case 34:
      found.type = 'DoubleQuote';
      return i + 1;
    case 39:
      found.type = 'SingleQuote';
      return i + 1;
    case COLON:
      return colonEnd(text, i, found);
    case EQUALS:
      found.type = 'Equals';
      return i + 1;
    case 43: // +
    case 63: // ?
    case 33: // !
      if (text.charCodeAt(i + 1) === EQUALS) {
        found.type = c === 43 ? 'PlusEquals' : c === 63 ? 'QuestionEquals' : 'BangEquals';
        return i + 2;
      }
      break;
    case 38: // &
      if (text.charCodeAt(i + 1) === COLON) {
        found.type = 'AmpColon';
        return i + 2;
      }
      break;
    default:
      break;
  }
  // Keywords, at any token start; the parser decides whether one is a directive or text.
  const bucket = c < 128 ? keywords[c] : undefined;
  if (bucket !== undefined) {
    for (let k = 0; k < bucket.length; k++) {
      const word = bucket[k][0];
      const type = bucket[k][1];
      if (text.startsWith(word, i) && keywordEnds(text, i + word.length, type !== 'Define' && type !== 'Endef')) {
        found.type = type;
        if (blockKeyword.has(type)) found.block = true;
        return i + word.length;
      }
    }
  }
  found.type = 'Text';
  return textEnd(text, i);
}

/** `:`, `::`, `:=`, `::=` or `:::=` at `i`. */
function colonEnd(text: string, i: number, found: Found): number {
  if (text.charCodeAt(i + 1) === EQUALS) {
    found.type = 'ColonEquals';
    return i + 2;
  }
  if (text.charCodeAt(i + 1) === COLON) {
    if (text.charCodeAt(i + 2) === EQUALS) {
      found.type = 'DoubleColonEquals';
      return i + 3;
    }
    if (text.charCodeAt(i + 2) === COLON && text.charCodeAt(i + 3) === EQUALS) {
      found.type = 'TripleColonEquals';
      return i + 4;
    }
    found.type = 'DoubleColon';
    return i + 2;
  }
  found.type = 'Colon';
  return i + 1;
}

/** A comment runs from `i` to the end of the logical line: backslash-newline continues it. */
function commentEnd(text: string, i: number): number {
  const n = text.length;
  let end = i + 1;
  while (end < n) {
    const d = text.charCodeAt(end);
    if (d === BACKSLASH) {
      const nl = newlineLength(text, end + 1);
      end += nl > 0 ? 1 + nl : 2;
      continue;
    }
    if (newlineLength(text, end) > 0) break;
    end++;
  }
  return end > n ? n : end;
}

/**
 * Characters that end a `Text` run (some only when followed by `=` or `:`, checked separately), as
 * a regular expression: V8 searches with compiled code, where a loop
 * over characters runs in its baseline tier for most of a command-line run (long `Text` runs, such
 * as the paths of a `.cmd` file's dependency lists, are most of what a kbuild rebuild scans).
 */
const stopPattern = /[\r\n$(){},:;=|#\\"'!?+&]/g;

/** Text from `i`: up to the next character another token starts with. It never starts with a blank. */
function textEnd(text: string, i: number): number {
  let end = i + 1;
  for (;;) {
    stopPattern.lastIndex = end;
    const m = stopPattern.exec(text);
    if (m === null) return text.length;
    end = m.index;
    const d = text.charCodeAt(end);
    if ((d === 43 || d === 63 || d === 33) && text.charCodeAt(end + 1) !== EQUALS) { end++; continue; }
    if (d === 38 && text.charCodeAt(end + 1) !== COLON) { end++; continue; }
    if (d === CR && text.charCodeAt(end + 1) !== LF) { end++; continue; }
    return end;
  }
}

/**
 * After `$(` or `${`: the end of a built-in function's name at `i`, when a blank or the line end
 * follows it; otherwise -1.
 */
function functionNameEnd(text: string, i: number): number {
  let end = i;
  for (;;) {
    const d = text.charCodeAt(end);
    if ((d >= 97 && d <= 122) || d === 45) end++;
    else break;
  }
  if (end === i) return -1;
  const d = text.charCodeAt(end);
  const endsWord = d === SPACE || d === TAB || Number.isNaN(d) || newlineLength(text, end) > 0 || (d === BACKSLASH && newlineLength(text, end + 1) > 0);
  return endsWord && builtinFunctionNames.has(text.slice(i, end)) ? end : -1;
}
