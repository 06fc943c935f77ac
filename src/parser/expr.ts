/**
 * The expression parser: turns a run of one line's tokens into `Expr` parts and references.
 * Parentheses nest as GNU make counts them: inside `$(...)` only `(`/`)`, inside `${...}` only `{`/`}`.
 */
import { diagnostic, span, type Diagnostic, type Severity } from '../base/index.js';
import type { Expr, ExprPart, FuncCall, Reference, SubstRef, Token, VarRef } from './cst.js';

/** Where expression diagnostics go, and how severe an unterminated reference is here. */
export interface ExprContext {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
  /**
   * `error` where GNU make expands the text while reading (rule lines, `:=` values, directives);
   * `warning` where it expands only on use (`=` values), since an unused value never fails.
   */
  readonly severity: Severity;
}

/**
 * How deep references are parsed into nodes; deeper ones stay flat tokens inside their parent's
 * name, so that input nesting cannot exhaust the stack (GNU make itself has no limit).
 */
const maxNesting = 400;

/**
 * Operator tokens that hold a `:` or `=` a substitution reference needs on its own
 * (`$(x:=.o)` has the pattern '' and the replacement `.o`), split into one-character tokens.
 */
const splitOps = new Set(['ColonEquals', 'DoubleColonEquals', 'TripleColonEquals', 'PlusEquals', 'QuestionEquals', 'BangEquals', 'DoubleColon']);

function splitOp(t: Token): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < t.image.length; k++) {
    const c = t.image[k];
    out.push({ type: c === ':' ? 'Colon' : c === '=' ? 'Equals' : 'Text', start: t.start + k, end: t.start + k + 1, image: c });
  }
  return out;
}

/** Makes an expression from `tokens[from, to)`; `at` is its offset when it is empty. */
export function parseExpr(ctx: ExprContext, tokens: readonly Token[], from: number, to: number, at: number): Expr {
  return parseExprAt(ctx, tokens, from, to, at, 0);
}

function parseExprAt(ctx: ExprContext, tokens: readonly Token[], from: number, to: number, at: number, nesting: number): Expr {
  const parts: ExprPart[] = [];
  let i = from;
  while (i < to) {
    const t = tokens[i];
    if (t.type === 'DollarParen' || t.type === 'DollarBrace') {
      const r = parseRef(ctx, tokens, i, to, nesting);
      parts.push(r.node);
      i = r.next;
    } else {
      parts.push(t);
      i++;
    }
  }
  return exprOf(parts, from < to ? tokens[from].start : at, from < to ? tokens[to - 1].end : at);
}

function exprOf(parts: ExprPart[], start: number, end: number): Expr {
  return { kind: 'Expr', start, end, parts };
}

interface RefResult {
  readonly node: Reference;
  readonly next: number;
  /** False when the line ended before the reference closed. */
  readonly closed: boolean;
}

const parenDelimiters = { bareOpen: 'LParen', close: 'RParen' } as const;
const braceDelimiters = { bareOpen: 'LBrace', close: 'RBrace' } as const;

/** The token types that open and close a reference of the kind `open` starts. */
function delimiters(open: Token): { readonly bareOpen: string; readonly close: string } {
  return open.type === 'DollarParen' ? parenDelimiters : braceDelimiters;
}

/**
 * Parses the reference opened at `tokens[at]`. A call's arguments are split at commas at nesting
 * depth 0; nested references are parsed recursively.
 */
function parseRef(ctx: ExprContext, tokens: readonly Token[], at: number, limit: number, nesting: number): RefResult {
  const open = tokens[at];
  const { bareOpen, close } = delimiters(open);
  const isCall = at + 1 < limit && tokens[at + 1].type === 'FunctionName';
  const segments: ExprPart[][] = [[]];
  const commas: Token[] = [];
  let blank: Token | undefined;
  let colon = -1; // Index into segment 0 of a depth-0 `:` (substitution reference).
  let equals = -1;
  let depth = 0;
  let i = isCall ? at + 2 : at + 1;
  if (isCall && i < limit && (tokens[i].type === 'Blank' || tokens[i].type === 'Continuation')) blank = tokens[i++];
  while (i < limit) {
    const t = tokens[i];
    if ((t.type === 'DollarParen' || t.type === 'DollarBrace') && nesting < maxNesting) {
      const r = parseRef(ctx, tokens, i, limit, nesting + 1);
      segments[segments.length - 1].push(r.node);
      i = r.next;
      if (!r.closed) return unterminated(ctx, tokens, at, limit, isCall, nesting === 0);
      continue;
    }
    if (t.type === close) {
      if (depth === 0) {
        return { node: finish(open, tokens[at + 1], isCall, segments, blank, commas, colon, equals, t), next: i + 1, closed: true };
      }
      depth--;
    } else if (t.type === bareOpen || t.type === open.type) {
      // A reference too deep to parse into a node still nests (its `$(` holds a `(`).
      depth++;
    } else if (depth === 0) {
      if (isCall && t.type === 'Comma') {
        commas.push(t);
        segments.push([]);
        i++;
        continue;
      }
      if (!isCall) {
        // Most tokens are not split; they skip making a one-element list of pieces.
        const pieces = splitOps.has(t.type) ? splitOp(t) : undefined;
        const count = pieces === undefined ? 1 : pieces.length;
        for (let k = 0; k < count; k++) {
          const piece = pieces === undefined ? t : pieces[k];
          if (colon === -1 && piece.type === 'Colon') colon = segments[0].length;
          else if (colon !== -1 && equals === -1 && piece.type === 'Equals') equals = segments[0].length;
          segments[0].push(piece);
        }
        i++;
        continue;
      }
    }
    segments[segments.length - 1].push(t);
    i++;
  }
  return unterminated(ctx, tokens, at, limit, isCall, nesting === 0);
}

function finish(
  open: Token,
  nameToken: Token,
  isCall: boolean,
  segments: ExprPart[][],
  blank: Token | undefined,
  commas: Token[],
  colon: number,
  equals: number,
  close: Token,
): Reference {
  const start = open.start;
  const end = close.end;
  if (isCall) {
    const args = segments.map((parts, k) => exprFromParts(parts, k === 0 ? (blank ?? nameToken).end : commas[k - 1].end));
    const node: FuncCall = { kind: 'FuncCall', start, end, open, name: nameToken, separators: blank ? [blank, ...commas] : commas, args, close };
    return node;
  }
  const parts = segments[0];
  if (colon !== -1 && equals !== -1) {
    const colonToken = parts[colon] as Token;
    const equalsToken = parts[equals] as Token;
    const node: SubstRef = {
      kind: 'SubstRef', start, end, open,
      name: exprFromParts(parts.slice(0, colon), open.end),
      colon: colonToken,
      pattern: exprFromParts(parts.slice(colon + 1, equals), colonToken.end),
      equals: equalsToken,
      replacement: exprFromParts(parts.slice(equals + 1), equalsToken.end),
      close,
    };
    return node;
  }
  const node: VarRef = { kind: 'VarRef', start, end, open, name: exprFromParts(parts, open.end), close };
  return node;
}

function exprFromParts(parts: ExprPart[], at: number): Expr {
  if (parts.length === 0) return exprOf(parts, at, at);
  return exprOf(parts, parts[0].start, parts[parts.length - 1].end);
}

/**
 * A reference with no matching close before the line ends. GNU make reads `$($(a)` as a reference
 * to the variable named `$(a`, up to the first close; otherwise it stops with "unterminated
 * variable reference" (or "unterminated call to function") when it expands the text.
 * Only the outermost reference of a line reports (`report`), at its opener.
 */
function unterminated(ctx: ExprContext, tokens: readonly Token[], at: number, limit: number, isCall: boolean, report: boolean): RefResult {
  const open = tokens[at];
  const { close } = delimiters(open);
  if (!isCall) {
    let firstClose = -1;
    let hasDollar = false;
    for (let k = at + 1; k < limit; k++) {
      const type = tokens[k].type;
      if (type === close) {
        firstClose = k;
        break;
      }
      if (type.startsWith('Dollar')) hasDollar = true;
    }
    if (firstClose !== -1 && hasDollar) {
      const name = exprOf(tokens.slice(at + 1, firstClose), tokens[at + 1].start, tokens[firstClose - 1].end);
      const node: VarRef = { kind: 'VarRef', start: open.start, end: tokens[firstClose].end, open, name, close: tokens[firstClose] };
      return { node, next: firstClose + 1, closed: true };
    }
  }
  if (report) {
    const message = isCall
      ? `unterminated call to function '${tokens[at + 1].image}': missing '${open.type === 'DollarParen' ? ')' : '}'}'`
      : 'unterminated variable reference';
    ctx.diagnostics.push(diagnostic('P002', ctx.severity, message, span(ctx.file, open.start, open.end)));
  }
  // Keep every token: the nested structure is re-read flat, which is all an unterminated line needs.
  const rest = tokens.slice(at + 1, limit);
  const end = limit > at + 1 ? tokens[limit - 1].end : open.end;
  if (isCall) {
    const args = rest.length > 1 ? [exprOf(rest.slice(1), rest[1].start, end)] : [];
    const node: FuncCall = { kind: 'FuncCall', start: open.start, end, open, name: tokens[at + 1], separators: [], args, close: undefined };
    return { node, next: limit, closed: false };
  }
  const node: VarRef = { kind: 'VarRef', start: open.start, end, open, name: exprOf(rest, rest.length > 0 ? rest[0].start : end, end), close: undefined };
  return { node, next: limit, closed: false };
}
