/**
 * `resolvePath`'s fast path for clean names must give what the general normalisation gives,
 * for any mix of `.`, `..`, doubled and trailing slashes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePath } from '../../../src/eval/make/index.js';

/** The general algorithm, written out: drop `.` and empty parts, let `..` remove one. */
function reference(cwd: string, path: string): string {
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

const part = fc.constantFrom('', '.', '..', 'a', 'b.c', '.x', 'x.', '...', '..y');
const path = fc.array(part, { maxLength: 6 }).map((parts) => parts.join('/'));

describe('resolvePath', () => {
  it('agrees with the general normalisation', () => {
    fc.assert(
      fc.property(path, path, (cwd, p) => {
        const absolute = `/${cwd}`;
        expect(resolvePath(absolute, p)).toBe(reference(absolute, p));
      }),
      { numRuns: 2000 },
    );
  });
});
