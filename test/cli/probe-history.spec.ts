/**
 * kbuild's probes started early (`probe-history.ts`): which commands may start before make asks
 * for them, and, through `kbuild-graph make`, that a second run starts the probes the first one
 * asked for before make reaches them, while printing what GNU make prints; that a changed
 * makefile still gets GNU make's output; and that a warm shell-result cache starts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { isProbe, isQuery } from '../../src/cli/probe-history.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-probe-history-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('which commands start early', () => {
  // kbuild 6.1's try-run, as make expands it, and the older form (before 5.x).
  it('takes kbuild\'s try-run probes', () => {
    expect(isProbe('set -e; TMP=/m/.tmp_$$/tmp; trap "rm -rf /m/.tmp_$$" EXIT; mkdir -p /m/.tmp_$$; if ( gcc-12 -Werror -c -x c /dev/null -o "$TMP" ) >/dev/null 2>&1; then echo "-fx"; else echo ""; fi')).toBe(true);
    expect(isProbe('set -e; TMP="/m/.$$.tmp"; TMPO="/m/.$$.o"; if (gcc -c) >/dev/null 2>&1; then echo y; fi; rm -f "$TMP" "$TMPO"')).toBe(true);
    // A temporary file of a fixed name could be another command's.
    expect(isProbe('set -e; TMP="/m/.25.tmp"; if (gcc -c -o "$TMP") >/dev/null 2>&1; then echo y; fi')).toBe(false);
    expect(isProbe('mkdir -p /m')).toBe(false);
  });

  const queries: readonly [string, boolean][] = [
    // The five kbuild 6.1's top Makefile asks before its first probe, and two after.
    ['uname -m | sed -e s/i.86/x86/ -e s/x86_64/x86/ -e s/arm.*/arm/', true],
    ['getconf LFS_CFLAGS 2>/dev/null', true],
    ['LC_ALL=C gcc-12 --version 2>/dev/null | head -n 1', true],
    ['[ 1202000 -ge 901000 ] && echo y', true],
    ['gcc -print-file-name=include', true],
    ["echo 'a > b; c'", true],
    ['echo x 2>&1 >&2', true],
    // A script, a file written or read, an expansion, a background job: not queries.
    ['PAHOLE=pahole /k/scripts/pahole-flags.sh', false],
    ['mkdir -p /m', false],
    ['cat modules.order', false],
    ['echo x > out', false],
    ['echo a>b', false],
    ['echo x 3>/dev/null', false],
    ['echo $(rm x)', false],
    ['echo `rm x`', false],
    ['echo "$HOME"', false],
    ['echo x & true', false],
    ['sed -e s/a/b/ file', false],
    ['head -n 1 file', false],
    ['ls | head', false],
    ['[ -e include/config/auto.conf ] && echo y', false],
    ['./configure --version', false],
    // Words matched against file names, and sed scripts that write, read or run.
    ['echo *.o', false],
    ['printf "%s" [a-z]*', false],
    ['echo "*.o"', true],
    ["uname -m | sed -e 's/a/b/w out'", false],
    ["uname -m | sed 'e rm x'", false],
    ['uname -m | sed -e s/x/y/ -e r/etc/passwd', false],
    ["uname -m | sed -n -e 's|a|b|g'", true],
    ['echo x # > out', false],
  ];
  for (const [command, expected] of queries) {
    it(`${expected ? 'takes' : 'leaves'} ${command}`, () => expect(isQuery(command)).toBe(expected));
  }
});

describe('kbuild-graph make with a kept list', () => {
  const dir = join(work, 'make');
  const cache = join(work, 'cache');
  mkdirSync(dir);
  const log = join(dir, 'log');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', XDG_CACHE_HOME: cache };
  // The probe writes outside its temporary directory, which kbuild's never do, so that the test
  // sees when it ran: after the slow command when make asks for it, before it when started early.
  // The slow command waits (up to 2 s) for the probe's line, which only a probe started early
  // writes before it.
  const makefile = (flag: string): string => `X := $(shell i=0; while ! grep -q probe ${log} 2>/dev/null && [ $$i -lt 200 ]; do sleep 0.01; i=$$((i+1)); done; echo slow >> ${log})
P := $(shell set -e; TMP=$(CURDIR)/.tmp_$$$$/tmp; echo probe${flag} >> ${log}; echo ${flag})
Q := $(shell uname -m)
$(info P=$(P) Q=$(Q))
all:;@:
`;
  const ours = async (...extra: string[]): Promise<{ code: number; stdout: string; log: string }> => {
    rmSync(log, { force: true });
    let stdout = '';
    const code = await main(['make', '-C', dir, '--no-print-directory', '--allow-shell', ...extra], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: dir, env });
    return { code, stdout, log: readFileSync(log, 'utf8') };
  };
  const gnu = (): string => {
    const r = spawnSync('make', ['-C', dir, '--no-print-directory'], { env, encoding: 'utf8' });
    rmSync(log, { force: true });
    return r.stdout;
  };

  it('runs the probes of the last run before make asks, and prints what GNU make prints', async () => {
    writeFileSync(join(dir, 'Makefile'), makefile('-fa'));
    const expected = gnu();
    expect(expected).toBe(`P=-fa Q=${spawnSync('uname', ['-m'], { encoding: 'utf8' }).stdout.trim()}\n`);
    const first = await ours();
    expect(first).toEqual({ code: 0, stdout: expected, log: 'slow\nprobe-fa\n' });
    expect(readdirSync(join(cache, 'kbuild-graph', 'probes'))).toHaveLength(1);
    const second = await ours();
    expect(second).toEqual({ code: 0, stdout: expected, log: 'probe-fa\nslow\n' });
  });

  it('gives GNU make\'s output when the makefile asks for other probes', async () => {
    writeFileSync(join(dir, 'Makefile'), makefile('-fb'));
    const expected = gnu();
    const changed = await ours();
    expect(changed.stdout).toBe(expected);
    expect(changed.log).toContain('probe-fb\n');
    expect((await ours()).log).toBe('probe-fb\nslow\n');
  });

  it('starts nothing that a warm shell-result cache answers', async () => {
    const results = join(work, 'results.json');
    await ours(`--shell-cache=${results}`);
    writeFileSync(log, '');
    let stdout = '';
    await main(['make', '-C', dir, '--no-print-directory', '--allow-shell', `--shell-cache=${results}`], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: dir, env });
    expect(readFileSync(log, 'utf8')).toBe('');
    expect(stdout).toBe(gnu());
  });

  it('keeps no list with KBG_PROBE_HISTORY=off', async () => {
    const off = join(work, 'off');
    await main(['make', '-C', dir, '--no-print-directory', '--allow-shell'], { stdout: () => {}, stderr: () => {}, cwd: dir, env: { ...env, XDG_CACHE_HOME: off, KBG_PROBE_HISTORY: 'off' } });
    expect(existsSync(off)).toBe(false);
  });
});
