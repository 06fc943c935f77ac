/**
 * Converts offsets to line and column by binary search over the offsets of line starts.
 * Line ends are `\n`; a `\r` before it belongs to the line it ends.
 */

/** A zero-based line and a zero-based column in UTF-16 units. */
export interface LineCol {
  readonly line: number;
  readonly col: number;
}

/** The offsets where each line of a text starts. */
export interface LineIndex {
  readonly lineStarts: readonly number[];
  readonly length: number;
}

/** Indexes the line starts of `text`. */
export function lineIndex(text: string): LineIndex {
  const lineStarts = [0];
  let at = text.indexOf('\n');
  while (at !== -1) {
    lineStarts.push(at + 1);
    at = text.indexOf('\n', at + 1);
  }
  return { lineStarts, length: text.length };
}

/** The zero-based line and column of `offset` (clamped into the text). */
export function lineCol(index: LineIndex, offset: number): LineCol {
  const clamped = Math.max(0, Math.min(offset, index.length));
  const starts = index.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, col: clamped - starts[lo] };
}

/** The text of zero-based line `line`, without its line end. */
export function lineText(index: LineIndex, text: string, line: number): string {
  const start = index.lineStarts[line] ?? text.length;
  const next = index.lineStarts[line + 1];
  let end = next === undefined ? text.length : next - 1;
  if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
  return text.slice(start, end);
}
