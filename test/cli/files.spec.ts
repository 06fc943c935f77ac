/**
 * `writeAtomicallyIfChanged`: a file that already holds the bytes keeps its time; any difference
 * (in a chunk, in the length either way, a missing file) writes the whole content.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomicallyIfChanged } from '../../src/cli/files.js';

describe('writeAtomicallyIfChanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbg-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const chunks = ['[\n', '{"a": 1},\n', '{"b": "é"}\n', ']\n'];
  const content = chunks.join('');
  // An old time, so that a write shows even within the file system's time resolution.
  const old = new Date('2020-01-01T00:00:00Z');
  const file = (name: string, text: string | undefined): string => {
    const path = join(dir, name);
    rmSync(path, { force: true });
    if (text !== undefined) {
      writeFileSync(path, text);
      utimesSync(path, old, old);
    }
    return path;
  };

  it('leaves a file that holds the same bytes as it was, its time included', () => {
    const path = file('same.json', content);
    expect(writeAtomicallyIfChanged(path, chunks)).toBe(false);
    expect(statSync(path).mtimeMs).toBe(old.getTime());
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('writes the whole content when a chunk differs, the file is longer or shorter, or missing', () => {
    const cases: [string, string | undefined][] = [
      ['middle.json', content.replace('"b"', '"c"')],
      ['first.json', `x${content.slice(1)}`],
      ['longer.json', `${content}extra\n`],
      ['shorter.json', content.slice(0, -3)],
      ['empty.json', ''],
      ['missing.json', undefined],
    ];
    for (const [name, text] of cases) {
      const path = file(name, text);
      expect(writeAtomicallyIfChanged(path, chunks), name).toBe(true);
      expect(readFileSync(path, 'utf8'), name).toBe(content);
      expect(statSync(path).mtimeMs, name).not.toBe(old.getTime());
    }
  });

  it('takes chunks of bytes as well as text, from a generator read once', () => {
    const path = file('bytes.json', content.replace('1', '2'));
    function* gen(): Generator<string | Uint8Array> {
      for (const c of chunks) yield Buffer.from(c);
    }
    expect(writeAtomicallyIfChanged(path, gen())).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(writeAtomicallyIfChanged(path, gen())).toBe(false);
  });

  it('copies a matched part longer than one read piece (a megabyte) back from the file', () => {
    const big = ['a', 'b', 'c'].map((c) => c.repeat(700_000));
    const path = file('big.json', `${big[0]}${big[1]}${'x'.repeat(700_000)}`);
    expect(writeAtomicallyIfChanged(path, big)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(big.join(''));
    expect(writeAtomicallyIfChanged(path, big)).toBe(false);
  });
});
