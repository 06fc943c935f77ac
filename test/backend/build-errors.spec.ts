/**
 * Acceptance 5 of issue 5, on copies of fs/fat: a syntax error in one C file gives the compiler's
 * message, a non-zero exit and, with `-k`, the same other files as kbuild's `make -k` (byte for
 * byte); a build interrupted with SIGINT half-way and started again gives the same files as kbuild's
 * uninterrupted build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli, differences, environment, freshCopy, kbuild, products } from './builds.js';

const headers = kernelHeaders();
const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/kbuild-graph.js');
const work = mkdtempSync(join(tmpdir(), 'kbg-build-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, 'fat');

/** A fresh copy of fs/fat whose misc.c has a statement without its `;` (line 11). */
function brokenCopy(): void {
  freshCopy('fs/fat', dir);
  const misc = join(dir, 'misc.c');
  const text = readFileSync(misc, 'utf8');
  const broken = text.replace('#include "fat.h"\n', '#include "fat.h"\nint kbg_broken(void) { return 1 }\n');
  expect(broken).not.toBe(text);
  writeFileSync(misc, broken);
}

/**
 * kbuild's build of a fresh fs/fat (its products returned), then a fresh copy again and
 * `kbuild-graph build` started on it as a process (its own process group when `group`), returned
 * once three of fat's ten objects are written: the others are being compiled or not started.
 */
async function buildStartedAfterKbuilds(group: boolean): Promise<{ theirs: ReturnType<typeof products>; child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  expect(existsSync(bin), 'bin/kbuild-graph.js is missing: run `npm run build` first').toBe(true);
  freshCopy('fs/fat', dir);
  const make = kbuild(headers!, dir, ['modules', '-j2']);
  expect(make.code, make.stderr).toBe(0);
  const theirs = products(dir);
  freshCopy('fs/fat', dir);
  const child = spawn(process.execPath, [bin, 'build', dir, '--kernel', headers!, '-j', '2'], { detached: group, env: { ...environment }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  while (readdirSync(dir).filter((n) => n.endsWith('.o')).length < 3) await new Promise((resolve) => setTimeout(resolve, 50));
  return { theirs, child, exited };
}

/** The lines make itself printed (`make: ...`, `make[1]: ...`) left out: what the commands printed. */
function commandOutput(stderr: string): string {
  return stderr.split('\n').filter((l) => !/^make(\[\d+\])?: /.test(l)).join('\n');
}

describe('kbuild-graph build when a command fails or the build is interrupted', () => {
  it('a syntax error: the compiler\'s message, exit status 2, and with -k the other files as kbuild\'s make -k', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    // A UTF-8 locale: gcc quotes with ‘’, which must come through as the compiler wrote them.
    const locale = { LANG: 'C.UTF-8' };
    brokenCopy();
    const make = kbuild(headers!, dir, ['modules', '-j2', '-k'], locale);
    expect(make.code).toBe(2);
    const message = commandOutput(make.stderr);
    expect(message).toContain(`${dir}/misc.c:11:32: error: expected ‘;’ before ‘}’ token`);
    const theirs = products(dir);
    brokenCopy();
    const ours = await cli(['build', dir, '--kernel', headers!, '-j', '2', '-k'], work, locale);
    expect(ours.code).toBe(2);
    expect(ours.stderr).toContain(message);
    expect(ours.stderr).toContain(`*** [${dir}/misc.o] Error 1`);
    // kbuild -k goes on with the other objects of fat.o and with vfat.o and msdos.o, but links no module.
    expect([...theirs.keys()]).toEqual(['cache.o', 'dir.o', 'fatent.o', 'file.o', 'inode.o', 'msdos.o', 'namei_msdos.o', 'namei_vfat.o', 'nfs.o', 'vfat.o']);
    const built = products(dir);
    expect([...built.keys()]).toEqual([...theirs.keys()]);
    expect(differences(theirs, built)).toEqual([]);
  }, 300_000);

  it('a build interrupted half-way (SIGINT to its process group, as a terminal sends it) and started again gives kbuild\'s files', async () => {
    const { theirs, child, exited } = await buildStartedAfterKbuilds(true);
    process.kill(-child.pid!, 'SIGINT');
    const interrupted = await exited;
    expect(interrupted.signal ?? interrupted.code).not.toBe(0);
    const left = products(dir);
    expect(left.has('fat.ko')).toBe(false);
    expect(left.size).toBeLessThan(theirs.size);
    const again = await cli(['build', dir, '--kernel', headers!, '-j', '2'], work);
    expect(again.code, again.stderr).toBe(0);
    const built = products(dir);
    expect([...built.keys()]).toEqual([...theirs.keys()]);
    expect(differences(theirs, built)).toEqual([]);
    console.info(`fs/fat interrupted with ${left.size} of ${theirs.size} products written, then built again: ${again.stdout.split('\n').filter((l) => /^ {2}CC/.test(l)).length} compiles`);
  }, 300_000);

  it('SIGTERM to kbuild-graph alone stops its commands too, and a second build gives kbuild\'s files', async () => {
    const { theirs, child, exited } = await buildStartedAfterKbuilds(false);
    process.kill(child.pid!, 'SIGTERM');
    const stopped = await exited;
    // make's convention: 128 + the signal's number, once the running commands have ended.
    expect(stopped.code).toBe(128 + 15);
    const left = [...products(dir).keys()];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect([...products(dir).keys()], 'no command went on after kbuild-graph ended').toEqual(left);
    const again = await cli(['build', dir, '--kernel', headers!, '-j', '2'], work);
    expect(again.code, again.stderr).toBe(0);
    expect(differences(theirs, products(dir))).toEqual([]);
  }, 300_000);
});
