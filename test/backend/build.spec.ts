/**
 * Acceptance 1 of issue 5 for net/openvswitch: `kbuild-graph build` gives the same `.o`, `.ko`,
 * `Module.symvers` and `modules.order` files, byte for byte, as kbuild's own `make -C <headers>
 * M=<dir> modules` of the same directory at the same path (cleaned in between, so that paths the
 * compiler and linker embed are the same); the `dry-run` backend prints the commands `make -n`
 * prints; and the step runner keeps make's order, parallelism and `-k` with a fake process runner.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSteps, startEarly, stepKey, type BuildStep, type ProcessResult } from '../../src/backend/build/index.js';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli as run, differences, freshCopy, kbuild, mtimes, products, seconds } from './builds.js';

const headers = kernelHeaders();
const work = mkdtempSync(join(tmpdir(), 'kbg-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const cli = (argv: readonly string[]): ReturnType<typeof run> => run(argv, work);

describe('kbuild-graph build net/openvswitch (gcc backend) against kbuild', () => {
  it('every .o, every .ko, Module.symvers and modules.order are byte-identical to kbuild\'s', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    const dir = join(work, 'openvswitch');
    freshCopy('net/openvswitch', dir);
    const make = kbuild(headers!, dir, ['modules', '-j2']);
    expect(make.code, make.stderr).toBe(0);
    const theirs = products(dir);
    // Same path, cleaned in between: the compiler embeds the source paths, and both builds see the same ones.
    freshCopy('net/openvswitch', dir);
    const ours = await cli(['build', dir, '--kernel', headers!, '-j', '2']);
    expect(ours.code, ours.stderr).toBe(0);
    const built = products(dir);
    expect([...built.keys()]).toEqual([...theirs.keys()]);
    // 15 objects, openvswitch.o (ld -r), 4 .mod.o, 4 .ko, Module.symvers, modules.order.
    expect(built.size).toBe(26);
    expect(differences(theirs, built)).toEqual([]);
    // kbuild's own progress lines, from kbuild's commands: one per object, link, modpost and BTF step.
    expect(ours.stdout.split('\n').filter((l) => /^ {2}(CC|LD|MODPOST|BTF)/.test(l))).toHaveLength(29);
    console.info(`net/openvswitch -j2: kbuild ${seconds(make.ms)}, kbuild-graph build ${seconds(ours.ms)}`);
  }, 300_000);

  it('a second build runs nothing, with its stamp or without, and leaves every product as it was', async () => {
    const dir = join(work, 'openvswitch');
    const before = products(dir);
    const times = mtimes(dir);
    // With the stamp of the first build: nothing is evaluated.
    const again = await cli(['build', dir, '--kernel', headers!, '-j', '2']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('kbuild-graph: no work to do.\n');
    // Without it, kbuild's dry run finds nothing to do, as kbuild's own second run does.
    rmSync(join(dir, '.kbuild-graph-build.json'));
    const slow = await cli(['build', dir, '--kernel', headers!, '-j', '2']);
    expect(slow.code, slow.stderr).toBe(0);
    expect(slow.stdout).toBe('');
    expect(mtimes(dir)).toEqual(times);
    const after = products(dir);
    for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), name).toBe(true);
  }, 120_000);
});

describe('kbuild-graph build --backend dry-run', () => {
  it('prints the commands kbuild\'s make -n prints for the first stage, in its order', async () => {
    const dir = join(work, 'dry');
    freshCopy('net/openvswitch', dir);
    const make = kbuild(headers!, dir, ['modules', '-n']);
    // make -n also prints the sub-make lines it runs itself, and kbuild's ":" (nothing to do).
    const expected = make.stdout.split('\n').filter((l) => l !== '' && l !== ':' && !/^make(\[\d+\])?: /.test(l) && !/^make -f /.test(l));
    const r = await cli(['build', dir, '--kernel', headers!, '--backend', 'dry-run']);
    expect(r.code, r.stderr).toBe(0);
    // Continuation lines of a command print as make prints them, one text with its newlines.
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(expected);
    expect(r.stderr).toContain('a dry run stops here');
    expect(readdirSync(dir).filter((n) => n.endsWith('.o'))).toEqual([]);
  }, 60_000);
});

/** A plan by hand: `[target, after, commands]`. */
function steps(rows: readonly (readonly [string, readonly number[], readonly string[]])[]): BuildStep[] {
  return rows.map(([target, after, commands], id) => ({ id, target, directory: '/d', env: new Map(), commands, after }));
}

/** Runs steps with a fake runner that takes `ms` per command and fails on commands starting with `fail`. */
async function fake(plan: readonly BuildStep[], jobs: number, keepGoing: boolean, cost?: (step: BuildStep) => number): Promise<{ log: string[]; peak: number; failed: string[]; skipped: number }> {
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const r = await runSteps(plan, {
    jobs,
    keepGoing,
    cost,
    runner: async (command): Promise<ProcessResult> => {
      running++;
      peak = Math.max(peak, running);
      log.push(`start ${command}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      log.push(`end ${command}`);
      return { status: command.startsWith('fail') ? 1 : 0, stdout: '', stderr: '' };
    },
  });
  return { log, peak, failed: r.failed.map((f) => f.command), skipped: r.skipped };
}

describe('runSteps', () => {
  const plan = steps([
    ['a.o', [], ['cc a']],
    ['b.o', [], ['cc b']],
    ['c.o', [], ['cc c']],
    ['m.o', [0, 1, 2], ['ld m', 'objtool m']],
    ['FORCE', [], []],
    ['m.ko', [3, 4], ['ld ko']],
  ]);

  it('runs a step after the steps it waits for, its commands in order, at most -j at once', async () => {
    const r = await fake(plan, 2, false);
    expect(r.peak).toBe(2);
    const at = (s: string): number => r.log.indexOf(s);
    for (const o of ['a', 'b', 'c']) expect(at(`end cc ${o}`)).toBeLessThan(at('start ld m'));
    expect(at('end ld m')).toBeLessThan(at('start objtool m'));
    expect(at('end objtool m')).toBeLessThan(at('start ld ko'));
    expect(r.failed).toEqual([]);
  });

  it('-j1 runs in plan order, one at a time', async () => {
    const r = await fake(plan, 1, false);
    expect(r.peak).toBe(1);
    expect(r.log.filter((l) => l.startsWith('start'))).toEqual(['start cc a', 'start cc b', 'start cc c', 'start ld m', 'start objtool m', 'start ld ko']);
  });

  it('with -j2 and costs, starts the ready step with the longest path to the end first; -j1 keeps plan order', async () => {
    // d.o is cheap, but e waits for it and is the dearest of all: d.o's path is the longest.
    const costs = [1, 1, 5, 1, 10, 1];
    const chain = steps([['a.o', [], ['cc a']], ['b.o', [], ['cc b']], ['c.o', [], ['cc c']], ['d.o', [], ['cc d']], ['e', [3], ['cc e']], ['m.o', [0, 1, 2], ['ld m']]]);
    const starts = (r: { log: string[] }): string[] => r.log.filter((l) => l.startsWith('start')).map((l) => l.slice(6));
    expect(starts(await fake(chain, 2, false, (s) => costs[s.id]))).toEqual(['cc d', 'cc c', 'cc e', 'cc a', 'cc b', 'ld m']);
    expect(starts(await fake(chain, 2, false))).toEqual(['cc a', 'cc b', 'cc c', 'cc d', 'ld m', 'cc e']);
    expect(starts(await fake(chain, 1, false, (s) => costs[s.id]))).toEqual(['cc a', 'cc b', 'cc c', 'cc d', 'cc e', 'ld m']);
  });

  it('a step started early (startEarly) is taken by the plan step with the same commands, not run again', async () => {
    const log: string[] = [];
    const runner = async (command: string): Promise<ProcessResult> => {
      log.push(command);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { status: command.startsWith('fail') ? 1 : 0, stdout: `${command} said\n`, stderr: '' };
    };
    const plan = steps([['a.o', [], ['cc a', 'objtool a']], ['b.o', [], ['cc b']], ['m.o', [0, 1], ['ld m']]]);
    const early = new Map([[stepKey(plan[0]), startEarly(plan[0], runner)]]);
    // Started before the plan runs: its first command is already under way.
    expect(log).toEqual(['cc a']);
    const reported: string[] = [];
    const r = await runSteps(plan, { jobs: 2, keepGoing: false, runner, early, report: (_s, c, res) => reported.push(`${c}: ${res.stdout}`) });
    expect(log.filter((c) => c === 'cc a')).toEqual(['cc a']);
    expect(log.indexOf('ld m')).toBe(log.length - 1);
    expect(reported).toContain('objtool a: objtool a said\n');
    expect(r.commands).toBe(4);
    expect(r.failed).toEqual([]);
  });

  it('takes a step running early before starting another, so that -j counts it', async () => {
    let running = 0;
    let peak = 0;
    const runner = async (): Promise<ProcessResult> => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return { status: 0, stdout: '', stderr: '' };
    };
    const plan = steps([['b.o', [], ['cc b']], ['a.o', [], ['cc a']]]);
    await runSteps(plan, { jobs: 1, keepGoing: false, runner, early: new Map([[stepKey(plan[1]), startEarly(plan[1], runner)]]) });
    expect(peak).toBe(1);
  });

  it("a plan step whose target an early step it does not take is writing runs once that step has ended", async () => {
    // A kept compile with older flags (a build with KCFLAGS, then none) writes the same object and
    // `.cmd` file: if it ended last, its output would be what stays.
    const log: string[] = [];
    const runner = async (command: string): Promise<ProcessResult> => {
      log.push(`start ${command}`);
      await new Promise((resolve) => setTimeout(resolve, command.includes('OLD') ? 30 : 5));
      log.push(`end ${command}`);
      return { status: 0, stdout: '', stderr: '' };
    };
    const plan = steps([['a.o', [], ['cc a -DNEW']], ['b.o', [], ['cc b']], ['m.o', [0, 1], ['ld m']]]);
    const stale = { ...plan[0], commands: ['cc a -DOLD'] };
    await runSteps(plan, { jobs: 2, keepGoing: false, runner, early: new Map([[stepKey(stale), startEarly(stale, runner)]]) });
    expect(log.indexOf('end cc a -DOLD')).toBeLessThan(log.indexOf('start cc a -DNEW'));
    // Another target's step does not wait for it.
    expect(log.indexOf('start cc b')).toBeLessThan(log.indexOf('end cc a -DOLD'));
  });

  it('an early step whose commands the plan does not have is not taken; one that failed fails its step', async () => {
    const log: string[] = [];
    const runner = async (command: string): Promise<ProcessResult> => {
      log.push(command);
      return { status: command.startsWith('fail') ? 1 : 0, stdout: '', stderr: '' };
    };
    const plan = steps([['a.o', [], ['cc a -DNEW']], ['m.o', [0], ['ld m']]]);
    const stale = { ...plan[0], commands: ['cc a -DOLD'] };
    await runSteps(plan, { jobs: 1, keepGoing: false, runner, early: new Map([[stepKey(stale), startEarly(stale, runner)]]) });
    expect(log).toEqual(['cc a -DOLD', 'cc a -DNEW', 'ld m']);
    // Same commands in another environment: not taken either.
    log.length = 0;
    const elsewhere = { ...plan[0], env: new Map([['LANG', 'de_DE']]) };
    await runSteps(plan, { jobs: 1, keepGoing: false, runner, early: new Map([[stepKey(elsewhere), startEarly(elsewhere, runner)]]) });
    expect(log).toEqual(['cc a -DNEW', 'cc a -DNEW', 'ld m']);
    const failing = steps([['a.o', [], ['fail a', 'objtool a']], ['m.o', [0], ['ld m']]]);
    const ran: string[] = [];
    const r = await runSteps(failing, {
      jobs: 1, keepGoing: false, runner: async (c) => (ran.push(c), { status: 0, stdout: '', stderr: '' }),
      early: new Map([[stepKey(failing[0]), startEarly(failing[0], runner)]]),
    });
    expect(r.failed.map((f) => f.command)).toEqual(['fail a']);
    expect(ran).toEqual([]);
    expect(r.skipped).toBe(1);
  });

  it('stops after a failure; with -k it goes on with what does not depend on it', async () => {
    const failing = steps([['a.o', [], ['fail a']], ['b.o', [], ['cc b']], ['m.o', [0, 1], ['ld m']], ['c.o', [], ['cc c']]]);
    const stopped = await fake(failing, 1, false);
    expect(stopped.failed).toEqual(['fail a']);
    expect(stopped.log.filter((l) => l.startsWith('start'))).toEqual(['start fail a']);
    const kept = await fake(failing, 1, true);
    expect(kept.log.filter((l) => l.startsWith('start'))).toEqual(['start fail a', 'start cc b', 'start cc c']);
    expect(kept.skipped).toBe(1);
  });

  it('removes a target that a failed step had changed, as make does, and only that', async () => {
    // a.o: the compile wrote it, then a later line failed (kbuild's genksyms line, say); b.o: the compile itself failed.
    const plan = steps([['a.o', [], ['cc a', 'fail genksyms a']], ['b.o', [], ['fail cc b']]]);
    const times = new Map<string, number>([['/d/a.o', 1], ['/d/b.o', 1]]);
    const removed: string[] = [];
    await runSteps(plan, {
      jobs: 1,
      keepGoing: true,
      mtime: (path) => times.get(path),
      remove: (path) => {
        removed.push(path);
        times.delete(path);
      },
      runner: async (command): Promise<ProcessResult> => {
        if (command === 'cc a') times.set('/d/a.o', 2);
        return { status: command.startsWith('fail') ? 1 : 0, stdout: '', stderr: '' };
      },
    });
    expect(removed).toEqual(['/d/a.o']);
  });
});
