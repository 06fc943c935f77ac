/**
 * `writeAtomicallyIfChanged`: a file that already holds the bytes keeps its time; any difference
 * (in a chunk, in the length either way, a missing file) writes the whole content. `writeAtomically`
 * with `follow` follows a symbolic link (which stays a link) and writes a FIFO in place; without, it
 * replaces a link.
 */
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomically, writeAtomicallyIfChanged } from '../../src/cli/files.js';

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

describe('writeAtomically with follow (a file the user named), and without', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbg-atomic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows a symbolic link: the link stays, the file it names gets the content', () => {
    const target = join(dir, 'build', 'compile_commands.json');
    spawnSync('mkdir', ['-p', join(dir, 'build')]);
    writeFileSync(target, 'old\n');
    const link = join(dir, 'compile_commands.json');
    symlinkSync('build/compile_commands.json', link);
    writeAtomically(link, ['new', '\n'], true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('build/compile_commands.json');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    // Through writeAtomicallyIfChanged too, comparing with the file the link names.
    expect(writeAtomicallyIfChanged(link, ['new\n'])).toBe(false);
    expect(writeAtomicallyIfChanged(link, ['newer\n'])).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('newer\n');
  });

  it('a link to nothing yet: the file it names is made, and the link stays', () => {
    const link = join(dir, 'dangling.json');
    symlinkSync('made-later.json', link);
    writeAtomically(link, 'x\n', true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'made-later.json'), 'utf8')).toBe('x\n');
  });

  it('writes a FIFO in place: a rename would replace it with a file', async () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let out = '';
    reader.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const ended = new Promise((resolve) => reader.on('close', resolve));
    try {
      writeAtomically(fifo, ['through ', 'the pipe\n'], true);
      // A FIFO replaced by a file leaves the reader waiting: it is stopped after a while.
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    } finally {
      reader.kill();
    }
    expect(out).toBe('through the pipe\n');
    expect(statSync(fifo).isFIFO()).toBe(true);
  }, 20_000);

  it('without follow, a link is replaced like a file and what it names is left alone (build -o: links lead into the sources)', () => {
    const source = join(dir, 'source-build.ninja');
    writeFileSync(source, 'the source tree\'s\n');
    const link = join(dir, 'build.ninja');
    symlinkSync(source, link);
    writeAtomically(link, 'ours\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('ours\n');
    expect(readFileSync(source, 'utf8')).toBe('the source tree\'s\n');
  });
});
