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
  let out = '';
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
    out += text.slice(from, k) + '\\'.repeat(backslashes >> 1);
    from = nl + 1;
    if (backslashes % 2 === 1) {
      while (from < text.length && (text[from] === ' ' || text[from] === '\t')) from++;
      let end = out.length;
      while (end > 0 && (out[end - 1] === ' ' || out[end - 1] === '\t')) end--;
      out = `${out.slice(0, end)} `;
    } else {
      out += '\n';
    }
  }
  return out + text.slice(from);
}
