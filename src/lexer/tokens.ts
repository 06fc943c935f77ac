/**
 * The Chevrotain token types of GNU make's line syntax. The parser matches on them; `scan.ts`
 * produces them (see its header for why the scanner is hand-written).
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

// Categories. A token belongs to `Literal` when it is plain text wherever no rule gives it a role.
/** Every token the parser may take as literal text. */
export const Literal = createToken({ name: 'Literal', pattern: Lexer.NA });
/** The directive keywords. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA, categories: [Literal] });
/** Assignment operators: `=`, `:=`, `::=`, `:::=`, `+=`, `?=`, `!=`. */
export const AssignOp = createToken({ name: 'AssignOp', pattern: Lexer.NA, categories: [Literal] });
/** Rule separators: `:`, `::`, `&:`. */
export const RuleOp = createToken({ name: 'RuleOp', pattern: Lexer.NA, categories: [Literal] });
/** Every token but `Newline`. */
export const NotNewline = createToken({ name: 'NotNewline', pattern: Lexer.NA });

// Token types.
/** A line end, `\n` or `\r\n`. */
export const Newline = createToken({ name: 'Newline', pattern: Lexer.NA, line_breaks: true });
/** Backslash-newline: joins physical lines into one logical line. */
export const Continuation = createToken({
  name: 'Continuation', pattern: Lexer.NA, categories: [NotNewline],
});
/** `\#`: a literal `#` outside recipes. */
export const EscapedHash = createToken({ name: 'EscapedHash', pattern: Lexer.NA, categories: [Literal, NotNewline] });
/** A run of backslashes that is plain text. */
export const Backslashes = createToken({
  name: 'Backslashes', pattern: Lexer.NA, categories: [Literal, NotNewline],
});
/** A tab at the start of a logical line. */
export const RecipeTab = createToken({
  name: 'RecipeTab', pattern: Lexer.NA, categories: [NotNewline],
});
/** A comment, to the end of the logical line. Trivia: the parser never sees it. */
export const Comment = createToken({
  name: 'Comment', pattern: Lexer.NA,
});
/** A `#` whose role the parser decides (comment, or text of a recipe or reference). */
export const Hash = createToken({ name: 'Hash', pattern: Lexer.NA, categories: [Literal, NotNewline] });
/** Spaces and tabs. */
export const Blank = createToken({ name: 'Blank', pattern: Lexer.NA, categories: [Literal, NotNewline] });
/** `$(` */
export const DollarParen = createToken({ name: 'DollarParen', pattern: Lexer.NA, categories: [NotNewline] });
/** `${` */
export const DollarBrace = createToken({ name: 'DollarBrace', pattern: Lexer.NA, categories: [NotNewline] });
/** `$$`: a literal dollar. */
export const DollarDollar = createToken({ name: 'DollarDollar', pattern: Lexer.NA, categories: [NotNewline] });
/** `$x`: a reference to the one-character variable `x`; a lone `$` at a line end refers to nothing. */
export const DollarChar = createToken({ name: 'DollarChar', pattern: Lexer.NA, categories: [NotNewline] });
/** A built-in function's name right after `$(`. */
export const FunctionName = createToken({
  name: 'FunctionName', pattern: Lexer.NA, categories: [Literal, NotNewline],
});
export const LParen = createToken({ name: 'LParen', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const RParen = createToken({ name: 'RParen', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const LBrace = createToken({ name: 'LBrace', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const RBrace = createToken({ name: 'RBrace', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const Comma = createToken({ name: 'Comma', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const Semicolon = createToken({ name: 'Semicolon', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const Pipe = createToken({ name: 'Pipe', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const DoubleQuote = createToken({ name: 'DoubleQuote', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const SingleQuote = createToken({ name: 'SingleQuote', pattern: Lexer.NA, categories: [Literal, NotNewline] });
export const TripleColonEquals = createToken({ name: 'TripleColonEquals', pattern: Lexer.NA, categories: [AssignOp, NotNewline] });
export const DoubleColonEquals = createToken({ name: 'DoubleColonEquals', pattern: Lexer.NA, categories: [AssignOp, NotNewline] });
export const ColonEquals = createToken({ name: 'ColonEquals', pattern: Lexer.NA, categories: [AssignOp, NotNewline] });
export const DoubleColon = createToken({ name: 'DoubleColon', pattern: Lexer.NA, categories: [RuleOp, NotNewline] });
export const Colon = createToken({ name: 'Colon', pattern: Lexer.NA, categories: [RuleOp, NotNewline] });
export const AmpColon = createToken({ name: 'AmpColon', pattern: Lexer.NA, categories: [RuleOp, NotNewline] });
export const PlusEquals = createToken({ name: 'PlusEquals', pattern: Lexer.NA, categories: [AssignOp, NotNewline] });
export const QuestionEquals = createToken({ name: 'QuestionEquals', pattern: Lexer.NA, categories: [AssignOp, NotNewline] });
export const BangEquals = createToken({ name: 'BangEquals', pattern: Lexer.NA, categories: [AssignOp, NotNewline] });
export const Equals = createToken({ name: 'Equals', pattern: Lexer.NA, categories: [AssignOp, NotNewline] });

function keyword(name: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, categories: [Keyword, NotNewline] });
}

export const Define = keyword('Define');
export const Endef = keyword('Endef');
export const Undefine = keyword('Undefine');
export const Ifdef = keyword('Ifdef');
export const Ifndef = keyword('Ifndef');
export const Ifeq = keyword('Ifeq');
export const Ifneq = keyword('Ifneq');
export const Else = keyword('Else');
export const Endif = keyword('Endif');
export const Include = keyword('Include');
export const DashInclude = keyword('DashInclude');
export const Sinclude = keyword('Sinclude');
export const Override = keyword('Override');
export const Export = keyword('Export');
export const Unexport = keyword('Unexport');
export const Private = keyword('Private');
export const Vpath = keyword('Vpath');
export const Load = keyword('Load');
export const DashLoad = keyword('DashLoad');

/**
 * Plain text: anything but the characters other tokens start with. It may hold inner blanks
 * (`foo.o bar.o`) but never starts with one, so keywords are found at token starts only.
 */
export const Text = createToken({
  name: 'Text',
  pattern: Lexer.NA,
  categories: [Literal, NotNewline],
});

/** All token types (the parser's vocabulary). */
export const allTokens: readonly TokenType[] = [
  Newline,
  Continuation,
  EscapedHash,
  Backslashes,
  RecipeTab,
  Comment,
  Hash,
  Blank,
  DollarParen,
  DollarBrace,
  DollarDollar,
  DollarChar,
  FunctionName,
  Define, Endef, Undefine, Ifdef, Ifndef, Ifeq, Ifneq, Else, Endif,
  Include, DashInclude, Sinclude, Override, Export, Unexport, Private, Vpath, Load, DashLoad,
  LParen, RParen, LBrace, RBrace, Comma, Semicolon, Pipe, DoubleQuote, SingleQuote,
  TripleColonEquals, DoubleColonEquals, ColonEquals, DoubleColon, Colon, AmpColon,
  PlusEquals, QuestionEquals, BangEquals, Equals,
  Text,
];

/** The category types, which the parser needs in its vocabulary. */
export const categoryTokens: readonly TokenType[] = [Literal, Keyword, AssignOp, RuleOp, NotNewline];
