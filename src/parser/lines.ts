/**
 * One logical line at a time: classify it the way GNU make's reader does (assignment first, then
 * conditionals, directives, rules), and build its statement node from its tokens.
 */
import { diagnostic, span, type Diagnostic } from '../base/index.js';
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

/** One logical line: its tokens without the line end, and the line end if any. */
export interface Line {
  readonly tokens: readonly Token[];
  readonly newline: Token | undefined;
}

/** The result of classifying a line: its kind and where its indent ends. */
export interface Classified {
  readonly kind: LineKind;
  /** Index of the first token after the indent (blanks and a leading tab). */
  readonly body: number;
  /** For assignments, `define` and `undefine`: where modifiers end. */
  readonly afterModifiers: number;
  /** For assignments: the index of the operator. */
  readonly op: number;
  /** Nesting depth before each token (see `depths`), computed once per line. */
  readonly depth: Int32Array;
}

// GNU make 4.3's assignment modifiers (read.c parse_var_assignment); `unexport` is only a directive.
const modifierTypes = new Set(['Export', 'Override', 'Private']);
const conditionalTypes = new Set(['Ifeq', 'Ifneq', 'Ifdef', 'Ifndef']);
const directiveTypes = new Set(['Include', 'DashInclude', 'Sinclude', 'Load', 'DashLoad', 'Vpath', 'Export', 'Unexport']);
const assignOps = new Set(['Equals', 'ColonEquals', 'DoubleColonEquals', 'TripleColonEquals', 'PlusEquals', 'QuestionEquals', 'BangEquals']);
const ruleOps = new Set(['Colon', 'DoubleColon', 'AmpColon']);

function isBlankToken(t: Token): boolean {
  return t.type === 'Blank' || t.type === 'RecipeTab' || t.type === 'Continuation';
}

/**
 * Nesting depth before each token: GNU make skips over `$(...)`/`${...}` when it looks for `=`, `:`,
 * `;` or `#`, counting only the parenthesis kind that opened the reference.
 */
export function depths(tokens: readonly Token[], from: number, to: number): Int32Array {
  const out = new Int32Array(to - from + 1);
  const open: string[] = [];
  for (let i = from; i < to; i++) {
    out[i - from] = open.length;
    const type = tokens[i].type;
    if (type === 'DollarParen') open.push('RParen');
    else if (type === 'DollarBrace') open.push('RBrace');
    else if (open.length > 0) {
      const top = open[open.length - 1];
      if ((type === 'LParen' && top === 'RParen') || (type === 'LBrace' && top === 'RBrace')) open.push(top);
      else if (type === top) open.pop();
    }
  }
  out[to - from] = open.length;
  return out;
}

/** First index in `[from, to)` at depth 0 whose type is in `types`, or -1. */
function findTop(tokens: readonly Token[], from: number, to: number, d: Int32Array, base: number, types: ReadonlySet<string>): number {
  for (let i = from; i < to; i++) if (d[i - base] === 0 && types.has(tokens[i].type) && !escaped(tokens, i)) return i;
  return -1;
}

/** A `:` right after an odd run of backslashes is part of a name (`a\:b`), as in GNU make's rule lines. */
function escaped(tokens: readonly Token[], i: number): boolean {
  if (i === 0) return false;
  const prev = tokens[i - 1];
  return prev.type === 'Backslashes' && prev.end === tokens[i].start && prev.image.length % 2 === 1 && tokens[i].image[0] === ':';
}

const hashType = new Set(['Hash']);

/** Index where the code of a non-recipe line ends: the first depth-0 `#` (a comment), or `to`. */
export function codeEnd(tokens: readonly Token[], from: number, to: number, d: Int32Array, base: number): number {
  const h = findTop(tokens, from, to, d, base, hashType);
  return h === -1 ? to : h;
}

/**
 * GNU make's test for a variable assignment at `from`: one word (references skipped), optional
 * blanks, then an assignment operator. A bare `:` or any other word first means it is not one.
 * Returns the operator's index or -1.
 */
export function assignmentOp(tokens: readonly Token[], from: number, to: number, d: Int32Array, base: number): number {
  let seenBlank = false;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (d[i - base] > 0) continue;
    const type = t.type;
    if (assignOps.has(type)) return i;
    if (ruleOps.has(type) || type === 'Hash') return -1;
    if (type === 'Blank' || type === 'Continuation' || type === 'RecipeTab') {
      seenBlank = true;
      continue;
    }
    if (type === 'RParen' || type === 'RBrace') {
      // The close of a reference at depth 1 before it: part of the word.
      if (i > from && d[i - base - 1] > 0) continue;
    }
    if (seenBlank) return -1;
    if (type === 'Text') {
      const inner = t.image.search(/[ \t]/);
      if (inner !== -1) {
        if (/[^ \t]/.test(t.image.slice(inner))) return -1;
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

/**
 * Classifies a line. `prefixLed` says the line starts with the recipe prefix; `context` is the
 * rule context before it.
 */
export function classify(line: Line, context: RuleContext, prefixLed: boolean): Classified {
  const tokens = line.tokens;
  const to = tokens.length;
  const body = skipBlanks(tokens, 0, to);
  const d = depths(tokens, 0, to);
  const none = { body, afterModifiers: body, op: -1, depth: d };
  if (prefixLed && context === 'yes') return { kind: 'recipe', ...none };
  if (body === to || tokens[body].type === 'Hash') return { kind: 'blank', ...none };
  const first = tokens[body].type;
  // After a line only evaluation can read, a tab-led line may be a recipe: evaluation decides.
  if (prefixLed && context === 'maybe' && !conditionalTypes.has(first) && first !== 'Else' && first !== 'Endif') {
    return { kind: 'unresolved', ...none };
  }
  const end = codeEnd(tokens, body, to, d, 0);
  // Assignments come first, so that variables may be named `ifdef` or `export` (GNU make read.c).
  let i = body;
  for (;;) {
    const op = assignmentOp(tokens, i, end, d, 0);
    if (op !== -1) return { kind: 'assignment', body, afterModifiers: i, op, depth: d };
    const type = tokens[i].type;
    if (type === 'Define' || type === 'Undefine') {
      return { kind: type === 'Define' ? 'define' : 'undefine', body, afterModifiers: i, op: -1, depth: d };
    }
    if (!modifierTypes.has(type)) break;
    const next = skipBlanks(tokens, i + 1, end);
    if (next === end || next === i + 1) break;
    i = next;
  }
  if (conditionalTypes.has(first)) return { kind: 'if', ...none };
  if (first === 'Else') return { kind: 'else', ...none };
  if (first === 'Endif') return { kind: 'endif', ...none };
  if (directiveTypes.has(first)) return { kind: 'directive', ...none };
  if (first === 'Endef') return { kind: 'stray-endef', ...none };
  if (prefixLed) return { kind: 'recipe-before-target', ...none };
  if (findTop(tokens, body, end, d, 0, ruleOps) !== -1) return { kind: 'rule', ...none };
  for (let k = body; k < end; k++) {
    const type = tokens[k].type;
    if (type === 'DollarParen' || type === 'DollarBrace' || type === 'DollarChar') return { kind: 'unresolved', ...none };
  }
  return { kind: 'missing-separator', ...none };
}

/** State the line builders share for one file. */
export interface LineContext {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
}

function exprContext(ctx: LineContext, immediate: boolean): ExprContext {
  return { file: ctx.file, diagnostics: ctx.diagnostics, severity: immediate ? 'error' : 'warning' };
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
  const end = codeEnd(tokens, c.body, tokens.length, d, 0);
  const op = tokens[c.op];
  // GNU make expands the value at once for `:=`, `::=`, `:::=` and `!=`.
  const immediate = op.type !== 'Equals' && op.type !== 'QuestionEquals' && op.type !== 'PlusEquals';
  return {
    kind: 'Assignment',
    start: lineStart(line),
    end: lineEnd(line),
    indent: tokens.slice(0, c.body),
    modifiers: tokens.slice(c.body, c.afterModifiers),
    name: parseExpr(exprContext(ctx, true), tokens, c.afterModifiers, c.op, op.start),
    op,
    value: parseExpr(exprContext(ctx, immediate), tokens, c.op + 1, end, op.end),
    comment: tokens.slice(end),
    newline: line.newline,
  };
}

/** Builds a directive (`include`, `vpath`, `export` list, ...). */
export function buildDirective(ctx: LineContext, line: Line, c: Classified): Directive {
  const tokens = line.tokens;
  const d = c.depth;
  const end = codeEnd(tokens, c.body, tokens.length, d, 0);
  const keyword = tokens[c.body];
  return {
    kind: 'Directive',
    start: lineStart(line),
    end: lineEnd(line),
    indent: tokens.slice(0, c.body),
    keyword,
    args: parseExpr(exprContext(ctx, true), tokens, c.body + 1, end, keyword.end),
    comment: tokens.slice(end),
    newline: line.newline,
  };
}

/** Builds an expression line whose meaning evaluation decides. */
export function buildUnresolved(ctx: LineContext, line: Line, c: Classified, prefixLed: boolean): UnresolvedLine {
  const tokens = line.tokens;
  const d = c.depth;
  // A tab-led line after an unresolved line may be a recipe, where `#` is not a comment.
  const end = prefixLed ? tokens.length : codeEnd(tokens, c.body, tokens.length, d, 0);
  return {
    kind: 'UnresolvedLine',
    start: lineStart(line),
    end: lineEnd(line),
    indent: tokens.slice(0, c.body),
    expr: parseExpr(exprContext(ctx, !prefixLed), tokens, c.body, end, tokenEnd(tokens, c.body, lineStart(line))),
    comment: tokens.slice(end),
    newline: line.newline,
  };
}

const semicolonType = new Set(['Semicolon']);
const colonType = new Set(['Colon']);
const pipeType = new Set(['Pipe']);

/** Builds a rule line: targets, separator, static pattern, prerequisites, order-only, recipe. */
export function buildRule(ctx: LineContext, line: Line, c: Classified): Rule {
  const tokens = line.tokens;
  const to = tokens.length;
  const d = c.depth;
  const ec = exprContext(ctx, true);
  const opIndex = findTop(tokens, c.body, to, d, 0, ruleOps);
  const op = tokens[opIndex];
  const base = {
    kind: 'Rule' as const,
    start: lineStart(line),
    end: lineEnd(line),
    indent: tokens.slice(0, c.body),
    targets: parseExpr(ec, tokens, c.body, opIndex, op.start),
    op,
    newline: line.newline,
  };
  // A target-specific variable takes the rest of the line, `;` included (GNU make read.c).
  let i = skipBlanks(tokens, opIndex + 1, to);
  const afterOp = i;
  const end = codeEnd(tokens, opIndex + 1, to, d, 0);
  for (;;) {
    const assign = assignmentOp(tokens, i, end, d, 0);
    if (assign !== -1) {
      const opToken = tokens[assign];
      const immediate = opToken.type !== 'Equals' && opToken.type !== 'QuestionEquals' && opToken.type !== 'PlusEquals';
      return {
        ...base,
        staticPattern: undefined,
        prerequisites: parseExpr(ec, tokens, opIndex + 1, afterOp, op.end),
        orderOnly: undefined,
        recipe: undefined,
        targetVariable: {
          modifiers: tokens.slice(afterOp, i),
          name: parseExpr(ec, tokens, i, assign, opToken.start),
          op: opToken,
          value: parseExpr(exprContext(ctx, immediate), tokens, assign + 1, end, opToken.end),
        },
        comment: tokens.slice(end),
      };
    }
    if (i >= end || !modifierTypes.has(tokens[i].type)) break;
    const next = skipBlanks(tokens, i + 1, end);
    if (next === i + 1) break;
    i = next;
  }
  const semi = findTop(tokens, opIndex + 1, end, d, 0, semicolonType);
  const prereqEnd = semi === -1 ? end : semi;
  const second = op.type === 'Colon' || op.type === 'DoubleColon' ? findTop(tokens, opIndex + 1, prereqEnd, d, 0, colonType) : -1;
  const prereqStart = second === -1 ? opIndex + 1 : second + 1;
  const pipe = findTop(tokens, prereqStart, prereqEnd, d, 0, pipeType);
  return {
    ...base,
    staticPattern: second === -1 ? undefined : { pattern: parseExpr(ec, tokens, opIndex + 1, second, op.end), colon: tokens[second] },
    prerequisites: parseExpr(ec, tokens, prereqStart, pipe === -1 ? prereqEnd : pipe, tokens[prereqStart - 1].end),
    orderOnly: pipe === -1 ? undefined : { pipe: tokens[pipe], prerequisites: parseExpr(ec, tokens, pipe + 1, prereqEnd, tokens[pipe].end) },
    recipe: semi === -1 ? undefined : { semicolon: tokens[semi], text: tokens.slice(semi + 1) },
    targetVariable: undefined,
    comment: semi === -1 ? tokens.slice(end) : [],
  };
}

/** Builds a conditional directive line (`ifeq`, `else ifdef`, bare `else`). */
export function buildConditionalDirective(ctx: LineContext, line: Line, c: Classified): ConditionalDirective {
  const tokens = line.tokens;
  const to = tokens.length;
  const d = c.depth;
  const end = codeEnd(tokens, c.body, to, d, 0);
  let i = c.body;
  if (tokens[i].type === 'Else') i = skipBlanks(tokens, i + 1, end);
  const elseTokens = tokens.slice(c.body, i);
  const base = { kind: 'ConditionalDirective' as const, start: lineStart(line), end: lineEnd(line), indent: tokens.slice(0, c.body), elseTokens, comment: tokens.slice(end), newline: line.newline };
  if (i >= end || !conditionalTypes.has(tokens[i].type)) {
    if (i < end) ctx.diagnostics.push(diagnostic('P012', 'warning', "extraneous text after 'else' directive", span(ctx.file, tokens[i].start, tokens[end - 1].end)));
    return { ...base, keyword: undefined, name: undefined, compare: undefined, trailing: tokens.slice(i, end) };
  }
  const keyword = tokens[i];
  const ec = exprContext(ctx, true);
  const argStart = skipBlanks(tokens, i + 1, end);
  if (keyword.type === 'Ifdef' || keyword.type === 'Ifndef') {
    // An empty name is valid: it names the variable with the empty name, never defined.
    return { ...base, keyword, name: parseExpr(ec, tokens, i + 1, end, keyword.end), compare: undefined, trailing: [] };
  }
  const compare = parseCompare(ctx, tokens, i + 1, argStart, end);
  if (compare === undefined) {
    invalidConditional(ctx, keyword);
    return { ...base, keyword, name: undefined, compare: undefined, trailing: tokens.slice(i + 1, end) };
  }
  const after = skipBlanks(tokens, compare.next, end);
  if (after < end) {
    ctx.diagnostics.push(diagnostic('P012', 'warning', `extraneous text after '${keyword.image}' directive`, span(ctx.file, tokens[after].start, tokens[end - 1].end)));
  }
  return { ...base, keyword, name: undefined, compare: compare.node, trailing: tokens.slice(compare.next, end) };
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
  const lead = tokens.slice(from, argStart);
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
      punctuation: [...lead, first, ...tokens.slice(close1, open2 + 1), tokens[close2]],
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
  const end = codeEnd(tokens, c.body + 1, tokens.length, d, 0);
  const after = skipBlanks(tokens, c.body + 1, end);
  if (after < end) {
    ctx.diagnostics.push(diagnostic(name === 'endef' ? 'P011' : 'P012', 'warning', `extraneous text after '${name}' directive`, span(ctx.file, tokens[after].start, tokens[end - 1].end)));
  }
  return { indent: tokens.slice(0, c.body), keyword, trailing: tokens.slice(c.body + 1) };
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
  return { kind: 'BlankLine', start: lineStart(line), end: lineEnd(line), tokens: line.tokens.slice(0, c.body), comment: line.tokens.slice(c.body), newline: line.newline };
}

/**
 * A recipe line: the prefix and the raw rest. With a `.RECIPEPREFIX` other than tab, the first
 * token (`>echo`) is split so that the prefix is a token of its own.
 */
export function buildRecipe(line: Line): Statement {
  const tokens = line.tokens;
  const first = tokens[0];
  let prefix = first;
  let text = tokens.slice(1);
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
