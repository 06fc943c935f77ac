/** Builds `define` blocks: the header line, the raw body, and the `endef` line. */
import { diagnostic, span } from '../base/index.js';
import type { Define, Token } from './cst.js';
import { parseExpr } from './expr.js';
import {
  codeEnd, exprContext, isAssignOp, keywordLine, lineStart, lineEnd, range, type Classified, type Line, type LineContext,
} from './lines.js';


/** Whether a body line opens (`+1`) or closes (`-1`) a nested define, GNU make's define reader's test. */
export function defineNesting(line: Line, prefix: string): number {
  const tokens = line.tokens;
  if (tokens.length === 0) return 0;
  // Lines led by the recipe prefix are never checked for define/endef.
  if (prefix === '\t' ? tokens[0].type === 'RecipeTab' : tokens[0].image.startsWith(prefix)) return 0;
  let i = 0;
  while (i < tokens.length && (tokens[i].type === 'Blank' || tokens[i].type === 'Continuation')) i++;
  if (i === tokens.length) return 0;
  if (tokens[i].type === 'Define') return 1;
  if (tokens[i].type === 'Endef') return -1;
  return 0;
}

/** Builds a `define` from its header line, body lines and `endef` line (missing when unterminated). */
export function buildDefine(ctx: LineContext, header: Line, c: Classified, bodyLines: readonly Line[], endLine: Line | undefined, endClassified: Classified | undefined): Define {
  const tokens = header.tokens;
  const keyword = tokens[c.afterModifiers];
  const d = c.depth;
  const end = codeEnd(tokens, c.afterModifiers + 1, tokens.length, d);
  let op = -1;
  for (let i = c.afterModifiers + 1; i < end; i++) {
    if (d[i] === 0 && isAssignOp(tokens[i].type)) {
      op = i;
      break;
    }
  }
  const nameEnd = op === -1 ? end : op;
  const ec = exprContext(ctx, true);
  const body: Token[] = [];
  for (const l of bodyLines) {
    body.push(...l.tokens);
    if (l.newline) body.push(l.newline);
  }
  const bodyStart = header.newline ? header.newline.end : lineEnd(header);
  let bodyEnd = bodyStart;
  if (bodyLines.length > 0) {
    const last = bodyLines[bodyLines.length - 1];
    // The value stops before the line end that precedes `endef` (GNU make drops it).
    bodyEnd = endLine && last.newline ? last.newline.start : lineEnd(last);
  }
  if (!endLine) {
    ctx.diagnostics.push(diagnostic('P009', 'error', "missing 'endef', unterminated 'define'", span(ctx.file, keyword.start, keyword.end)));
  }
  if (op !== -1 && op + 1 < end && range(tokens, op + 1, end).some((t) => t.type !== 'Blank')) {
    ctx.diagnostics.push(diagnostic('P012', 'warning', "extraneous text after 'define' directive", span(ctx.file, tokens[op + 1].start, tokens[end - 1].end)));
  }
  return {
    kind: 'Define',
    start: lineStart(header),
    end: endLine ? lineEnd(endLine) : body.length > 0 ? body[body.length - 1].end : lineEnd(header),
    indent: range(tokens, 0, c.body),
    modifiers: range(tokens, c.body, c.afterModifiers),
    keyword,
    name: parseExpr(ec, tokens, c.afterModifiers + 1, nameEnd, keyword.end),
    op: op === -1 ? undefined : tokens[op],
    trailing: op === -1 ? range(tokens, end, tokens.length) : range(tokens, op + 1, tokens.length),
    headerNewline: header.newline,
    body,
    bodyStart,
    bodyEnd,
    endef: endLine && endClassified ? keywordLine(ctx, endLine, endClassified, 'endef') : undefined,
    comment: [],
    newline: endLine?.newline,
  };
}
