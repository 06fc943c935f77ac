/**
 * Issue 5, incremental builds: after a change, `kbuild-graph build` redoes exactly what kbuild's own
 * `make -C <headers> M=<dir> modules` redoes for the same change (kbuild's progress lines, compared
 * as sets: `-j2` orders them freely), leaves a directory that kbuild then finds up to date, and a
 * build with nothing changed runs nothing. The expected lines come from kbuild, run on the same
 * directory with the same change.
 */
import { appendFileSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leavesFilesAlone } from '../../src/backend/build/index.js';
import { kernelHeaders } from '../corpus/kernel.js';
import { earlySteps, readCompiles } from '../../src/cli/compile-store.js';
import { changesSinceStamp, tool } from '../../src/cli/up-to-date.js';
import { version } from '../../src/cli/version.js';
import { cli as run, environment, freshCopy, kbuild, mtimes, seconds } from './builds.js';

const headers = kernelHeaders();
const work = mkdtempSync(join(tmpdir(), 'kbg-incremental-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, 'openvswitch');
const build = (): ReturnType<typeof run> => run(['build', dir, '--kernel', headers!, '-j', '2'], work);

/** kbuild's progress lines (`  CC [M]  path`, `  LD [M]  path`, `  MODPOST path`), sorted. */
function progress(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^ {2}(CC|LD|MODPOST|BTF)/.test(l)).sort();
}

/**
 * Makes `file` (relative to the module) newer than everything built so far, as an edit does: now,
 * not later (a time in the future would still be newer than what the next build makes).
 */
function touch(file: string): void {
  const now = new Date();
  utimesSync(join(dir, file), now, now);
}

describe('kbuild-graph build, incremental, against kbuild (net/openvswitch)', () => {
  it('builds from clean, and kbuild then finds nothing to do', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    freshCopy('net/openvswitch', dir);
    const ours = await build();
    expect(ours.code, ours.stderr).toBe(0);
    const make = kbuild(headers!, dir, ['modules']);
    expect(make.code, make.stderr).toBe(0);
    expect(progress(make.stdout)).toEqual([]);
  }, 300_000);

  // Each change is made twice: once for kbuild, whose lines are the expected ones, once for us.
  // The Makefile's time alone changes nothing kbuild builds, but our stamp must notice it.
  const cases: readonly [string, () => void, boolean][] = [
    ['a source file (flow.c)', () => touch('flow.c'), true],
    ['a header two sources include (meter.h)', () => touch('meter.h'), true],
    ['the Kbuild file', () => touch('Makefile'), false],
  ];
  for (const [what, change, redoes] of cases) {
    it(`after a change to ${what}, redoes what kbuild redoes, and leaves nothing for kbuild`, async () => {
      change();
      const make = kbuild(headers!, dir, ['modules']);
      expect(make.code, make.stderr).toBe(0);
      const expected = progress(make.stdout);
      expect(expected.length > 0).toBe(redoes);
      change();
      const ours = await build();
      expect(ours.code, ours.stderr).toBe(0);
      expect(progress(ours.stdout)).toEqual(expected);
      expect(progress(kbuild(headers!, dir, ['modules']).stdout)).toEqual([]);
      console.info(`${what}: kbuild ${seconds(make.ms)}, kbuild-graph build ${seconds(ours.ms)}`);
    }, 300_000);
  }

  it('a changed command line (KCFLAGS) rebuilds what kbuild rebuilds', async () => {
    const make = kbuild(headers!, dir, ['modules', 'KCFLAGS=-DKBG_TEST']);
    const expected = progress(make.stdout);
    // Every object and module: the compiler flags are part of each command kbuild records.
    expect(expected.filter((l) => l.startsWith('  CC')).length).toBeGreaterThan(15);
    // Back to kbuild's flags without KCFLAGS, then the same change through us.
    expect(kbuild(headers!, dir, ['modules']).code).toBe(0);
    const ours = await run(['build', dir, '--kernel', headers!, '-j', '2', 'KCFLAGS=-DKBG_TEST'], work);
    expect(ours.code, ours.stderr).toBe(0);
    expect(progress(ours.stdout)).toEqual(expected);
    expect(kbuild(headers!, dir, ['modules']).code).toBe(0);
  }, 600_000);

  it('with nothing changed, runs nothing and changes no file; an edit since makes it build again', async () => {
    // The first build after kbuild's own run evaluates kbuild (kbuild's compiler checks leave
    // their marks in the directory); the one after it reads only its stamp.
    expect((await build()).code).toBe(0);
    const before = mtimes(dir);
    const again = await build();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('kbuild-graph: no work to do.\n');
    expect(mtimes(dir)).toEqual(before);
    appendFileSync(join(dir, 'meter.c'), '\n');
    // Only a source changed since the last build: its compile, kept from that build, starts before
    // kbuild is evaluated (the plan's step takes its results).
    const since = changesSinceStamp(['build', dir, '--kernel', headers!, '-j', '2'], work, environment, tool(version));
    expect(since?.changed).toEqual([join(dir, 'meter.c')]);
    expect(earlySteps(readCompiles(dir), since!.changed)?.map((s) => s.target)).toEqual([join(dir, 'meter.o')]);
    const edited = await build();
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('CC [M]  ' + join(dir, 'meter.o'));
    // What it made is what kbuild makes: kbuild finds nothing left to do.
    expect(progress(kbuild(headers!, dir, ['modules']).stdout)).toEqual([]);
  }, 300_000);
});

describe('leavesFilesAlone', () => {
  it("takes kbuild's recipe for an up-to-date target (trap lines and `:`) as changing nothing", () => {
    const trap = (sig: string): string => `trap 'rm -f /m/flow.o; trap - ${sig}; kill -s ${sig} $$' ${sig}; `;
    expect(leavesFilesAlone(`set -e;     ${['HUP', 'INT', 'QUIT', 'TERM', 'PIPE'].map(trap).join(' ')}`)).toBe(true);
    expect(leavesFilesAlone(':')).toBe(true);
    expect(leavesFilesAlone('true && :')).toBe(true);
  });

  it('takes anything else as a change', () => {
    for (const command of ['rm -f x', ': > x', 'set -e; echo hi', 'trap "rm $x" INT', ': $(touch x)', 'true `touch x`', 'gcc-12 -c -o x.o x.c', "trap 'x' INT | tee y"]) {
      expect(leavesFilesAlone(command), command).toBe(false);
    }
  });
});
