/**
 * The whole Debian tree analysed over two threads (`-j 2`, the bundled CLI: its helper thread is a
 * chunk of its own), against kbuild's own answers as `whole-tree.spec.ts` checks the sequential
 * analysis: every compile command of kbuild's dry run, and Debian's `modules.order` (the order in
 * which side 0 took the helper's directories). The first run is cold (kbuild's compiler checks run,
 * in both threads); a sequential run after it must find every check's result in the shell-result
 * cache the threads wrote, or it would run the check and add the result to the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelFullTree, kernelImageModulesDir, oracleStatus, wholeTreeOracle } from '../corpus/kernel.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kbuild-graph.js');
const work = mkdtempSync(join(tmpdir(), 'kbg-threads-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C', HOME: process.env.HOME ?? '/', KBG_DEBUG: '1' };

/** `kbuild-graph ARGS` on the whole tree over two threads (or `threads`); its stdout, and the threads' report. */
function run(args: readonly string[], threads = 2): { stdout: string; report: string } {
  const o = wholeTreeOracle();
  const tree = kernelFullTree();
  if (o === undefined || tree === undefined) throw new Error(oracleStatus().reason);
  const r = spawnSync('node', [bin, ...args, '-j', String(threads), '-C', tree, `O=${o.objtree}`, 'CC=gcc-12', `--shell-cache=${join(work, 'cache.json')}`], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, report: /analysis over .*/.exec(r.stderr)?.[0] ?? r.stderr };
}

/** Compares a compile_commands.json with kbuild's commands: the objects, and each one's directory and arguments. */
function expectKbuildCommands(file: string): void {
  const theirs = Object.entries(wholeTreeOracle()!.compile);
  const ours = new Map((JSON.parse(readFileSync(file, 'utf8')) as { output: string; directory: string; arguments: string[] }[]).map((c) => [c.output, c]));
  expect(ours.size).toBe(theirs.length);
  const wrong = theirs.filter(([object, c]) => ours.get(object)?.directory !== c.directory || JSON.stringify(ours.get(object)?.arguments) !== JSON.stringify(c.arguments));
  expect(wrong.slice(0, 3).map(([o]) => o)).toEqual([]);
}

describe('the whole tree over two threads', () => {
  it('gives every compile command of kbuild, from directories the helper thread evaluated', () => {
    const out = join(work, 'cold.json');
    const { report } = run(['compile-commands', '--allow-shell', '-o', out]);
    const [, taken, redone] = /: (\d+) directory makes from helpers, (\d+) evaluated again/.exec(report) ?? [];
    expect(Number(taken), report).toBeGreaterThan(20);
    expect(Number(redone), report).toBe(0);
    expectKbuildCommands(out);
  }, 600_000);

  it('keeps the shell results of both threads', () => {
    // A sequential run with the same cache runs no command (it would add its result to the file).
    const cache = readFileSync(join(work, 'cache.json'), 'utf8');
    const out = join(work, 'warm.json');
    run(['compile-commands', '--allow-shell', '-o', out], 1);
    expect(readFileSync(join(work, 'cache.json'), 'utf8') === cache).toBe(true);
    expectKbuildCommands(out);
  }, 600_000);

  it("gives Debian's modules.order", () => {
    const dir = kernelImageModulesDir();
    if (dir === undefined) throw new Error('no modules dir');
    const debian = readFileSync(join(dir, 'modules.order'), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.replace(/^kernel\//, ''));
    expect(run(['modules']).stdout.split('\n').filter((l) => l !== '')).toEqual(debian);
  }, 600_000);
});
