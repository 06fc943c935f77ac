/**
 * The concrete syntax tree: plain readonly data, discriminated on `kind`, offsets only.
 * Leaves are lexer `Token`s; together with the file's trivia (comments) they tile the input.
 */
import type { Token } from '../lexer/index.js';

export type { Token };

/** A text region made of literal tokens and references, as make expands it. */
export interface Expr {
  readonly kind: 'Expr';
  readonly start: number;
  readonly end: number;
  readonly parts: readonly ExprPart[];
}

/** A literal token (`Text`, `Blank`, `$$`, `$x`, punctuation, ...) or a reference. */
export type ExprPart = Token | Reference;

/** `$(name)` or `${name}`; `name` may itself hold references (computed names). */
export interface VarRef {
  readonly kind: 'VarRef';
  readonly start: number;
  readonly end: number;
  readonly open: Token;
  readonly name: Expr;
  /** Missing when the reference is unterminated. */
  readonly close: Token | undefined;
}

/** `$(name:pattern=replacement)`. */
export interface SubstRef {
  readonly kind: 'SubstRef';
  readonly start: number;
  readonly end: number;
  readonly open: Token;
  readonly name: Expr;
  readonly colon: Token;
  readonly pattern: Expr;
  readonly equals: Token;
  readonly replacement: Expr;
  readonly close: Token;
}

/** `$(function arg,arg,...)`: `separators` holds the blank after the name and each comma. */
export interface FuncCall {
  readonly kind: 'FuncCall';
  readonly start: number;
  readonly end: number;
  readonly open: Token;
  readonly name: Token;
  readonly separators: readonly Token[];
  readonly args: readonly Expr[];
  /** Missing when the call is unterminated. */
  readonly close: Token | undefined;
}

/** Any `$(...)`/`${...}` reference. */
export type Reference = VarRef | SubstRef | FuncCall;

/** Fields every statement has. */
interface StatementBase {
  readonly start: number;
  readonly end: number;
  /** The line end that closes the statement; missing at the end of the file. */
  readonly newline: Token | undefined;
  /**
   * A comment the parser found (a `#` on a tab-led line that is not a recipe, or after a `;` that
   * does not start a recipe): the `Hash` token and the rest of the line. Other comments are trivia.
   */
  readonly comment: readonly Token[];
}

/** `override`, `export`, `unexport`, `private` before an assignment or `define`. */
export type Modifiers = readonly Token[];

/** `name op value`, with modifiers. */
export interface Assignment extends StatementBase {
  readonly kind: 'Assignment';
  /** Blanks or a tab before the statement. */
  readonly indent: readonly Token[];
  readonly modifiers: readonly Token[];
  readonly name: Expr;
  readonly op: Token;
  readonly value: Expr;
}

/** `define name [op]` ... `endef`; the body is kept as raw tokens, as GNU make keeps it verbatim. */
export interface Define extends StatementBase {
  readonly kind: 'Define';
  readonly indent: readonly Token[];
  readonly modifiers: readonly Token[];
  readonly keyword: Token;
  readonly name: Expr;
  readonly op: Token | undefined;
  /** Tokens after the operator on the `define` line (GNU make: extraneous text). */
  readonly trailing: readonly Token[];
  readonly headerNewline: Token | undefined;
  /** Every token of the body lines, their line ends included except the one before `endef`. */
  readonly body: readonly Token[];
  /** Offsets of the body text (the variable's value). */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The `endef` line: its indent, keyword and any tokens after it; missing when unterminated. */
  readonly endef: { readonly indent: readonly Token[]; readonly keyword: Token; readonly trailing: readonly Token[] } | undefined;
}

/** `undefine name`, with modifiers. */
export interface Undefine extends StatementBase {
  readonly kind: 'Undefine';
  readonly indent: readonly Token[];
  readonly modifiers: readonly Token[];
  readonly keyword: Token;
  readonly name: Expr;
}

/** The test of `ifeq`/`ifneq`: `(a,b)` or two quoted strings. */
export interface CompareArgs {
  readonly kind: 'CompareArgs';
  readonly start: number;
  readonly end: number;
  /** Delimiters: `(`, `,`, `)` or the four quotes; fewer when the syntax is invalid. */
  readonly punctuation: readonly Token[];
  readonly left: Expr;
  readonly right: Expr;
}

/** One `ifeq`/`ifneq`/`ifdef`/`ifndef` test, or a bare `else`. */
export interface ConditionalDirective {
  readonly kind: 'ConditionalDirective';
  readonly start: number;
  readonly end: number;
  readonly indent: readonly Token[];
  /** `else` and the blanks after it, when the branch starts with one. */
  readonly elseTokens: readonly Token[];
  /** `ifeq`, `ifneq`, `ifdef` or `ifndef`; missing for a bare `else`. */
  readonly keyword: Token | undefined;
  /** For ifdef/ifndef: the variable name expression. */
  readonly name: Expr | undefined;
  readonly compare: CompareArgs | undefined;
  /** Tokens after the test that do not belong to it (GNU make: extraneous text). */
  readonly trailing: readonly Token[];
  /** A parser-found comment, as on statements. */
  readonly comment: readonly Token[];
  readonly newline: Token | undefined;
}

/** One branch: its directive line and the statements under it. */
export interface ConditionalBranch {
  readonly kind: 'ConditionalBranch';
  readonly start: number;
  readonly end: number;
  readonly directive: ConditionalDirective;
  readonly body: readonly Statement[];
}

/** A whole `if ... [else ...] endif` block. */
export interface Conditional extends StatementBase {
  readonly kind: 'Conditional';
  readonly branches: readonly ConditionalBranch[];
  /** The `endif` line; missing when the file ends first. */
  readonly endif: { readonly indent: readonly Token[]; readonly keyword: Token; readonly trailing: readonly Token[] } | undefined;
}

/** `include`, `-include`, `sinclude`, `load`, `-load`, `vpath`, or `export`/`unexport` without an assignment. */
export interface Directive extends StatementBase {
  readonly kind: 'Directive';
  readonly indent: readonly Token[];
  readonly keyword: Token;
  readonly args: Expr;
}

/** A rule line: targets, separator, then prerequisites or a target-specific assignment. */
export interface Rule extends StatementBase {
  readonly kind: 'Rule';
  readonly indent: readonly Token[];
  readonly targets: Expr;
  /** `:`, `::` or `&:` (`&::` is `&:` followed by `:`). */
  readonly op: Token;
  /** For a static pattern rule: the target pattern and its second `:`. */
  readonly staticPattern: { readonly pattern: Expr; readonly colon: Token } | undefined;
  readonly prerequisites: Expr;
  readonly orderOnly: { readonly pipe: Token; readonly prerequisites: Expr } | undefined;
  /** `; recipe` on the rule line itself. */
  readonly recipe: { readonly semicolon: Token; readonly text: readonly Token[] } | undefined;
  /** `target: [modifiers] name op value`. */
  readonly targetVariable: { readonly modifiers: readonly Token[]; readonly name: Expr; readonly op: Token; readonly value: Expr } | undefined;
}

/** A line led by the recipe prefix in rule context: shell text, kept raw. */
export interface RecipeLine extends StatementBase {
  readonly kind: 'RecipeLine';
  readonly prefix: Token;
  readonly text: readonly Token[];
}

/**
 * A line whose role only evaluation can decide: a line of references with no separator (it may
 * expand to a rule, an assignment or nothing), or a tab-led line after such a line.
 */
export interface UnresolvedLine extends StatementBase {
  readonly kind: 'UnresolvedLine';
  readonly indent: readonly Token[];
  readonly expr: Expr;
}

/** An empty or whitespace-only line (comments are trivia, so a comment-only line is blank too). */
export interface BlankLine extends StatementBase {
  readonly kind: 'BlankLine';
  readonly tokens: readonly Token[];
}

/** A line that cannot be read; its tokens are kept so nothing is lost. */
export interface ErrorLine extends StatementBase {
  readonly kind: 'ErrorLine';
  readonly tokens: readonly Token[];
}

/** One statement of a makefile. */
export type Statement =
  | Assignment
  | Define
  | Undefine
  | Conditional
  | Directive
  | Rule
  | RecipeLine
  | UnresolvedLine
  | BlankLine
  | ErrorLine;

/** The root: every statement of one file, plus its trivia. */
export interface MakefileNode {
  readonly kind: 'Makefile';
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly statements: readonly Statement[];
  /** Comments, in offset order. */
  readonly trivia: readonly Token[];
  /** Tokens the lexer could not match (none unless there is a bug). */
  readonly unknown: readonly Token[];
}

/** Any node of the tree. */
export type Node =
  | MakefileNode
  | Statement
  | ConditionalBranch
  | ConditionalDirective
  | CompareArgs
  | Expr
  | Reference;
