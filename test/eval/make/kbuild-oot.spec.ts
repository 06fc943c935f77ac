/**
 * Issue 3 acceptance 2: for copies of kernel directories built out of tree against Debian's
 * headers, `kbuild-graph make -C <headers> M=<copy> -n modules --allow-shell` prints what GNU
 * make prints, compared line by line as argument lists, exit status included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/index.js';
import { shellWords } from '../../../src/eval/make/index.js';
import { corpusStatus } from '../../corpus/kernel.js';
import { outOfTree } from '../../corpus/oot.js';

/** Directories of different shape: composite modules, subdirectories, many objects, a tracepoint header. */
const directories = ['net/openvswitch', 'fs/ext4', 'fs/fat', 'drivers/net/wireguard', 'sound/core', 'net/sched'];

const status = corpusStatus();
const work = mkdtempSync(join(tmpdir(), 'kbg-oot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A line as an argument list when the shell can split it, else the line itself. */
function argumentsOf(line: string): string[] {
  return shellWords(line) ?? [line];
}

describe('kbuild out of tree, -n modules, against GNU make', () => {
  it('has the kernel corpus with headers', () => {
    expect(status.ready && status.headers !== undefined, status.reason).toBe(true);
  });

  for (const dir of directories) {
    it(dir, async () => {
      const { headers, copy, env, gnu } = outOfTree(work, dir);
      let stdout = '';
      let stderr = '';
      const code = await main(['make', '-C', headers, `M=${copy}`, '-n', 'modules', '--allow-shell'], {
        stdout: (s) => (stdout += s),
        stderr: (s) => (stderr += s),
        cwd: process.cwd(),
        env,
      });
      const theirs = gnu.stdout.split('\n');
      const ours = stdout.split('\n');
      expect(theirs.length).toBeGreaterThan(50);
      expect(ours.map(argumentsOf)).toEqual(theirs.map(argumentsOf));
      expect(stderr).toBe(gnu.stderr);
      expect(code).toBe(gnu.status);
    });
  }
});
