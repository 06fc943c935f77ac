/**
 * Source positions: a `Span` is a file plus a half-open range of UTF-16 offsets into its text.
 * Line and column are never stored; they come from a `LineIndex` when a position is shown.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into one file's text. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** Makes a span; `end` defaults to `start` (an empty span). */
export function span(file: string, start: number, end: number = start): Span {
  return { file, start, end };
}
