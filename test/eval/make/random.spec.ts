/**
 * Random makefile programs (see random-program.ts) run through GNU make and through `kbuild-graph make`:
 * stdout, stderr and exit status must be identical. The seed is fixed unless `KBG_FC_SEED` is set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonArgs, runGnuMake, runOurs, selfMode, type MakeRun } from './harness.js';
import { randomProgram, type RandomProgram } from './random-program.js';

const seed = Number(process.env.KBG_FC_SEED ?? '20240611');
const numRuns = Number(process.env.KBG_FC_RUNS ?? '1000');
/** fast-check's `path` from a failure report replays that one program (with the same seed). */
const replayPath = process.env.KBG_FC_PATH;
/** GNU make gets this long per program; a generated program that loops is a generator bug. */
const timeoutMs = 10000;

/** The program as a reader wants it on failure: the command, then the makefile with visible tabs. */
function show(program: RandomProgram, args: readonly string[]): string {
  const body = program.text.replace(/\t/g, '<TAB>');
  return `make ${args.join(' ')}  (seed ${seed}; rerun with KBG_FC_SEED=${seed})\n----- prog.mk -----\n${body}-------------------`;
}

describe(`random makefile programs${selfMode ? ' (KBG_DIFF_SELF: GNU make on both sides)' : ''}`, () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kbg-random-make-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${numRuns} programs agree with GNU make (seed ${seed})`, async () => {
    const statuses = new Map<number, number>();
    const file = 'prog.mk';
    await fc.assert(
      fc.asyncProperty(randomProgram, async (program) => {
        writeFileSync(join(dir, file), program.text);
        const args = [...commonArgs, '-f', file, ...program.args];
        const gnu: MakeRun = runGnuMake(dir, args, timeoutMs);
        expect(gnu.status, `GNU make timed out or was killed\n${show(program, args)}`).not.toBe(-1);
        statuses.set(gnu.status, (statuses.get(gnu.status) ?? 0) + 1);
        const ours = await runOurs(dir, args, timeoutMs);
        expect(ours, show(program, args)).toEqual(gnu);
      }),
      { seed, numRuns, ...(replayPath ? { path: replayPath } : {}) },
    );
    if (replayPath) return;
    // A generator that mostly produces programs GNU make rejects would prove little.
    expect(statuses.get(0) ?? 0, `GNU make exit statuses: ${JSON.stringify([...statuses])}`).toBeGreaterThan(numRuns / 2);
  }, 300000);
});
