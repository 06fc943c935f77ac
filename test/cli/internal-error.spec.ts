/**
 * Tests that a bug surfacing as an exception becomes an X000 line and exit code 70, with the stack
 * trace only under `KBG_DEBUG=1`. The parser is replaced by one that throws.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/index.js';

vi.mock('../../src/parser/index.js', () => ({
  parse: () => {
    throw new Error('boom');
  },
}));

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbg-cli-'));
  writeFileSync(join(dir, 'Makefile'), 'all:\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function check(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['parse', 'Makefile'], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: dir,
    env,
  });
  return { code, stdout, stderr };
}

test('an exception is X000 and exit 70, without a stack trace', async () => {
  const run = await check({});
  expect(run.code).toBe(70);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe('kbuild-graph: error[X000]: internal error: boom (while parsing Makefile)\n');
});

test('KBG_DEBUG=1 adds the stack trace', async () => {
  const run = await check({ KBG_DEBUG: '1' });
  expect(run.code).toBe(70);
  expect(run.stderr).toMatch(/^kbuild-graph: error\[X000\]: internal error: boom \(while parsing Makefile\)\nError: boom\n\s+at /);
});
