/**
 * What both random suites share: each generated makefile is written as `prog.mk` in a directory of
 * its own and run through GNU make and through `kbuild-graph make`, whose stdout, stderr and exit
 * status must be identical (after `normalise`). The seed is fixed unless `KBG_FC_SEED` is set;
 * `KBG_FC_RUNS` sets the number of programs, `KBG_FC_PATH` replays one failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonArgs, runGnuMake, runOurs, selfMode, type MakeRun } from './harness.js';

/** A generated makefile and the extra make arguments it runs with. */
export interface GeneratedMakefile {
  readonly text: string;
  readonly args: readonly string[];
}

export interface RandomSuite {
  /** What the programs are, for the test's name. */
  readonly title: string;
  readonly arbitrary: fc.Arbitrary<GeneratedMakefile>;
  readonly defaultSeed: number;
  /** Prepares the directory the programs run in (files they find there). */
  readonly prepare?: (dir: string) => void;
  /** Applied to both runs before they are compared (a known difference only). */
  readonly normalise?: (run: MakeRun) => MakeRun;
  /** The share of programs GNU make must get through (a generator of failures proves little). */
  readonly minimumSuccess: number;
}

/** GNU make gets this long per program; a generated program that loops is a generator bug. */
const timeoutMs = 10000;

/** Declares the suite's one test. */
export function randomSuite(suite: RandomSuite): void {
  const seed = Number(process.env.KBG_FC_SEED ?? String(suite.defaultSeed));
  const numRuns = Number(process.env.KBG_FC_RUNS ?? '1000');
  const replayPath = process.env.KBG_FC_PATH;
  const same = suite.normalise ?? ((run: MakeRun): MakeRun => run);
  /** The program as a reader wants it on failure: the command, then the makefile with visible tabs. */
  const show = (program: GeneratedMakefile, args: readonly string[]): string =>
    `make ${args.join(' ')}  (seed ${seed}; rerun with KBG_FC_SEED=${seed})\n----- prog.mk -----\n${program.text.replace(/\t/g, '<TAB>')}-------------------`;

  describe(`${suite.title}${selfMode ? ' (KBG_DIFF_SELF: GNU make on both sides)' : ''}`, () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kbg-random-make-'));
      suite.prepare?.(dir);
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it(`${numRuns} programs agree with GNU make (seed ${seed})`, async () => {
      const statuses = new Map<number, number>();
      const file = 'prog.mk';
      await fc.assert(
        fc.asyncProperty(suite.arbitrary, async (program) => {
          writeFileSync(join(dir, file), program.text);
          const args = [...commonArgs, '-f', file, ...program.args];
          const gnu: MakeRun = runGnuMake(dir, args, timeoutMs);
          expect(gnu.status, `GNU make timed out or was killed\n${show(program, args)}`).not.toBe(-1);
          statuses.set(gnu.status, (statuses.get(gnu.status) ?? 0) + 1);
          const ours = await runOurs(dir, args, timeoutMs);
          expect(same(ours), show(program, args)).toEqual(same(gnu));
        }),
        { seed, numRuns, ...(replayPath ? { path: replayPath } : {}) },
      );
      if (replayPath) return;
      expect(statuses.get(0) ?? 0, `GNU make exit statuses: ${JSON.stringify([...statuses])}`).toBeGreaterThan(numRuns * suite.minimumSuccess);
    }, 300000);
  });
}
