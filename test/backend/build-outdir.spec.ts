/**
 * Issue 5's `-o OUTDIR`, on fs/fat: `kbuild-graph build SRC -o P` leaves SRC as it was (the same
 * files, bytes and modification times) and gives in P every `.o`, `.ko`, `Module.symvers` and
 * `modules.order` byte-identical to kbuild's own `make -C <headers> M=P modules` of a copy at P (the
 * same path, since the compiler embeds it); kbuild's own make then finds P up to date. The shadow
 * tree's synchronisation and the refused OUTDIRs are checked on small trees of the test's own.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncShadowTree } from '../../src/cli/shadow-tree.js';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli, differences, freshCopy, kbuild, products, seconds } from './builds.js';

const headers = kernelHeaders();
const work = mkdtempSync(join(tmpdir(), 'kbg-build-outdir-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every entry under `dir` (not followed through links): its kind, size, modification time and bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const path = join(dir, name);
    const s = lstatSync(path);
    const bytes = s.isFile() ? readFileSync(path).toString('base64') : s.isSymbolicLink() ? readlinkSync(path) : '';
    out.set(name, `${s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other'} ${s.size} ${s.mtimeMs} ${bytes}`);
  }
  return out;
}

/** The files kbuild's commands named in their short lines (`  CC [M]  /p/x.o`), by tag. */
function shortLines(stdout: string, tag: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith(`  ${tag} `)).map((l) => l.trim().split(/\s+/).pop()!).sort();
}

describe('kbuild-graph build -o OUTDIR against kbuild at the same path', () => {
  const out = join(work, 'fat');
  const src = join(work, 'src', 'fat');

  it('gives kbuild\'s products in OUTDIR and leaves the module directory as it was', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    freshCopy('fs/fat', out);
    const make = kbuild(headers!, out, ['modules', '-j2']);
    expect(make.code, make.stderr).toBe(0);
    const theirs = products(out);
    expect(theirs.size).toBe(20);
    rmSync(out, { recursive: true, force: true });
    freshCopy('fs/fat', src);
    const before = snapshot(src);
    const ours = await cli(['build', src, '--kernel', headers!, '-j', '2', '-o', out], work);
    expect(ours.code, ours.stderr).toBe(0);
    const built = products(out);
    expect([...built.keys()]).toEqual([...theirs.keys()]);
    expect(differences(theirs, built)).toEqual([]);
    expect(snapshot(src)).toEqual(before);
    // Each source of fat is a link to its absolute path in the module directory.
    expect(readlinkSync(join(out, 'inode.c'))).toBe(join(src, 'inode.c'));
    console.info(`fs/fat -j2 into -o: kbuild ${seconds(make.ms)}, kbuild-graph build ${seconds(ours.ms)}`);
  }, 300_000);

  it('a second build compiles nothing, kbuild\'s own make finds OUTDIR up to date, and an edited source is compiled again', async () => {
    const before = snapshot(src);
    const products1 = products(out);
    const again = await cli(['build', src, '--kernel', headers!, '-j', '2', '-o', out], work);
    expect(again.code, again.stderr).toBe(0);
    expect(shortLines(again.stdout, 'CC')).toEqual([]);
    expect(differences(products1, products(out))).toEqual([]);
    expect(snapshot(src)).toEqual(before);
    // kbuild itself, run in OUTDIR, reads the links and the .cmd files there as its own build's.
    const make = kbuild(headers!, out, ['modules', '-j2']);
    expect(make.code, make.stderr).toBe(0);
    expect(shortLines(make.stdout, 'CC')).toEqual([]);
    // A changed source in the module directory reaches the build through its link.
    writeFileSync(join(src, 'nfs.c'), `${readFileSync(join(src, 'nfs.c'), 'utf8')}\n/* edited */\n`);
    const edited = await cli(['build', src, '--kernel', headers!, '-j', '2', '-o', out], work);
    expect(edited.code, edited.stderr).toBe(0);
    expect(shortLines(edited.stdout, 'CC')).toEqual([join(out, 'nfs.o')]);
  }, 300_000);

  it('refuses an OUTDIR that is the module directory, inside it, or around it', async () => {
    const dir = join(work, 'refused');
    mkdirSync(join(dir, 'inner'), { recursive: true });
    writeFileSync(join(dir, 'inner', 'Makefile'), 'obj-m := x.o\n');
    for (const [module, outdir, says] of [
      [join(dir, 'inner'), join(dir, 'inner'), 'is the module directory itself'],
      [join(dir, 'inner'), join(dir, 'inner', 'build'), 'is inside the module directory'],
      [join(dir, 'inner'), dir, 'is inside -o'],
    ] as const) {
      const r = await cli(['build', module, '--kernel', headers!, '-o', outdir], work);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^kbuild-graph: error\\[C005\\]: .*${says}`));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(join(dir, 'inner'))).toEqual(['Makefile']);
  });
});

describe('the shadow tree\'s synchronisation', () => {
  it('links new sources, removes links to vanished ones, and leaves outputs, files of its own and kbuild\'s outputs alone', () => {
    const src = join(work, 'sync-src');
    const out = join(work, 'sync-out');
    mkdirSync(join(src, 'sub'), { recursive: true });
    for (const f of ['Makefile', 'a.c', 'own.c', 'sub/b.c', 'sub/b.h', 'x.o', '.x.o.cmd', 'modules.order']) writeFileSync(join(src, f), f);
    mkdirSync(join(src, '.git'));
    writeFileSync(join(src, '.git', 'HEAD'), 'ref');
    const first = syncShadowTree(src, out);
    expect(first).toEqual({ linked: 5, removed: 0, own: [], directories: [src, join(src, 'sub')] });
    expect((readdirSync(out, { recursive: true }) as string[]).sort()).toEqual(['Makefile', 'a.c', 'own.c', 'sub', 'sub/b.c', 'sub/b.h']);
    expect(lstatSync(join(out, 'sub')).isDirectory()).toBe(true);
    expect(readlinkSync(join(out, 'sub', 'b.c'))).toBe(join(src, 'sub', 'b.c'));
    // A build's outputs, a file of OUTDIR's own where a source is, and a link of the user's.
    writeFileSync(join(out, 'sub', 'b.o'), 'object');
    unlinkSync(join(out, 'own.c'));
    writeFileSync(join(out, 'own.c'), 'edited in OUTDIR');
    symlinkSync('/nonexistent/elsewhere', join(out, 'users-link'));
    rmSync(join(src, 'a.c'));
    writeFileSync(join(src, 'sub', 'c.c'), 'new');
    const second = syncShadowTree(src, out);
    expect(second).toEqual({ linked: 1, removed: 1, own: ['own.c'], directories: [src, join(src, 'sub')] });
    expect((readdirSync(out, { recursive: true }) as string[]).sort()).toEqual(['Makefile', 'own.c', 'sub', 'sub/b.c', 'sub/b.h', 'sub/b.o', 'sub/c.c', 'users-link']);
    expect(readFileSync(join(out, 'own.c'), 'utf8')).toBe('edited in OUTDIR');
    expect(readFileSync(join(out, 'sub', 'b.o'), 'utf8')).toBe('object');
    // The module directory is never written: its files are as they were made.
    expect((readdirSync(src, { recursive: true }) as string[]).sort()).toEqual(['.git', '.git/HEAD', '.x.o.cmd', 'Makefile', 'modules.order', 'own.c', 'sub', 'sub/b.c', 'sub/b.h', 'sub/c.c', 'x.o']);
  });
});
