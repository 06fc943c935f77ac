/**
 * `kbuild-graph make` with a bad option argument, against GNU make 4.3 run on the same words:
 * the same first line on stderr and exit status 2. GNU make then prints its usage text, which is
 * its own wording and is not reproduced (docs/make-compat.md); the differential cases in
 * test/eval/make/cases/options/ cover the option errors that print no usage.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kbg-make-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PATH: process.env.PATH ?? '', LANG: 'C' };

const cases: readonly (readonly string[])[] = [
  ['-j0'], ['-j', '0'], ['-j2x'], ['-j1.5'], ['-j', ''], ['--jobs=0'], ['--jobs=1.5'], ['-j', '3', '-j0'],
  ['-C', ''], ['--directory='], ['-f', ''], ['-I', ''], ['-o', ''], ['-W', ''], ['-E', ''],
];

describe('a bad option argument: GNU make\'s message and status', () => {
  for (const words of cases) {
    it(JSON.stringify(words), async () => {
      const args = ['-f', '/dev/null', ...words];
      const gnu = spawnSync('make', args, { cwd: dir, env, encoding: 'utf8' });
      let stderr = '';
      const code = await main(['make', ...args], { stdout: () => {}, stderr: (t) => (stderr += t), cwd: dir, env });
      expect(gnu.status).toBe(2);
      expect(code).toBe(2);
      expect(stderr).toBe(gnu.stderr.split('\n')[0] + '\n');
    });
  }
});
