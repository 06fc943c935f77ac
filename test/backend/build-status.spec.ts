/**
 * Issue 5's status line, on a copy of fs/fat whose misc.c has a `#warning`: on a terminal (faked
 * through `main`'s CliIo), kbuild's short lines become one `[done/total] CC [M] fat/inode.o` line
 * rewritten in place, one for each short line kbuild's own build prints, while the compiler's
 * warning (as kbuild's build shows it) comes out in full above it; with `-v`, or off a terminal,
 * the output is kbuild's own lines.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalLine } from '../../src/cli/terminal.js';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli, freshCopy, kbuild } from './builds.js';

const headers = kernelHeaders();
const work = mkdtempSync(join(tmpdir(), 'kbg-build-status-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, 'fat');
const clear = '\r\x1b[K';

/** A fresh copy of fs/fat whose misc.c warns (line 11). */
function warningCopy(): void {
  freshCopy('fs/fat', dir);
  const misc = join(dir, 'misc.c');
  const text = readFileSync(misc, 'utf8');
  writeFileSync(misc, text.replace('#include "fat.h"\n', '#include "fat.h"\n#warning kbuild-graph status test\n'));
}

/** The lines make itself printed (`make: ...`, `make[1]: ...`) left out. */
function commandOutput(text: string): string {
  return text.split('\n').filter((l) => !/^make(\[\d+\])?: /.test(l)).join('\n');
}

describe('kbuild-graph build on a terminal', () => {
  it('shows one status line for kbuild\'s short lines, and the compiler\'s warning in full above it', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    warningCopy();
    const make = kbuild(headers!, dir, ['modules', '-j2']);
    expect(make.code, make.stderr).toBe(0);
    // The compiler warns twice (the compile, and genksyms' preprocessing), before the links' BTF notes.
    const warning = commandOutput(make.stderr).split('\nSkipping BTF')[0];
    expect(warning).toContain(`${dir}/misc.c:11:2: warning: #warning kbuild-graph status test [-Wcpp]`);
    // kbuild's short lines, as the status line shows them: the tag, and the path from the working directory.
    const short = make.stdout.split('\n').filter((l) => /^ {2}[A-Z]/.test(l)).map((l) => l.trim().replace(/\s+(?=\/)/, ' ').replace(`${work}/`, ''));
    expect(short).toContain('CC [M] fat/misc.o');
    warningCopy();
    const ours = await cli(['build', dir, '--kernel', headers!, '-j', '2'], work, {}, { columns: 200 });
    expect(ours.code, ours.stderr).toBe(0);
    // Everything on stdout is the status line, each time rewritten in place, and a line end at the end.
    expect(ours.stdout.startsWith(clear)).toBe(true);
    expect(ours.stdout.endsWith('\n')).toBe(true);
    const frames = ours.stdout.slice(0, -1).split(clear).filter((f) => f !== '');
    const parsed = frames.map((f) => /^\[(\d+)\/(\d+)\](?: (.*))?$/.exec(f));
    expect(parsed.every((m) => m !== null), frames.find((f, i) => parsed[i] === null)).toBe(true);
    const [done, total] = [Number(parsed.at(-1)![1]), Number(parsed.at(-1)![2])];
    expect(done).toBe(total);
    // Counts only grow; the total grows as each stage is planned.
    for (let i = 1; i < parsed.length; i++) {
      expect(Number(parsed[i]![1])).toBeGreaterThanOrEqual(Number(parsed[i - 1]![1]));
      expect(Number(parsed[i]![2])).toBeGreaterThanOrEqual(Number(parsed[i - 1]![2]));
    }
    const labels = [...new Set(parsed.map((m) => m![3]).filter((l) => l !== undefined))];
    expect(labels.sort()).toEqual([...new Set(short)].sort());
    // The warning comes out whole on stderr, on a line of its own: the status line is cleared before it.
    expect(ours.stderr).toContain(warning.trim());
    const first = warning.split('\n').find((l) => l.includes('misc.c'))!;
    const before = ours.interleaved.slice(0, ours.interleaved.indexOf(first));
    expect(before.endsWith(clear) || before.endsWith('\n')).toBe(true);
  }, 300_000);

  it('with -v, and off a terminal, the lines are kbuild\'s own', async () => {
    // An edited misc.c: its object, the module's link and the .ko link run again.
    touch(join(dir, 'misc.c'));
    const verbose = await cli(['build', dir, '--kernel', headers!, '-j', '2', '-v'], work, {}, { columns: 200 });
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stdout).not.toContain(clear);
    expect(verbose.stdout).toMatch(/^ {2}ld -r -m elf_x86_64 /m);
    touch(join(dir, 'misc.c'));
    const plain = await cli(['build', dir, '--kernel', headers!, '-j', '2'], work);
    expect(plain.stdout).not.toContain(clear);
    expect(plain.stdout).toMatch(/^ {2}LD \[M\] {2}\//m);
  }, 300_000);
});

/** Makes `file` newer than everything built so far, as an edit does. */
function touch(file: string): void {
  const now = new Date();
  utimesSync(file, now, now);
}

describe('terminalLine', () => {
  it('cuts a line longer than the terminal in the middle, and keeps the last line when told', () => {
    let out = '';
    const line = terminalLine((t) => (out += t), 30);
    line.show(`[1/2] CC [M] ${'x'.repeat(60)}/inode.o`);
    expect(out).toBe(`${clear}[1/2] CC [M] ...xxxxx/inode.o`);
    line.above((t) => (out += `<${t}>`), 'warning');
    expect(out.endsWith(`${clear}<warning\n>[1/2] CC [M] ...xxxxx/inode.o`)).toBe(true);
    line.end(true);
    expect(out.endsWith('\n')).toBe(true);
  });
});
