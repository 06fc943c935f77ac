/**
 * Renders diagnostics in the GCC shape that editors and CI parse:
 * `path:line:col: error[P001]: message`, then the source line and a caret.
 */
import type { Diagnostic } from './diagnostic.js';
import { lineCol, lineText, type LineIndex } from './line-index.js';

/** What the renderer needs to know about the file a diagnostic points into. */
export interface RenderSource {
  readonly path: string;
  readonly text: string;
  readonly index: LineIndex;
}

/** The longest source line shown under a diagnostic; longer lines are cut around the caret. */
const maxShownLine = 160;

/**
 * Renders one diagnostic. Lines and columns are 1-based; the column counts UTF-16 units.
 *
 * @example
 * renderDiagnostic(d, { path: 'Makefile', text, index: lineIndex(text) })
 * // 'Makefile:3:1: error[P001]: missing separator\n foo\n ^'
 */
export function renderDiagnostic(d: Diagnostic, source: RenderSource | undefined, options: { readonly snippet?: boolean } = {}): string {
  if (!source) return `${d.span.file}: ${d.severity}[${d.code}]: ${d.message}`;
  const { line, col } = lineCol(source.index, d.span.start);
  const head = `${source.path}:${line + 1}:${col + 1}: ${d.severity}[${d.code}]: ${d.message}`;
  if (options.snippet === false) return head;
  let text = lineText(source.index, source.text, line);
  let caretCol = col;
  if (text.length > maxShownLine) {
    const from = Math.max(0, Math.min(col - maxShownLine / 2, text.length - maxShownLine));
    text = text.slice(from, from + maxShownLine);
    caretCol = col - from;
  }
  // Control characters would garble a terminal; show them as spaces so the caret still lines up.
  const shown = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  const pad = shown.slice(0, caretCol).replace(/[^\t]/g, ' ');
  return `${head}\n ${shown}\n ${pad}^`;
}
