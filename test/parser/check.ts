/**
 * The parser's one test helper: `check(input, expected)` parses an inline makefile and compares a
 * plain outline of the tree and the diagnostics (code and 1-based line:col) with the expected rows.
 */
import { expect } from 'vitest';
import {
  assertNever, lineCol, lineIndex, sourceBytes, sourceFile, type Diagnostic, type DiagnosticCode, type SourceFile,
} from '../../src/base/index.js';
import { tokenize } from '../../src/lexer/index.js';
import { parse, print, type Expr, type MakefileNode, type Reference, type Statement, type Token } from '../../src/parser/index.js';
import { tokensOf } from '../../src/parser/print.js';

/** A diagnostic as tests see it: code, 1-based line, 1-based column (UTF-16 units). */
export type CodeAt = readonly [DiagnosticCode, number, number];

/** What a row expects; a field left out is not compared, except `codes`, which defaults to none. */
export interface Expected {
  /** The kind of every top-level statement, in order. */
  readonly kinds?: readonly string[];
  /**
   * Every diagnostic, in offset order. Defaults to `[]` (a row without `codes` must parse clean),
   * unless the row gives `errors` only.
   */
  readonly codes?: readonly CodeAt[];
  /** The diagnostics of severity `error` only: where GNU make stops, or would stop if it got there. */
  readonly errors?: readonly CodeAt[];
  /** One line per statement (see `outline`); statements inside conditionals are indented. */
  readonly outline?: readonly string[];
  /** Every reference and `$x`/`$$` inside an expression, outermost first (see `refs`). */
  readonly refs?: readonly string[];
}

/** What `check` saw, for rows that compare two inputs with each other. */
export interface Checked {
  readonly kinds: readonly string[];
  readonly codes: readonly CodeAt[];
  readonly errors: readonly CodeAt[];
  readonly outline: readonly string[];
  readonly refs: readonly string[];
}

/**
 * Parses `input` (text, or bytes read as a file would be), asserts the invariants every parse must
 * keep (no throw, byte-exact round trip, tokens tiling the text, spans in bounds), then compares
 * what `expected` lists.
 *
 * @example
 * check('x := 1\n', { kinds: ['Assignment'], outline: ['Assignment name=x op=ColonEquals value=1'] });
 */
export function check(input: string | Uint8Array, expected: Expected = {}): Checked {
  const seen = observe(input);
  if (expected.kinds) expect(seen.kinds).toEqual(expected.kinds);
  if (expected.codes || !expected.errors) expect(seen.codes).toEqual(expected.codes ?? []);
  if (expected.errors) expect(seen.errors).toEqual(expected.errors);
  if (expected.outline) expect(seen.outline).toEqual(expected.outline);
  if (expected.refs) expect(seen.refs).toEqual(expected.refs);
  return seen;
}

/**
 * What a parse of `input` gives, after asserting the invariants `check` asserts; for rows that
 * compare two inputs with each other (a CRLF file must read like its LF twin).
 */
export function observe(input: string | Uint8Array): Checked {
  const file = sourceFile('test.mk', input);
  const { value, diagnostics } = parse(file);
  expect(invariants(file, value, diagnostics)).toEqual([]);
  if (typeof input !== 'string') expect(Buffer.from(sourceBytes(file, print(value))).equals(Buffer.from(input))).toBe(true);
  const index = lineIndex(file.text);
  const at = (d: Diagnostic): CodeAt => {
    const { line, col } = lineCol(index, d.span.start);
    return [d.code, line + 1, col + 1];
  };
  const seen: Checked = {
    kinds: value.statements.map((s) => s.kind),
    codes: diagnostics.map(at),
    errors: diagnostics.filter((d) => d.severity === 'error').map(at),
    outline: value.statements.flatMap((s) => outline(file.text, s, '')),
    refs: refs(value),
  };
  return seen;
}

/**
 * Every invariant a parse of `text` breaks, as readable strings (empty when it keeps them all):
 * `print` round-trips, `tokensOf` and the lexer's tokens each tile the text, diagnostic spans and
 * node spans lie inside the file, nodes lie inside their parents, siblings come in order, and no
 * X000 internal error is reported.
 * Parsing throwing is reported as a broken invariant too, so property tests can shrink it.
 */
export function parseInvariants(text: string): string[] {
  const file = sourceFile('prop.mk', text);
  let result: ReturnType<typeof parse>;
  try {
    result = parse(file);
  } catch (e) {
    return [`parse threw: ${(e as Error).stack ?? String(e)}`];
  }
  return invariants(file, result.value, result.diagnostics);
}

/** Whether `tokenize` keeps its promises on `text`: no throw, and tokens tiling the text. */
export function lexerInvariants(text: string): string[] {
  try {
    return tiling('lexer tokens', text, tokenize(sourceFile('prop.mk', text)).tokens);
  } catch (e) {
    return [`tokenize threw: ${(e as Error).stack ?? String(e)}`];
  }
}

function invariants(file: SourceFile, tree: MakefileNode, diagnostics: readonly Diagnostic[]): string[] {
  const text = file.text;
  const broken: string[] = [];
  const printed = print(tree);
  if (printed !== text) broken.push(`print differs from the input: ${JSON.stringify(printed.slice(0, 200))}`);
  broken.push(...tiling('tree tokens', text, tokensOf(tree)));
  broken.push(...tiling('lexer tokens', text, tokenize(file).tokens));
  for (const d of diagnostics) {
    if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) {
      broken.push(`${d.code} span [${d.span.start}, ${d.span.end}) outside [0, ${text.length}]`);
    }
    if (d.span.file !== file.path) broken.push(`${d.code} span names file ${d.span.file}`);
    // X000 marks the parser's own failures (STYLE.md §3), never a problem in the input.
    if (d.code === 'X000') broken.push(`X000 at ${d.span.start}: ${d.message}`);
  }
  if (tree.start !== 0 || tree.end !== text.length) broken.push(`root spans [${tree.start}, ${tree.end}), text length ${text.length}`);
  nodeSpans(tree, tree, 'Makefile', broken);
  return broken;
}

/** Checks that `tokens` are in order, each matches the text under it, and together they cover it. */
function tiling(what: string, text: string, tokens: readonly Token[]): string[] {
  let at = 0;
  for (const t of tokens) {
    if (t.start !== at) return [`${what}: token ${t.type} starts at ${t.start}, expected ${at}`];
    if (t.end < t.start || t.end - t.start !== t.image.length || text.slice(t.start, t.end) !== t.image) {
      return [`${what}: token ${t.type} [${t.start}, ${t.end}) does not match its image ${JSON.stringify(t.image)}`];
    }
    if (t.image.length === 0) return [`${what}: empty token ${t.type} at ${t.start}`];
    at = t.end;
  }
  return at === text.length ? [] : [`${what}: tokens end at ${at}, text at ${text.length}`];
}

interface Spanned {
  readonly start: number;
  readonly end: number;
}

function isSpanned(x: unknown): x is Spanned & object {
  return typeof x === 'object' && x !== null && typeof (x as Spanned).start === 'number' && typeof (x as Spanned).end === 'number';
}

/**
 * Walks every node (an object with `kind`) and token under `node`: each must satisfy
 * `parent.start <= start <= end <= parent.end`, and the elements of each array must not overlap.
 */
function nodeSpans(node: Spanned & object, parent: Spanned, path: string, broken: string[]): void {
  if (broken.length > 20) return;
  if (!(parent.start <= node.start && node.start <= node.end && node.end <= parent.end)) {
    broken.push(`${path} spans [${node.start}, ${node.end}), outside its parent's [${parent.start}, ${parent.end})`);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'file') continue;
    const children = Array.isArray(value) ? value : [value];
    let previous: Spanned | undefined;
    children.forEach((child: unknown, k) => {
      if (!isSpanned(child)) {
        // Plain objects without offsets (a rule's `recipe`, a define's `endef`) hold spanned children.
        if (typeof child === 'object' && child !== null) nodeSpans({ ...child, start: node.start, end: node.end }, node, `${path}.${key}`, broken);
        return;
      }
      const where = `${path}.${key}${Array.isArray(value) ? `[${k}]` : ''}`;
      if (previous && previous.end > child.start) broken.push(`${where} starts at ${child.start}, before its sibling ends at ${previous.end}`);
      previous = child;
      if ('kind' in child) nodeSpans(child, node, `${where}:${String((child as { kind: unknown }).kind)}`, broken);
      else if (!(node.start <= child.start && child.end <= node.end)) {
        broken.push(`${where} token [${child.start}, ${child.end}) outside [${node.start}, ${node.end})`);
      }
    });
  }
}

/**
 * Shows text on one line, blanks trimmed: a line end as `⏎` (CRLF too: GNU make drops the CR),
 * a tab as `⇥`.
 */
function show(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\n/g, '⏎').replace(/\t/g, '⇥').trim();
}

function showTokens(tokens: readonly Token[]): string {
  return show(tokens.map((t) => t.image).join(''));
}

function showExpr(e: Expr): string {
  return show(print(e));
}

function field(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}=${value}`;
}

function mods(tokens: readonly Token[]): string | undefined {
  const words = tokens.filter((t) => t.type !== 'Blank' && t.type !== 'Continuation').map((t) => t.image);
  return words.length > 0 ? `[${words.join(' ')}]` : undefined;
}

function comment(s: { readonly comment: readonly Token[] }): string {
  return field('comment', s.comment.length > 0 ? showTokens(s.comment) : undefined);
}

/**
 * One line per statement, naming its kind and key fields, e.g.
 * `Rule targets=%.o op=Colon prereqs=%.c recipe=echo`; operators by token type, text as `show`
 * prints it. A conditional gives a line per branch directive, its body indented under it, and
 * `endif` (or `endif=missing`).
 */
function outline(text: string, s: Statement, indent: string): string[] {
  switch (s.kind) {
    case 'Assignment':
      return [`${indent}Assignment${field('mods', mods(s.modifiers))} name=${showExpr(s.name)} op=${s.op.type} value=${showExpr(s.value)}${comment(s)}`];
    case 'Define':
      return [
        `${indent}Define${field('mods', mods(s.modifiers))} name=${showExpr(s.name)}${field('op', s.op?.type)} body=${show(text.slice(s.bodyStart, s.bodyEnd))}${s.endef ? '' : ' endef=missing'}`,
      ];
    case 'Undefine':
      return [`${indent}Undefine${field('mods', mods(s.modifiers))} name=${showExpr(s.name)}`];
    case 'Conditional': {
      const lines: string[] = [`${indent}Conditional`];
      for (const b of s.branches) {
        const d = b.directive;
        const words: string[] = [];
        if (d.elseTokens.length > 0) words.push('else');
        if (d.keyword) words.push(d.keyword.image);
        let test = '';
        if (d.name) test = ` name=${showExpr(d.name)}`;
        if (d.compare) test = ` left=${showExpr(d.compare.left)} right=${showExpr(d.compare.right)}`;
        lines.push(`${indent}  ${words.join(' ')}${test}${comment(d)}`);
        for (const inner of b.body) lines.push(...outline(text, inner, `${indent}    `));
      }
      lines.push(`${indent}  ${s.endif ? 'endif' : 'endif=missing'}`);
      return lines;
    }
    case 'Directive':
      return [`${indent}Directive ${s.keyword.image} args=${showExpr(s.args)}${comment(s)}`];
    case 'Rule': {
      let line = `${indent}Rule targets=${showExpr(s.targets)} op=${s.op.type}`;
      if (s.staticPattern) line += ` pattern=${showExpr(s.staticPattern.pattern)}`;
      if (s.targetVariable) {
        const v = s.targetVariable;
        line += ` var=(${mods(v.modifiers) ?? ''}${mods(v.modifiers) ? ' ' : ''}name=${showExpr(v.name)} op=${v.op.type} value=${showExpr(v.value)})`;
      } else {
        line += ` prereqs=${showExpr(s.prerequisites)}`;
      }
      if (s.orderOnly) line += ` orderOnly=${showExpr(s.orderOnly.prerequisites)}`;
      if (s.recipe) line += ` recipe=${showTokens(s.recipe.text)}`;
      return [line + comment(s)];
    }
    case 'RecipeLine':
      return [`${indent}RecipeLine prefix=${show(s.prefix.image)} text=${showTokens(s.text)}`];
    case 'UnresolvedLine':
      return [`${indent}UnresolvedLine expr=${showExpr(s.expr)}${comment(s)}`];
    case 'BlankLine':
      return [`${indent}BlankLine${comment(s)}`];
    case 'ErrorLine':
      return [`${indent}ErrorLine text=${showTokens(s.tokens)}`];
    default:
      return assertNever(s);
  }
}

/**
 * Every reference in the tree's expressions, outermost first: `VarRef(name)`, `SubstRef(v:a=b)`,
 * `FuncCall(name/argc)`, with `unterminated` when the close is missing, and the one-character
 * references `DollarChar($x)` and `DollarDollar`.
 */
function refs(tree: MakefileNode): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    const kind = (value as { kind?: string }).kind;
    if (kind === 'Expr') {
      for (const part of (value as Expr).parts) {
        if ('kind' in part) walk(part);
        else if (part.type === 'DollarChar') out.push(`DollarChar(${part.image})`);
        else if (part.type === 'DollarDollar') out.push('DollarDollar');
      }
      return;
    }
    if (kind === 'VarRef' || kind === 'SubstRef' || kind === 'FuncCall') {
      const r = value as Reference;
      const open = r.close === undefined ? ' unterminated' : '';
      if (r.kind === 'VarRef') out.push(`VarRef(${show(print(r.name))})${open}`);
      else if (r.kind === 'SubstRef') out.push(`SubstRef(${show(print(r.name))}:${show(print(r.pattern))}=${show(print(r.replacement))})`);
      else out.push(`FuncCall(${r.name.image}/${r.args.length})${open}`);
    }
    for (const [key, child] of Object.entries(value)) if (key !== 'file') walk(child);
  };
  walk(tree.statements);
  return out;
}

/**
 * Dedents an inline makefile: drops the first line end and the last line's indentation, then the
 * spaces every non-blank line starts with. Tabs are never removed, so recipe lines are written
 * `\t...` after the common indentation. A template literal drops a backslash-newline, so a
 * continuation is written `\\` at the end of the line.
 *
 * @example
 * source`
 *   all: foo
 *   \techo hi
 * ` === 'all: foo\n\techo hi\n'
 */
export function source(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings[0];
  values.forEach((v, k) => {
    text += String(v) + strings[k + 1];
  });
  if (text.startsWith('\n')) text = text.slice(1);
  text = text.replace(/\n[ ]*$/, '\n');
  const lines = text.split('\n');
  const widths = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = widths.length > 0 ? Math.min(...widths) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^ */.exec(l)![0].length))).join('\n');
}
