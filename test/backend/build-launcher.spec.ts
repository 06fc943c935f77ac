/**
 * Issue 5's `--launcher CMD`, on fs/fat, with a launcher of the test's own that logs its arguments
 * and runs them (as ccache or distcc would run the compiler): every compile kbuild's own build
 * makes goes through it, the products are byte-identical to kbuild's, kbuild's `.cmd` files never
 * mention it, and dropping or taking the launcher again rebuilds nothing.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli, differences, freshCopy, kbuild, products } from './builds.js';

const headers = kernelHeaders();
const work = mkdtempSync(join(tmpdir(), 'kbg-build-launcher-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, 'fat');
const log = join(work, 'launcher.log');
const launcher = join(work, 'log-and-run');
writeFileSync(launcher, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec "$@"\n`);
chmodSync(launcher, 0o755);

/** The launcher's calls so far, one line each. */
function calls(): string[] {
  try {
    return readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}

/** The objects compiled (`-c ... -o X.o`) in command lines. */
function compiled(lines: readonly string[]): string[] {
  return lines.filter((l) => / -c /.test(l)).map((l) => / -o (\S+\.o)\b/.exec(l)![1]).sort();
}

describe('kbuild-graph build --launcher', () => {
  it('every compile goes through the launcher, the products are kbuild\'s, and the .cmd files do not mention it', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    freshCopy('fs/fat', dir);
    const make = kbuild(headers!, dir, ['modules', '-j2']);
    expect(make.code, make.stderr).toBe(0);
    const theirs = products(dir);
    // kbuild's short lines name each object its compiler made: the nine of fat, vfat and msdos, and three .mod.o.
    const kbuildCompiles = make.stdout.split('\n').filter((l) => l.startsWith('  CC [M]  ')).map((l) => l.slice(10)).sort();
    expect(kbuildCompiles).toHaveLength(12);
    freshCopy('fs/fat', dir);
    const ours = await cli(['build', dir, '--kernel', headers!, '-j', '2', '--launcher', launcher], work);
    expect(ours.code, ours.stderr).toBe(0);
    expect(differences(theirs, products(dir))).toEqual([]);
    // The launcher is given the compiler by kbuild's name for it, and kbuild's arguments.
    expect(calls().every((l) => l.startsWith('gcc-12 '))).toBe(true);
    expect(compiled(calls())).toEqual(kbuildCompiles);
    const cmdFiles = readdirSync(dir).filter((n) => n.endsWith('.cmd'));
    expect(cmdFiles.length).toBeGreaterThan(20);
    for (const n of cmdFiles) expect(readFileSync(join(dir, n), 'utf8'), n).not.toContain('log-and-run');
  }, 300_000);

  it('an edited source after a clean build is compiled once: the compile started early is the plan\'s', async () => {
    const before = calls().length;
    const now = new Date();
    utimesSync(join(dir, 'misc.c'), now, now);
    const edited = await cli(['build', dir, '--kernel', headers!, '-j', '2', '--launcher', launcher], work);
    expect(edited.code, edited.stderr).toBe(0);
    expect(compiled(calls().slice(before))).toEqual([join(dir, 'misc.o')]);
    // And kbuild finds what it would have made.
    const make = kbuild(headers!, dir, ['modules']);
    expect(make.code, make.stderr).toBe(0);
    expect(make.stdout).not.toMatch(/^ {2}(CC|LD)/m);
  }, 300_000);

  it('dropping the launcher, or taking it again, compiles nothing', async () => {
    const before = calls().length;
    const without = await cli(['build', dir, '--kernel', headers!, '-j', '2'], work);
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).not.toMatch(/^ {2}CC/m);
    const again = await cli(['build', dir, '--kernel', headers!, '-j', '2', '--launcher', launcher], work);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/^ {2}CC/m);
    expect(compiled(calls().slice(before))).toEqual([]);
  }, 300_000);

  it('a launcher that is not found, and a compiler given as a path, are refused with C006', async () => {
    const missing = await cli(['build', dir, '--kernel', headers!, '--launcher', 'kbg-no-such-launcher -x'], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('kbuild-graph: error[C006]: launcher kbg-no-such-launcher: not found on PATH\n');
    const notExecutable = await cli(['build', dir, '--kernel', headers!, '--launcher', log], work);
    expect(notExecutable.code).toBe(2);
    expect(notExecutable.stderr).toMatch(/error\[C006\]: launcher .*launcher\.log: not an executable file/);
    // A fresh copy, so that there is something to compile.
    freshCopy('fs/fat', dir);
    const before = calls().length;
    const path = await cli(['build', dir, '--kernel', headers!, '-j', '2', '--launcher', launcher, 'CC=/usr/bin/gcc-12'], work);
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/^kbuild-graph: error\[C006\]: --launcher cannot reach kbuild's compiler \/usr\/bin\/gcc-12: it is a path/m);
    expect(path.stderr).not.toMatch(/\n\s+at /);
    expect(calls().length).toBe(before);
    expect(readdirSync(dir).filter((n) => n.endsWith('.o'))).toEqual([]);
  }, 300_000);
});
