/**
 * GNU make's `collapse_continuations`: in a non-recipe line, backslash-newline and the blanks
 * around it become one space, and backslashes before a newline pair up.
 */

/**
 * Collapses continuations in `text` (a logical line or part of one).
 *
 * @example
 * collapse('a   \\\n   b') // 'a b'
 */
export function collapse(text: string): string {
  if (text.indexOf('\n') === -1) return text;
  // Pieces of the result, joined at the end: a long continued line (kbuild's `deps_` lists run to
  // a thousand lines) is then collapsed in linear time.
  const out: string[] = [];
  // Drops the blanks at the end of what is collapsed so far.
  const trimEnd = (): void => {
    while (out.length > 0) {
      const last = out[out.length - 1];
      let end = last.length;
      while (end > 0 && (last[end - 1] === ' ' || last[end - 1] === '\t')) end--;
      if (end > 0) {
        out[out.length - 1] = last.slice(0, end);
        return;
      }
      out.pop();
    }
  };
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    if (nl === -1) break;
    let segmentEnd = nl;
    if (segmentEnd > from && text[segmentEnd - 1] === '\r') segmentEnd--;
    let k = segmentEnd;
    while (k > from && text[k - 1] === '\\') k--;
    const backslashes = segmentEnd - k;
    // Keep half of the backslashes before the newline (rounded so an odd one is the continuation).
    out.push(text.slice(from, k), '\\'.repeat(backslashes >> 1));
    from = nl + 1;
    if (backslashes % 2 === 1) {
      while (from < text.length && (text[from] === ' ' || text[from] === '\t')) from++;
      trimEnd();
      out.push(' ');
    } else {
      out.push('\n');
    }
  }
  out.push(text.slice(from));
  return out.join('');
}
