/**
 * The make engine on the whole kernel: `kbuild-graph make -C <tree> O=<build dir> CC=gcc-12 -n -k
 * modules --allow-shell` prints what GNU make printed for the same command in the kbuild oracle
 * (scripts/kbuild-oracle.mjs: Debian's 6.1 tree, its `.config`, `modules_prepare` done), about
 * 138,000 lines through some 2,900 sub-makes, and the same messages on stderr.
 *
 * One known difference is left out, and only it: the output of the three `+` recipe lines of
 * tools/ that GNU make runs under `-n` (`  DESCEND objtool`, `  DESCEND bpf/resolve_btfids`,
 * `  INSTALL libsubcmd_headers`); the engine never runs a command that is not `$(MAKE)`
 * (docs/make-compat.md, cases/dry-run/plus-prefix.mk).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/index.js';
import { kernelFullTree, oracleStatus, wholeTreeOracle } from '../../corpus/kernel.js';

const plusLineOutput = new Set(['  DESCEND objtool', '  DESCEND bpf/resolve_btfids', '  INSTALL libsubcmd_headers']);

describe('kbuild make -n -k modules on the whole tree, against GNU make', () => {
  it('prints the same commands and messages', async () => {
    const oracle = wholeTreeOracle();
    const tree = kernelFullTree();
    const status = oracleStatus();
    if (oracle === undefined || tree === undefined || status.dir === undefined) throw new Error(status.reason);
    const theirs = readFileSync(join(status.dir, 'modules.log'), 'utf8').split('\n');
    const theirErrors = readFileSync(join(status.dir, 'logs', 'modules.err'), 'utf8');
    let stdout = '';
    let stderr = '';
    const env = { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C', HOME: process.env.HOME ?? '/' };
    const code = await main(['make', '-C', tree, `O=${oracle.objtree}`, 'CC=gcc-12', '-n', '-k', 'modules', '--allow-shell'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: tree,
      env,
    });
    const ours = stdout.split('\n');
    expect(theirs.length).toBeGreaterThan(130_000);
    expect(ours.length).toBe(theirs.length - plusLineOutput.size);
    const expected = theirs.filter((l) => !plusLineOutput.has(l));
    const first = ours.findIndex((l, i) => l !== expected[i]);
    expect(first === -1 ? undefined : { line: first + 1, ours: ours[first], theirs: expected[first] }).toBeUndefined();
    expect(stderr).toBe(theirErrors);
    expect(code).toBe(oracle.dryRun.status);
  }, 600_000);
});
