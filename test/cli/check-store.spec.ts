/**
 * The compiler-check answers a build keeps for the next one (`.kbuild-graph-checks.json`): given
 * again while the programs a check runs and the files it names are unchanged, and not after.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandInputs } from '../../src/cli/build-stamp.js';
import { checkStore } from '../../src/cli/check-store.js';
import { shellCacheKey } from '../../src/eval/make/index.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-checks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bin = join(work, 'bin');
mkdirSync(bin);
const compiler = join(bin, 'mycc');
writeFileSync(compiler, '#!/bin/sh\necho 1\n');
chmodSync(compiler, 0o755);
const script = join(work, 'probe.sh');
writeFileSync(script, 'echo y\n');
const env = new Map([['PATH', `${bin}:/usr/bin:/bin`]]);
const command = `mycc -Werror -c -x c /dev/null -o /tmp/x.o && sh ${script}`;
const key = shellCacheKey(command, work, env);
const answer = { stdout: 'y\n', stderr: '', status: 0 };
const later = (path: string, seconds: number): void => utimesSync(path, new Date(Date.now() + seconds * 1000), new Date(Date.now() + seconds * 1000));

describe('checkStore', () => {
  it('names the programs a command runs from PATH and the files it names', () => {
    const inputs = commandInputs(command, work, env.get('PATH'));
    expect(inputs).toContain(compiler);
    expect(inputs).toContain(script);
    expect(inputs.some((p) => p.endsWith('/sh'))).toBe(true);
    // /dev/null is no file; -o's output does not exist.
    expect(inputs).not.toContain('/dev/null');
  });

  it('gives an answer back in the next build, until the compiler or a named file changes', () => {
    const first = checkStore(work);
    expect(first.store.get(key)).toBeUndefined();
    first.store.set(key, answer);
    first.save();
    const next = checkStore(work);
    expect(next.store.get(key)).toEqual(answer);
    // An answer given from the store ran nothing: its inputs come from here for the no-op stamp.
    expect([...next.inputs()]).toContain(compiler);
    later(compiler, 5);
    expect(checkStore(work).store.get(key)).toBeUndefined();
    const again = checkStore(work);
    again.store.set(key, answer);
    again.save();
    expect(checkStore(work).store.get(key)).toEqual(answer);
    later(script, 10);
    expect(checkStore(work).store.get(key)).toBeUndefined();
  });

  it('keeps only the checks the last build asked about, so that answers for other environments do not pile up', () => {
    const dir = join(work, 'pruned');
    mkdirSync(dir);
    const other = shellCacheKey(command, work, new Map([...env, ['EXTRA', '1']]));
    const first = checkStore(dir);
    first.store.set(key, answer);
    first.store.set(other, answer);
    first.save();
    const second = checkStore(dir);
    expect(second.store.get(key)).toEqual(answer);
    second.save();
    const third = checkStore(dir);
    expect(third.store.get(key)).toEqual(answer);
    expect(third.store.get(other)).toBeUndefined();
  });
});
