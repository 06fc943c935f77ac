/**
 * The build's command runner: a step's commands run from one shell (`shellRunner.sequence`) give
 * what running each alone gives (`/bin/sh -c`, as make runs a recipe line): the same output per
 * command, the same statuses, the same environment, and nothing after the first that fails. It is
 * compared with the plain runner and with GNU make running the same lines as a recipe.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommands, type ProcessRunner } from '../../src/backend/build/index.js';
import { shellRunner } from '../../src/cli/shell-runner.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-shell-runner-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// Variables a shell program might use for itself: the commands must see them as they came.
const env = new Map([['PATH', '/usr/bin:/bin'], ['LC_ALL', 'C'], ['c', 'outer'], ['s', '7'], ['IFS_TEST', 'x']]);
/** The plain runner alone: one `/bin/sh -c` per command, started from node. */
const single: ProcessRunner = (command, directory, e) => shellRunner(command, directory, e);

describe('shellRunner.sequence', () => {
  it('gives each command its own output and status, as running them one by one does', async () => {
    const commands = [
      'echo one; echo err-one >&2',
      // Output that begins with digits and a colon, as the status the sequence writes does.
      'printf "12:x"; printf "34:" >&2',
      'echo "$c $s"; env | grep -E "^(c|s|IFS_TEST|PWD)=" | sort',
      'printf "no newline"',
      'true',
      'echo "héllo ‘quoted’"',
    ];
    const alone = await runCommands(single, commands, work, env);
    const together = await shellRunner.sequence!(commands, work, env);
    expect(together).toEqual(alone);
    expect(together.map((r) => r.status)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(together[2].stdout).toBe(`outer 7\nIFS_TEST=x\nPWD=${work}\nc=outer\ns=7\n`);
  });

  it('stops after the first command that fails, with its status, as make stops a recipe', async () => {
    const marker = join(work, 'after-failure');
    const commands = ['echo before', 'echo failing >&2; exit 3', `touch ${marker}`];
    const alone = await runCommands(single, commands, work, env);
    const together = await shellRunner.sequence!(commands, work, env);
    expect(together).toEqual(alone);
    expect(together.map((r) => r.status)).toEqual([0, 3]);
    expect(existsSync(marker)).toBe(false);
    // GNU make runs the same lines as a recipe: the same output, and the third line never runs.
    writeFileSync(join(work, 'Makefile'), `all:\n${commands.map((c) => `\t@${c}`).join('\n')}\n`);
    const make = spawnSync('make', ['-s', '-C', work], { encoding: 'utf8', env: Object.fromEntries(env) });
    expect(make.stdout).toBe(together.map((r) => r.stdout).join(''));
    expect(make.stderr.startsWith(together.map((r) => r.stderr).join(''))).toBe(true);
    expect(make.status).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });

  it('reports a command that a signal ended with 128 + the signal number', async () => {
    const commands = ['echo started', 'kill -TERM $$', 'echo never'];
    const alone = await runCommands(single, commands, work, env);
    const together = await shellRunner.sequence!(commands, work, env);
    expect(together).toEqual(alone);
    expect(together.map((r) => r.status)).toEqual([0, 143]);
  });

  it('runs commands over the argument limit one by one', async () => {
    // Each under the kernel's limit for one argument (128 KiB), together over the sequence's.
    const long = `echo ${'x'.repeat(100 * 1024)} | wc -c`;
    const together = await shellRunner.sequence!([long, long, long], work, env);
    expect(together.map((r) => [r.status, r.stdout])).toEqual([[0, '102401\n'], [0, '102401\n'], [0, '102401\n']]);
  });
});
