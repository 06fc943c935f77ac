/**
 * The lexer's vocabulary: the plain `Token` and its type names, the logical `Line`, and the Chevrotain
 * token types the statement parser reads (one token per logical line).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** GNU make 4.4's built-in function names; a word after `$(` is a function call only if listed here. */
export const builtinFunctionNames: ReadonlySet<string> = new Set([
  'abspath', 'addprefix', 'addsuffix', 'and', 'basename', 'call', 'dir', 'error', 'eval', 'file',
  'filter', 'filter-out', 'findstring', 'firstword', 'flavor', 'foreach', 'guile', 'if', 'info',
  'intcmp', 'join', 'lastword', 'let', 'load', 'notdir', 'or', 'origin', 'patsubst', 'realpath',
  'shell', 'sort', 'strip', 'subst', 'suffix', 'value', 'warning', 'wildcard', 'word', 'wordlist',
  'words',
]);

/**
 * The directive keywords with their token types. The scanner makes one a token of its own wherever
 * a token starts with it and a word boundary follows; whether it is a directive is the parser's call.
 */
export const keywordTokens: readonly (readonly [string, TokenTypeName])[] = [
  ['define', 'Define'], ['endef', 'Endef'], ['undefine', 'Undefine'], ['ifdef', 'Ifdef'], ['ifndef', 'Ifndef'],
  ['ifeq', 'Ifeq'], ['ifneq', 'Ifneq'], ['else', 'Else'], ['endif', 'Endif'], ['include', 'Include'],
  ['-include', 'DashInclude'], ['sinclude', 'Sinclude'], ['override', 'Override'], ['export', 'Export'],
  ['unexport', 'Unexport'], ['private', 'Private'], ['vpath', 'Vpath'], ['load', 'Load'], ['-load', 'DashLoad'],
];

/**
 * The type of a `Token`, by name. Keywords are found at any token start; whether one is a directive
 * or plain text is the parser's decision. The scanner makes all but `RecipePrefix`.
 */
export type TokenTypeName =
  /** A line end, `\n` or `\r\n`. */
  | 'Newline'
  /** Backslash-newline: joins physical lines into one logical line. */
  | 'Continuation'
  /** `\#`: a literal `#` outside recipes. */
  | 'EscapedHash'
  /** A run of backslashes that is plain text. */
  | 'Backslashes'
  /** A tab at the start of a logical line. */
  | 'RecipeTab'
  /** A comment, to the end of the logical line. Trivia: the parser never sees it. */
  | 'Comment'
  /** A `#` whose role the parser decides (comment, or text of a recipe or reference). */
  | 'Hash'
  /** Spaces and tabs. */
  | 'Blank'
  /** `$(` */
  | 'DollarParen'
  /** `${` */
  | 'DollarBrace'
  /** `$$`: a literal dollar. */
  | 'DollarDollar'
  /** `$x`: a reference to the one-character variable `x`; a lone `$` at a line end refers to nothing. */
  | 'DollarChar'
  /** A built-in function's name right after `$(`. */
  | 'FunctionName'
  /** Directive keywords. */
  | 'Define' | 'Endef' | 'Undefine' | 'Ifdef' | 'Ifndef' | 'Ifeq' | 'Ifneq' | 'Else' | 'Endif'
  | 'Include' | 'DashInclude' | 'Sinclude' | 'Override' | 'Export' | 'Unexport' | 'Private' | 'Vpath'
  | 'Load' | 'DashLoad'
  /** Punctuation. */
  | 'LParen' | 'RParen' | 'LBrace' | 'RBrace' | 'Comma' | 'Semicolon' | 'Pipe' | 'DoubleQuote' | 'SingleQuote'
  /** Assignment operators: `:::=`, `::=`, `:=`, `+=`, `?=`, `!=`, `=`. */
  | 'TripleColonEquals' | 'DoubleColonEquals' | 'ColonEquals' | 'PlusEquals' | 'QuestionEquals' | 'BangEquals' | 'Equals'
  /** Rule separators: `::`, `:`, `&:`. */
  | 'DoubleColon' | 'Colon' | 'AmpColon'
  /**
   * Plain text: anything but the characters other tokens start with. It may hold inner blanks
   * (`foo.o bar.o`) but never starts with one, so keywords are found at token starts only.
   */
  | 'Text'
  /** A `.RECIPEPREFIX` other than tab, which the parser splits off a recipe line's first token. */
  | 'RecipePrefix';

/** One token: its type name (a `TokenTypeName`), offsets and text. Plain data; it can be serialised. */
export interface Token {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly image: string;
}

/** One logical line: its tokens without comments and without the line end, and the line end if any. */
export interface Line {
  readonly tokens: readonly Token[];
  readonly newline: Token | undefined;
  /**
   * The nesting depth of references before each token, and at `tokens.length` after the last. Inside
   * a reference only the parenthesis kind that opened it nests (GNU make expand.c), so `(` in
   * `$(a (b))` counts and `{` does not. GNU make skips over references when it looks for `=`, `:`,
   * `;` or `#`; the parser uses these depths to do the same.
   */
  readonly depth: readonly number[];
}

/**
 * The parser's token: a whole logical line, its `Line` as the token's `payload`. The statement
 * grammar decides line by line, so reading lines rather than single tokens costs Chevrotain one step
 * per line instead of one per token (see ARCHITECTURE.md, Performance).
 */
export const LogicalLine: TokenType = createToken({ name: 'LogicalLine', pattern: Lexer.NA, line_breaks: true });

/**
 * A line the parser has classified as a `define` header. The parser retypes a `LogicalLine` token once
 * it has classified the line, so that Chevrotain chooses the statement by token type, a table lookup,
 * rather than by trying gates in turn. It is a `LogicalLine` too, so every rule that takes any line
 * still takes it.
 */
export const DefineLine: TokenType = createToken({ name: 'DefineLine', pattern: Lexer.NA, categories: [LogicalLine] });

/** A line the parser has classified as the first line of a conditional (see `DefineLine`). */
export const ConditionalLine: TokenType = createToken({ name: 'ConditionalLine', pattern: Lexer.NA, categories: [LogicalLine] });
