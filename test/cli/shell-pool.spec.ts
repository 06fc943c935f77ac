/**
 * `$(shell)` on helper shells (`shell-pool.ts`) gives what one `spawnSync('/bin/sh', ['-c', ...])`
 * per command gives: the same output on both streams, the same status, the same environment and
 * directory, standard input at its end. Commands run ahead of time are handed over or called off,
 * and a helper that dies is noticed rather than waited for.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnShell } from '../../src/cli/host.js';
import { ShellPool } from '../../src/cli/shell-pool.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-shell-pool-'));
const pool = ShellPool.start()!;
afterAll(() => {
  pool.close();
  rmSync(work, { recursive: true, force: true });
});

const env = new Map([
  ['PATH', '/usr/bin:/bin'],
  ['LC_ALL', 'C'],
  // Names the helper's own shell uses: the command must see them as given, and nothing else.
  ['IFS', 'x'],
  ['PS1', '$ '],
  ['OPTIND', '3'],
  ['PWD', '/somewhere/else'],
  ['multi', "two\nlines and 'quotes' \"double\" $dollar `tick`"],
]);

const commands = [
  'echo out; echo err >&2',
  'env | LC_ALL=C sort',
  'pwd; echo "$PWD"; cd .. && pwd',
  'printf "no newline"',
  'printf "\\377\\001\\000binary"',
  'exit 3',
  'kill -TERM $$',
  'cat; echo "stdin gave $?"',
  'echo "$0" "$#"',
  'trap "echo trapped" EXIT; echo body',
  'yes | head -c 300000',
  'echo "$multi"',
];

describe('ShellPool.run', () => {
  it('gives what spawnSync of /bin/sh -c gives, command by command', () => {
    for (const command of commands) {
      expect(pool.run({ command, cwd: work, env }), command).toEqual(spawnShell(command, work, env));
    }
  });

  it('gives exactly the environment it is given, none included', () => {
    const empty = new Map<string, string>();
    expect(pool.run({ command: 'env | LC_ALL=C sort', cwd: work, env: empty })).toEqual(spawnShell('env | LC_ALL=C sort', work, empty));
    // A name sh cannot export goes through env(1), and still reaches the command's shell (which
    // passes it on to nothing: dash keeps only names it can use).
    const odd = new Map([['PATH', '/usr/bin:/bin'], ['odd-name', '1'], ['a.b', '2']]);
    const own = 'tr "\\000" "\\n" < /proc/$$/environ | LC_ALL=C sort';
    const r = pool.run({ command: own, cwd: work, env: odd });
    expect(r).toEqual(spawnShell(own, work, odd));
    expect(r?.stdout).toBe('PATH=/usr/bin:/bin\na.b=2\nodd-name=1\n');
  });

  it('leaves a directory it cannot enter to the caller', () => {
    expect(pool.run({ command: 'echo hi', cwd: join(work, 'missing'), env })).toBeUndefined();
  });
});

describe('ShellPool.prefetch', () => {
  it('runs queued commands on the other helpers, in parallel, and times them', () => {
    const helpers = ShellPool.start()!;
    expect(helpers.grow(2)).toBe(true);
    // Each of the first two waits (up to 20 s) for the other to have started: only commands that
    // run at the same time both see the other's mark.
    const meet = (me: string, other: string): string =>
      `touch ${join(work, me)}; i=0; while [ ! -e ${join(work, other)} ] && [ $i -lt 2000 ]; do sleep 0.01; i=$((i+1)); done; [ -e ${join(work, other)} ] && echo met || echo alone`;
    const ids = [
      helpers.prefetch({ command: meet('a', 'b'), cwd: work, env }, 1)!,
      helpers.prefetch({ command: meet('b', 'a'), cwd: work, env }, 2)!,
      helpers.prefetch({ command: 'sleep 0.3; echo 2', cwd: work, env }, 1)!,
      helpers.prefetch({ command: 'echo 3', cwd: work, env }, 2)!,
    ];
    const results = ids.map((id) => helpers.settle(id));
    expect(results.map((r) => r.result?.stdout)).toEqual(['met\n', 'met\n', '2\n', '3\n']);
    // The helper's own times, to the hundredth of a second.
    expect(results[2].ms).toBeGreaterThanOrEqual(290);
    helpers.close();
  });

  it('calls off queued commands, which then never run', () => {
    const helpers = ShellPool.start()!;
    expect(helpers.grow(1)).toBe(true);
    const marker = join(work, 'called-off');
    const started = join(work, 'started');
    const first = helpers.prefetch({ command: `touch ${started}; sleep 0.3; echo first`, cwd: work, env }, 1)!;
    const second = helpers.prefetch({ command: `touch ${marker}`, cwd: work, env }, 1)!;
    // Called off while the first runs: it ends as it would, the second never starts.
    spawnShell(`while [ ! -e ${started} ]; do sleep 0.01; done`, work, env);
    helpers.cancel();
    expect(helpers.result(first)?.stdout).toBe('first\n');
    expect(helpers.result(second)).toBeUndefined();
    expect(spawnShell(`test -e ${marker}`, work, env).status).toBe(1);
    helpers.close();
  });

  it('removes the directory a pool of a process that is gone left behind', () => {
    // A process number that was just in use and is free now.
    const gone = Number(spawnShell('echo $$', work, env).stdout.trim());
    const stale = join(tmpdir(), `kbuild-graph-shell-${gone}-test`);
    mkdirSync(stale);
    const live = join(tmpdir(), `kbuild-graph-shell-${process.pid}-test`);
    mkdirSync(live);
    ShellPool.start()!.close();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live, { recursive: true });
  });

  it('notices a helper that died, and leaves its commands to the caller', () => {
    const helpers = ShellPool.start()!;
    expect(helpers.grow(1)).toBe(true);
    const pidFile = join(work, 'sleeper');
    const id = helpers.prefetch({ command: `echo $$ > ${pidFile}; exec sleep 60`, cwd: work, env }, 1)!;
    // The helper is the parent of the command's shell; ending it ends the FIFO's only writer.
    spawnShell(`while [ ! -s ${pidFile} ]; do sleep 0.01; done; kill -KILL ${helpers.pids[1]}`, work, env);
    expect(helpers.result(id)).toBeUndefined();
    // The answer came while the command still ran: the pool did not wait for it.
    const sleeper = readFileSync(pidFile, 'utf8').trim();
    expect(spawnShell(`kill ${sleeper}`, work, env).status).toBe(0);
    // Helper 0 still runs commands.
    expect(helpers.run({ command: 'echo alive', cwd: work, env })?.stdout).toBe('alive\n');
    helpers.close();
  });
});
