/**
 * The kept compile steps (`.kbuild-graph-compiles.json`): written and read back as they were, and
 * started early only when every changed path is the source of one of them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SavedStep } from '../../src/backend/build/index.js';
import { compilesName, earlySteps, readCompiles, writeCompiles } from '../../src/cli/compile-store.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-compiles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = new Map([['PATH', '/usr/bin'], ['KBUILD_EXTMOD', '/m']]);
const step = (name: string, commands: string[] = [`cc ${name}.c`]): SavedStep => ({ directory: '/h', target: `/m/${name}.o`, env, commands, source: `/m/${name}.c` });

describe('kept compile steps', () => {
  it('are read back as written, one per target (the later wins), environments kept once', () => {
    writeCompiles(work, [step('a'), step('b'), step('a', ['cc -DNEW a.c', 'objtool a.o'])]);
    const back = readCompiles(work);
    expect(back.map((s) => [s.target, s.commands, s.source])).toEqual([
      ['/m/a.o', ['cc -DNEW a.c', 'objtool a.o'], '/m/a.c'],
      ['/m/b.o', ['cc b.c'], '/m/b.c'],
    ]);
    expect([...back[0].env]).toEqual([...env]);
    expect(back[0].env).toBe(back[1].env);
  });

  it('are none when the file is missing or not what was written', () => {
    expect(readCompiles(join(work, 'nowhere'))).toEqual([]);
    writeFileSync(join(work, compilesName), '{"envs": [], "steps": [{"d": "/h", "t": "/m/a.o", "e": 3, "c": [], "s": "/m/a.c"}]}');
    expect(readCompiles(work)).toEqual([]);
    writeFileSync(join(work, compilesName), 'not json');
    expect(readCompiles(work)).toEqual([]);
  });

  it('start early only when every changed path is a source of a kept step', () => {
    const kept = [step('a'), step('b')];
    expect(earlySteps(kept, ['/m/b.c'])?.map((s) => s.target)).toEqual(['/m/b.o']);
    expect(earlySteps(kept, ['/m/a.c', '/m/b.c'])?.map((s) => s.target)).toEqual(['/m/a.o', '/m/b.o']);
    expect(earlySteps(kept, [])).toEqual([]);
    // A header, a makefile or anything else: kbuild's evaluation decides, nothing starts early.
    expect(earlySteps(kept, ['/m/a.c', '/m/a.h'])).toBeUndefined();
    expect(earlySteps(kept, ['/m/Makefile'])).toBeUndefined();
  });
});
