/**
 * `rememberingFileSystem`, the host every kbuild analysis and build plan reads through: each path
 * is asked about once, and after a few questions about one directory its listing answers for the
 * names it lacks, as GNU make's own directory cache (dir.c) does. These are properties of the
 * cache itself, checked on a real directory against `nodeHost`'s own answers.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../src/base/index.js';
import { nodeHost } from '../../../src/cli/host.js';
import { rememberingFileSystem } from '../../../src/eval/kbuild/index.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-remembering-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** nodeHost, counting the questions that reach it; `run` is what a shell command does. */
function counting(run: () => void = () => {}): { host: Host; asked: string[] } {
  const base = nodeHost(true);
  const asked: string[] = [];
  const host: Host = {
    ...base,
    stat: (p) => (asked.push(`stat ${p}`), base.stat(p)),
    lstat: (p) => (asked.push(`lstat ${p}`), base.lstat!(p)),
    readDirectory: (p) => (asked.push(`list ${p}`), base.readDirectory(p)),
    readDirectoryKinds: (p) => (asked.push(`kinds ${p}`), base.readDirectoryKinds!(p)),
    shell: () => (run(), { stdout: '', stderr: '', status: 0 }),
  };
  return { host, asked };
}

describe('rememberingFileSystem', () => {
  const dir = join(work, 'dir');
  mkdirSync(dir);
  for (const f of ['a.c', 'b.c', '.a.o.cmd']) writeFileSync(join(dir, f), '');
  symlinkSync('nowhere', join(dir, 'dangling'));
  const names = ['a.c', 'b.c', '.a.o.cmd', 'a.o', 'b.o', '.b.o.cmd', 'dangling', 'c.c'];

  it("gives nodeHost's answers, and asks about a directory's missing names no more once it is listed", () => {
    const { host, asked } = counting();
    const fs = rememberingFileSystem(host);
    const plain = nodeHost(true);
    for (const n of names) {
      const p = join(dir, n);
      expect(fs.stat(p), p).toEqual(plain.stat(p));
      expect(fs.lstat!(p), p).toEqual(plain.lstat!(p));
    }
    // Asked once each: the listing, then only the names it has.
    expect(asked.filter((q) => q === `list ${dir}`)).toHaveLength(1);
    expect(asked).not.toContain(`stat ${join(dir, 'c.c')}`);
    expect(asked).not.toContain(`lstat ${join(dir, '.b.o.cmd')}`);
    expect(asked).toContain(`stat ${join(dir, 'dangling')}`);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('answers every path in a directory that does not exist as missing', () => {
    const { host, asked } = counting();
    const fs = rememberingFileSystem(host);
    const gone = join(work, 'no-such-dir');
    for (const n of names) expect(fs.stat(join(gone, n))).toBeUndefined();
    expect(asked.filter((q) => q.startsWith('stat ') && q !== `stat ${gone}`).length).toBeLessThan(names.length);
  });

  it("with lazyTimes, answers a listed file from the listing, and asks for its time only when it is read", () => {
    const { host, asked } = counting();
    const fs = rememberingFileSystem(host, { lazyTimes: true });
    const plain = nodeHost(true);
    // The first questions about the directory go to the host; then its listing answers.
    for (const n of ['x.o', 'y.o', 'z.o', 'w.o']) expect(fs.stat(join(dir, n))).toBeUndefined();
    expect(asked).toContain(`kinds ${dir}`);
    const a = fs.stat(join(dir, 'a.c'));
    expect(a?.kind).toBe('file');
    expect(asked).not.toContain(`stat ${join(dir, 'a.c')}`);
    expect(a?.mtimeMs).toBe(plain.stat(join(dir, 'a.c'))?.mtimeMs);
    expect(a?.size).toBe(0);
    expect(asked.filter((q) => q === `stat ${join(dir, 'a.c')}`)).toHaveLength(1);
    // A symbolic link is what it leads to: the host is asked.
    expect(fs.stat(join(dir, 'dangling'))).toBeUndefined();
    expect(fs.lstat!(join(dir, 'dangling'))).toEqual(plain.lstat!(join(dir, 'dangling')));
    for (const n of names) expect(fs.stat(join(dir, n))?.kind, n).toBe(plain.stat(join(dir, n))?.kind);
    // One listing, with kinds, gives the names too: the directory is read once, and its names after from memory.
    expect(fs.readDirectory(dir)).toEqual(plain.readDirectory(dir));
    expect(asked.filter((q) => q.endsWith(` ${dir}`) && (q.startsWith('list ') || q.startsWith('kinds ')))).toEqual([`kinds ${dir}`]);
  });

  it('asks again after a command ran: a file the command made is found', () => {
    const made = join(dir, 'made.o');
    const { host } = counting(() => writeFileSync(made, ''));
    const fs = rememberingFileSystem(host);
    for (const n of names) fs.stat(join(dir, n));
    expect(fs.stat(made)).toBeUndefined();
    fs.shell('touch made.o', dir, new Map());
    expect(fs.stat(made)?.kind).toBe('file');
  });

  it('asks again once told to forget, as a directory read again in the editor case does', () => {
    const added = join(dir, 'added.c');
    const { host } = counting();
    const fs = rememberingFileSystem(host, { lazyTimes: true });
    for (const n of names) fs.stat(join(dir, n));
    expect(fs.stat(added)).toBeUndefined();
    writeFileSync(added, '');
    expect(fs.stat(added)).toBeUndefined();
    fs.forget();
    expect(fs.stat(added)?.kind).toBe('file');
  });

  it('told which paths changed, asks again about those and their directory listings only', () => {
    const sub = join(work, 'named');
    mkdirSync(join(sub, 'deep'), { recursive: true });
    const [one, two, deep] = [join(sub, 'one.c'), join(sub, 'two.c'), join(sub, 'deep', 'x.c')];
    const { host, asked } = counting();
    const fs = rememberingFileSystem(host, { lazyTimes: true });
    const ask = (): void => {
      for (const n of [...names, 'one.c', 'two.c']) fs.stat(join(sub, n));
      for (const n of names) fs.stat(join(sub, 'deep', n));
    };
    ask();
    for (const p of [one, two, deep]) expect(fs.stat(p)).toBeUndefined();
    for (const p of [one, two, deep]) writeFileSync(p, '');
    // Only one.c is named: it and the listing of its directory are asked again, nothing in deep/.
    fs.forget([one]);
    const before = asked.length;
    ask();
    expect(fs.stat(one)?.kind).toBe('file');
    expect(fs.stat(deep)).toBeUndefined();
    expect(asked.slice(before).filter((q) => q.includes('/deep'))).toEqual([]);
    // A named directory takes what is below it along.
    fs.forget([join(sub, 'deep')]);
    expect(fs.stat(deep)?.kind).toBe('file');
    expect(fs.stat(one)?.kind).toBe('file');
  });
});
