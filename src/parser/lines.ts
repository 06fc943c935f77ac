/**
 * One logical line at a time: classify it the way GNU make's reader does (assignment first, then
 * conditionals, directives, rules), and build its statement node from its tokens.
 */
import { diagnostic, span, type Diagnostic } from '../base/index.js';
import type { Line } from '../lexer/index.js';
import type {
  Assignment, CompareArgs, ConditionalDirective, Directive, Expr, Rule, Statement, Token, UnresolvedLine,
} from './cst.js';
import { parseExpr, type ExprContext } from './expr.js';

/** What a logical line is, as far as syntax can tell. */
export type LineKind =
  | 'blank'
  | 'recipe'
  | 'assignment'
  | 'define'
  | 'undefine'
  | 'if'
  | 'else'
  | 'endif'
  | 'directive'
  | 'rule'
  | 'unresolved'
  | 'stray-endef'
  | 'recipe-before-target'
  | 'missing-separator';

/** Whether the previous lines leave a rule open for recipe lines: GNU make's "rule context". */
export type RuleContext = 'no' | 'yes' | 'maybe';

export type { Line };

/** The result of classifying a line: its kind and where its indent ends. */
export interface Classified {
  readonly kind: LineKind;
  /** Index of the first token after the indent (blanks and a leading tab). */
  readonly body: number;
  /** For assignments, `define` and `undefine`: where modifiers end. */
  readonly afterModifiers: number;
  /** For assignments: the index of the operator. */
  readonly op: number;
  /** The line's reference nesting depth before each token (`Line.depth`). */
  readonly depth: readonly number[];
}

// Token type tests. They run for most tokens of every line, so they are comparisons rather than
// `Set` lookups, which V8 cannot turn into inline code.

// GNU make 4.3's assignment modifiers (read.c parse_var_assignment); `unexport` is only a directive.
function isModifier(type: string): boolean {
  return type === 'Export' || type === 'Override' || type === 'Private';
}

function isConditional(type: string): boolean {
  return type === 'Ifeq' || type === 'Ifneq' || type === 'Ifdef' || type === 'Ifndef';
}

function isDirective(type: string): boolean {
  return type === 'Include' || type === 'DashInclude' || type === 'Sinclude' || type === 'Load' || type === 'DashLoad'
    || type === 'Vpath' || type === 'Export' || type === 'Unexport';
}

/** Whether a token type is an assignment operator. */
export function isAssignOp(type: string): boolean {
  return type === 'Equals' || type === 'ColonEquals' || type === 'PlusEquals' || type === 'QuestionEquals'
    || type === 'DoubleColonEquals' || type === 'TripleColonEquals' || type === 'BangEquals';
}

function isRuleOp(type: string): boolean {
  return type === 'Colon' || type === 'DoubleColon' || type === 'AmpColon';
}

/**
 * `tokens.slice(from, to)` for `0 <= from` and `to <= tokens.length`. Most ranges a builder takes
 * (indent, modifiers, comment) are empty, and an empty literal costs much less than `slice`.
 */
export function range(tokens: readonly Token[], from: number, to: number): Token[] {
  return from >= to ? [] : tokens.slice(from, to);
}

// Patterns `assignmentOp` tests a word with; they keep no state (no `g` or `y` flag).
const innerBlank = /[ \t]/;
const notBlank = /[^ \t]/;

function isBlankToken(t: Token): boolean {
  return t.type === 'Blank' || t.type === 'RecipeTab' || t.type === 'Continuation';
}

/** First index in `[from, to)` at depth 0 whose type is `type`, or -1. */
function findTop(tokens: readonly Token[], from: number, to: number, d: readonly number[], type: string): number {
  for (let i = from; i < to; i++) if (d[i] === 0 && tokens[i].type === type && !escaped(tokens, i)) return i;
  return -1;
}

/** First index in `[from, to)` at depth 0 of a rule separator, or -1. */
function findTopRuleOp(tokens: readonly Token[], from: number, to: number, d: readonly number[]): number {
  for (let i = from; i < to; i++) if (d[i] === 0 && isRuleOp(tokens[i].type) && !escaped(tokens, i)) return i;
  return -1;
}

/** A `:` right after an odd run of backslashes is part of a name (`a\:b`), as in GNU make's rule lines. */
function escaped(tokens: readonly Token[], i: number): boolean {
  if (i === 0) return false;
  const prev = tokens[i - 1];
  return prev.type === 'Backslashes' && prev.end === tokens[i].start && prev.image.length % 2 === 1 && tokens[i].image[0] === ':';
}

/** Index where the code of a non-recipe line ends: the first depth-0 `#` (a comment), or `to`. */
export function codeEnd(tokens: readonly Token[], from: number, to: number, d: readonly number[]): number {
  for (let i = from; i < to; i++) if (d[i] === 0 && tokens[i].type === 'Hash') return i;
  return to;
}

/**
 * GNU make's test for a variable assignment at `from`: one word (references skipped), optional
 * blanks, then an assignment operator. A bare `:` or any other word first means it is not one.
 * Returns the operator's index or -1.
 */
export function assignmentOp(tokens: readonly Token[], from: number, to: number, d: readonly number[]): number {
  let seenBlank = false;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (d[i] > 0) continue;
    const type = t.type;
    if (isAssignOp(type)) return i;
    if (isRuleOp(type) || type === 'Hash') return -1;
    if (type === 'Blank' || type === 'Continuation' || type === 'RecipeTab') {
      seenBlank = true;
      continue;
    }
    if (type === 'RParen' || type === 'RBrace') {
      // The close of a reference at depth 1 before it: part of the word.
      if (i > from && d[i - 1] > 0) continue;
    }
    if (seenBlank) return -1;
    if (type === 'Text') {
      const inner = t.image.search(innerBlank);
      if (inner !== -1) {
        if (notBlank.test(t.image.slice(inner))) return -1;
        seenBlank = true;
      }
    }
  }
  return -1;
}

/** Skips blank tokens from `i`. */
function skipBlanks(tokens: readonly Token[], i: number, to: number): number {
  while (i < to && isBlankToken(tokens[i])) i++;
  return i;
}

function classified(kind: LineKind, body: number, afterModifiers: number, op: number, depth: readonly number[]): Classified {
  return { kind, body, afterModifiers, op, depth };
}

/**
 * Classifies a line. `prefixLed` says the line starts with the recipe prefix; `context` is the
 * rule context before it.
 */
export function classify(line: Line, context: RuleContext, prefixLed: boolean): Classified {
  const tokens = line.tokens;
  const to = tokens.length;
  const body = skipBlanks(tokens, 0, to);
  const d = line.depth;
  if (prefixLed && context === 'yes') return classified('recipe', body, body, -1, d);
  if (body === to || tokens[body].type === 'Hash') return classified('blank', body, body, -1, d);
  const first = tokens[body].type;
  // After a line only evaluation can read, a tab-led line may be a recipe: evaluation decides.
  if (prefixLed && context === 'maybe' && !isConditional(first) && first !== 'Else' && first !== 'Endif') {
    return classified('unresolved', body, body, -1, d);
  }
  const end = codeEnd(tokens, body, to, d);
  // Assignments come first, so that variables may be named `ifdef` or `export` (GNU make read.c).
  let i = body;
  for (;;) {
    const op = assignmentOp(tokens, i, end, d);
    if (op !== -1) return classified('assignment', body, i, op, d);
    const type = tokens[i].type;
    if (type === 'Define' || type === 'Undefine') return classified(type === 'Define' ? 'define' : 'undefine', body, i, -1, d);
    if (!isModifier(type)) break;
    const next = skipBlanks(tokens, i + 1, end);
    if (next === end || next === i + 1) break;
    i = next;
  }
  return classified(statementKind(tokens, first, body, end, d, prefixLed), body, body, -1, d);
}

/** What a line that is no assignment, `define` or `undefine` is, from its first word on. */
function statementKind(tokens: readonly Token[], first: string, body: number, end: number, d: readonly number[], prefixLed: boolean): LineKind {
  if (isConditional(first)) return 'if';
  if (first === 'Else') return 'else';
  if (first === 'Endif') return 'endif';
  if (isDirective(first)) return 'directive';
  if (first === 'Endef') return 'stray-endef';
  if (prefixLed) return 'recipe-before-target';
  if (findTopRuleOp(tokens, body, end, d) !== -1) return 'rule';
  for (let k = body; k < end; k++) {
    const type = tokens[k].type;
    if (type === 'DollarParen' || type === 'DollarBrace' || type === 'DollarChar') return 'unresolved';
  }
  return 'missing-separator';
}

/** State the line builders share for one file. */
export interface LineContext {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  /** The expression contexts for text make expands while reading, and for text it expands on use. */
  readonly immediate: ExprContext;
  readonly deferred: ExprContext;
}

/** The builders' context for one file, whose diagnostics go to `diagnostics`. */
export function lineContext(file: string, diagnostics: Diagnostic[]): LineContext {
  return {
    file,
    diagnostics,
    immediate: { file, diagnostics, severity: 'error' },
    deferred: { file, diagnostics, severity: 'warning' },
  };
}

function exprContext(ctx: LineContext, immediate: boolean): ExprContext {
  return immediate ? ctx.immediate : ctx.deferred;
}

function lineStart(line: Line): number {
  return line.tokens.length > 0 ? line.tokens[0].start : (line.newline?.start ?? 0);
}

function lineEnd(line: Line): number {
  return line.newline ? line.newline.end : line.tokens.length > 0 ? line.tokens[line.tokens.length - 1].end : 0;
}

function tokenEnd(tokens: readonly Token[], i: number, fallback: number): number {
  return i > 0 ? tokens[i - 1].end : fallback;
}

/** Builds an assignment from a line classified as one. */
export function buildAssignment(ctx: LineContext, line: Line, c: Classified): Assignment {
  const tokens = line.tokens;
  const d = c.depth;
  const end = codeEnd(tokens, c.body, tokens.length, d);
  const op = tokens[c.op];
  // GNU make expands the value at once for `:=`, `::=`, `:::=` and `!=`.
  const immediate = op.type !== 'Equals' && op.type !== 'QuestionEquals' && op.type !== 'PlusEquals';
  return {
    kind: 'Assignment',
    start: lineStart(line),
    end: lineEnd(line),
    indent: range(tokens, 0, c.body),
    modifiers: range(tokens, c.body, c.afterModifiers),
    name: parseExpr(exprContext(ctx, true), tokens, c.afterModifiers, c.op, op.start),
    op,
    value: parseExpr(exprContext(ctx, immediate), tokens, c.op + 1, end, op.end),
    comment: range(tokens, end, tokens.length),
    newline: line.newline,
  };
}

/** Builds a directive (`include`, `vpath`, `export` list, ...). */
export function buildDirective(ctx: LineContext, line: Line, c: Classified): Directive {
  const tokens = line.tokens;
  const d = c.depth;
  const end = codeEnd(tokens, c.body, tokens.length, d);
  const keyword = tokens[c.body];
  return {
    kind: 'Directive',
    start: lineStart(line),
    end: lineEnd(line),
    indent: range(tokens, 0, c.body),
    keyword,
    args: parseExpr(exprContext(ctx, true), tokens, c.body + 1, end, keyword.end),
    comment: range(tokens, end, tokens.length),
    newline: line.newline,
  };
}

/** Builds an expression line whose meaning evaluation decides. */
export function buildUnresolved(ctx: LineContext, line: Line, c: Classified, prefixLed: boolean): UnresolvedLine {
  const tokens = line.tokens;
  const d = c.depth;
  // A tab-led line after an unresolved line may be a recipe, where `#` is not a comment.
  const end = prefixLed ? tokens.length : codeEnd(tokens, c.body, tokens.length, d);
  return {
    kind: 'UnresolvedLine',
    start: lineStart(line),
    end: lineEnd(line),
    indent: range(tokens, 0, c.body),
    expr: parseExpr(exprContext(ctx, !prefixLed), tokens, c.body, end, tokenEnd(tokens, c.body, lineStart(line))),
    comment: range(tokens, end, tokens.length),
    newline: line.newline,
  };
}


/** Builds a rule line: targets, separator, static pattern, prerequisites, order-only, recipe. */
export function buildRule(ctx: LineContext, line: Line, c: Classified): Rule {
  const tokens = line.tokens;
  const to = tokens.length;
  const d = c.depth;
  const ec = exprContext(ctx, true);
  const opIndex = findTopRuleOp(tokens, c.body, to, d);
  const op = tokens[opIndex];
  const indent = range(tokens, 0, c.body);
  const targets = parseExpr(ec, tokens, c.body, opIndex, op.start);
  // A target-specific variable takes the rest of the line, `;` included (GNU make read.c).
  let i = skipBlanks(tokens, opIndex + 1, to);
  const afterOp = i;
  const end = codeEnd(tokens, opIndex + 1, to, d);
  for (;;) {
    const assign = assignmentOp(tokens, i, end, d);
    if (assign !== -1) {
      const opToken = tokens[assign];
      const immediate = opToken.type !== 'Equals' && opToken.type !== 'QuestionEquals' && opToken.type !== 'PlusEquals';
      const prerequisites = parseExpr(ec, tokens, opIndex + 1, afterOp, op.end);
      const targetVariable = {
        modifiers: range(tokens, afterOp, i),
        name: parseExpr(ec, tokens, i, assign, opToken.start),
        op: opToken,
        value: parseExpr(exprContext(ctx, immediate), tokens, assign + 1, end, opToken.end),
      };
      return ruleNode(line, indent, targets, op, undefined, prerequisites, undefined, undefined, targetVariable, range(tokens, end, tokens.length));
    }
    if (i >= end || !isModifier(tokens[i].type)) break;
    const next = skipBlanks(tokens, i + 1, end);
    if (next === i + 1) break;
    i = next;
  }
  const semi = findTop(tokens, opIndex + 1, end, d, 'Semicolon');
  const prereqEnd = semi === -1 ? end : semi;
  const second = op.type === 'Colon' || op.type === 'DoubleColon' ? findTop(tokens, opIndex + 1, prereqEnd, d, 'Colon') : -1;
  const prereqStart = second === -1 ? opIndex + 1 : second + 1;
  const pipe = findTop(tokens, prereqStart, prereqEnd, d, 'Pipe');
  const staticPattern = second === -1 ? undefined : { pattern: parseExpr(ec, tokens, opIndex + 1, second, op.end), colon: tokens[second] };
  const prerequisites = parseExpr(ec, tokens, prereqStart, pipe === -1 ? prereqEnd : pipe, tokens[prereqStart - 1].end);
  const orderOnly = pipe === -1 ? undefined : { pipe: tokens[pipe], prerequisites: parseExpr(ec, tokens, pipe + 1, prereqEnd, tokens[pipe].end) };
  const recipe = semi === -1 ? undefined : { semicolon: tokens[semi], text: range(tokens, semi + 1, tokens.length) };
  return ruleNode(line, indent, targets, op, staticPattern, prerequisites, orderOnly, recipe, undefined, semi === -1 ? range(tokens, end, tokens.length) : []);
}

/** A `Rule` node, its fields always in this order (serialised trees depend on it). */
function ruleNode(
  line: Line, indent: readonly Token[], targets: Expr, op: Token, staticPattern: Rule['staticPattern'], prerequisites: Expr,
  orderOnly: Rule['orderOnly'], recipe: Rule['recipe'], targetVariable: Rule['targetVariable'], comment: readonly Token[],
): Rule {
  return {
    kind: 'Rule', start: lineStart(line), end: lineEnd(line), indent, targets, op, newline: line.newline,
    staticPattern, prerequisites, orderOnly, recipe, targetVariable, comment,
  };
}

/** Builds a conditional directive line (`ifeq`, `else ifdef`, bare `else`). */
export function buildConditionalDirective(ctx: LineContext, line: Line, c: Classified): ConditionalDirective {
  const tokens = line.tokens;
  const to = tokens.length;
  const d = c.depth;
  const end = codeEnd(tokens, c.body, to, d);
  let i = c.body;
  if (tokens[i].type === 'Else') i = skipBlanks(tokens, i + 1, end);
  const elseTokens = range(tokens, c.body, i);
  const indent = range(tokens, 0, c.body);
  const comment = range(tokens, end, tokens.length);
  if (i >= end || !isConditional(tokens[i].type)) {
    if (i < end) ctx.diagnostics.push(diagnostic('P012', 'warning', "extraneous text after 'else' directive", span(ctx.file, tokens[i].start, tokens[end - 1].end)));
    return directiveNode(line, indent, elseTokens, comment, undefined, undefined, undefined, range(tokens, i, end));
  }
  const keyword = tokens[i];
  const ec = exprContext(ctx, true);
  const argStart = skipBlanks(tokens, i + 1, end);
  if (keyword.type === 'Ifdef' || keyword.type === 'Ifndef') {
    // An empty name is valid: it names the variable with the empty name, never defined.
    return directiveNode(line, indent, elseTokens, comment, keyword, parseExpr(ec, tokens, i + 1, end, keyword.end), undefined, []);
  }
  const compare = parseCompare(ctx, tokens, i + 1, argStart, end);
  if (compare === undefined) {
    invalidConditional(ctx, keyword);
    return directiveNode(line, indent, elseTokens, comment, keyword, undefined, undefined, range(tokens, i + 1, end));
  }
  const after = skipBlanks(tokens, compare.next, end);
  if (after < end) {
    ctx.diagnostics.push(diagnostic('P012', 'warning', `extraneous text after '${keyword.image}' directive`, span(ctx.file, tokens[after].start, tokens[end - 1].end)));
  }
  return directiveNode(line, indent, elseTokens, comment, keyword, undefined, compare.node, range(tokens, compare.next, end));
}

/** A `ConditionalDirective` node, its fields always in this order (serialised trees depend on it). */
function directiveNode(
  line: Line, indent: readonly Token[], elseTokens: readonly Token[], comment: readonly Token[], keyword: Token | undefined,
  name: Expr | undefined, compare: CompareArgs | undefined, trailing: readonly Token[],
): ConditionalDirective {
  return {
    kind: 'ConditionalDirective', start: lineStart(line), end: lineEnd(line), indent, elseTokens, comment, newline: line.newline,
    keyword, name, compare, trailing,
  };
}

function invalidConditional(ctx: LineContext, keyword: Token): void {
  ctx.diagnostics.push(diagnostic('P008', 'error', 'invalid syntax in conditional', span(ctx.file, keyword.start, keyword.end)));
}

/** `(a,b)` or `"a" 'b'` after `ifeq`/`ifneq`; undefined when the syntax is invalid. */
function parseCompare(
  ctx: LineContext, tokens: readonly Token[], from: number, argStart: number, end: number,
): { node: CompareArgs; next: number } | undefined {
  if (argStart >= end) return undefined;
  const ec = exprContext(ctx, true);
  const first = tokens[argStart];
  const lead = range(tokens, from, argStart);
  if (first.type === 'LParen') {
    // GNU make counts every parenthesis here, those of references included.
    let depth = 0;
    let comma = -1;
    for (let k = argStart + 1; k < end; k++) {
      const type = tokens[k].type;
      if (type === 'LParen' || type === 'DollarParen') depth++;
      else if (type === 'RParen') {
        if (depth === 0) {
          if (comma === -1) return undefined;
          const node: CompareArgs = {
            kind: 'CompareArgs', start: tokens[from].start, end: tokens[k].end,
            punctuation: [...lead, first, tokens[comma], tokens[k]],
            left: parseExpr(ec, tokens, argStart + 1, comma, first.end),
            right: parseExpr(ec, tokens, comma + 1, k, tokens[comma].end),
          };
          return { node, next: k + 1 };
        }
        depth--;
      } else if (type === 'Comma' && depth === 0 && comma === -1) comma = k;
    }
    return undefined;
  }
  if (first.type === 'DoubleQuote' || first.type === 'SingleQuote') {
    const close1 = findType(tokens, argStart + 1, end, first.type);
    if (close1 === -1) return undefined;
    const open2 = skipBlanks(tokens, close1 + 1, end);
    if (open2 >= end || (tokens[open2].type !== 'DoubleQuote' && tokens[open2].type !== 'SingleQuote')) return undefined;
    const close2 = findType(tokens, open2 + 1, end, tokens[open2].type);
    if (close2 === -1) return undefined;
    const node: CompareArgs = {
      kind: 'CompareArgs', start: tokens[from].start, end: tokens[close2].end,
      punctuation: [...lead, first, ...range(tokens, close1, open2 + 1), tokens[close2]],
      left: parseExpr(ec, tokens, argStart + 1, close1, first.end),
      right: parseExpr(ec, tokens, open2 + 1, close2, tokens[open2].end),
    };
    return { node, next: close2 + 1 };
  }
  return undefined;
}

function findType(tokens: readonly Token[], from: number, to: number, type: string): number {
  for (let k = from; k < to; k++) if (tokens[k].type === type) return k;
  return -1;
}

/** The tokens before the first non-blank, and the keyword with what follows it (for `endif`/`endef`). */
export function keywordLine(ctx: LineContext, line: Line, c: Classified, name: string): { indent: readonly Token[]; keyword: Token; trailing: readonly Token[] } {
  const tokens = line.tokens;
  const keyword = tokens[c.body];
  const d = c.depth;
  const end = codeEnd(tokens, c.body + 1, tokens.length, d);
  const after = skipBlanks(tokens, c.body + 1, end);
  if (after < end) {
    ctx.diagnostics.push(diagnostic(name === 'endef' ? 'P011' : 'P012', 'warning', `extraneous text after '${name}' directive`, span(ctx.file, tokens[after].start, tokens[end - 1].end)));
  }
  return { indent: range(tokens, 0, c.body), keyword, trailing: range(tokens, c.body + 1, tokens.length) };
}

/** A line that is not valid make: kept whole, with a diagnostic. */
export function buildErrorLine(ctx: LineContext, line: Line, c: Classified): Statement {
  const tokens = line.tokens;
  const at = tokens[c.body] ?? tokens[0];
  const where = span(ctx.file, at?.start ?? 0, at?.end ?? 0);
  switch (c.kind) {
    case 'recipe-before-target':
      ctx.diagnostics.push(diagnostic('P003', 'error', 'recipe commences before first target', span(ctx.file, lineStart(line), lineStart(line) + 1)));
      break;
    case 'stray-endef':
      ctx.diagnostics.push(diagnostic('P010', 'error', "extraneous 'endef'", where));
      break;
    case 'else':
      ctx.diagnostics.push(diagnostic('P005', 'error', "extraneous 'else'", where));
      break;
    case 'endif':
      ctx.diagnostics.push(diagnostic('P006', 'error', "extraneous 'endif'", where));
      break;
    default: {
      const eightSpaces = tokens.length > 0 && tokens[0].type === 'Blank' && tokens[0].image.startsWith('        ');
      ctx.diagnostics.push(diagnostic('P001', 'error', eightSpaces ? 'missing separator (did you mean TAB instead of 8 spaces?)' : 'missing separator', where));
    }
  }
  return { kind: 'ErrorLine', start: lineStart(line), end: lineEnd(line), tokens, comment: [], newline: line.newline };
}

/** A blank line (blanks, and on a tab-led line perhaps a `#` comment). */
export function buildBlank(line: Line, c: Classified): Statement {
  return { kind: 'BlankLine', start: lineStart(line), end: lineEnd(line), tokens: range(line.tokens, 0, c.body), comment: range(line.tokens, c.body, line.tokens.length), newline: line.newline };
}

/**
 * A recipe line: the prefix and the raw rest. With a `.RECIPEPREFIX` other than tab, the first
 * token (`>echo`) is split so that the prefix is a token of its own.
 */
export function buildRecipe(line: Line): Statement {
  const tokens = line.tokens;
  const first = tokens[0];
  let prefix = first;
  let text = range(tokens, 1, tokens.length);
  if (first.type !== 'RecipeTab' && first.image.length > 1) {
    prefix = { type: 'RecipePrefix', start: first.start, end: first.start + 1, image: first.image[0] };
    text = [{ type: first.type, start: first.start + 1, end: first.end, image: first.image.slice(1) }, ...text];
  } else if (first.type !== 'RecipeTab') {
    prefix = { ...first, type: 'RecipePrefix' };
  }
  return { kind: 'RecipeLine', start: lineStart(line), end: lineEnd(line), prefix, text, comment: [], newline: line.newline };
}

export { lineStart, lineEnd, exprContext };
export type { Expr };
