/**
 * A kbuild run split over sides (`split.ts`) gives what the sequential run gives. The sides run
 * one after the other here (the helper first, its parts kept for side 0), on a small tree shaped
 * like kbuild's: a top Makefile that runs `scripts/Makefile.build obj=.`, which descends into each
 * subdirectory's own make. The tree's `b` needs a file `a`'s make makes; given to the helper, which
 * skips `a`, `b` fails there (GNU make itself says so, below), and side 0 must evaluate it again.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../src/cli/host.js';
import { analyzeKbuild, type KbuildOptions, type KbuildRun, type SplitPart } from '../../../src/eval/kbuild/index.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-split-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const files: Record<string, string> = {
  Makefile: 'all:\n\t$(MAKE) -f scripts/Makefile.build obj=.\n',
  'scripts/Makefile.build': [
    'src := $(obj)',
    'srctree := .',
    '__build:',
    'include $(obj)/Kbuild',
    '__build: $(subdirs) $(obj)/out.o',
    '$(subdirs):',
    '\t$(MAKE) -f scripts/Makefile.build obj=$@',
    '$(obj)/out.o: $(needs)',
    '\techo > $@',
    '.PHONY: __build $(subdirs)',
    '',
  ].join('\n'),
  Kbuild: 'subdirs := a b c d\n',
  'a/Kbuild': 'obj-y := x.o\n',
  'b/Kbuild': 'needs := a/out.o\nobj-y := w.o\n',
  'c/Kbuild': 'subdirs := c/e\nobj-y := y.o\n',
  'c/e/Kbuild': 'obj-y := v.o\n',
  'd/Kbuild': 'obj-y := z.o\n',
  '.config': 'CONFIG_X=y\n',
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(dirname(join(work, name)), { recursive: true });
  writeFileSync(join(work, name), text);
}

const options: KbuildOptions = { host: nodeHost(false), directory: work, variables: [], env: new Map([['PATH', process.env.PATH ?? '']]), shell: 'deny' };
// Weights chosen so that the helper gets `b` (after side 0's `a`) and `d`, and side 0 `c` with `c/e`
// (a helper starts with a twentieth of the whole: 10).
const weights = new Map([['.', 200], ['a', 12], ['b', 5], ['c', 4], ['c/e', 1], ['d', 6]]);

/** A run's directories as data: everything but the functions of their make options. */
function directories(run: KbuildRun): unknown[] {
  return [...run.facts.directories.values()].map(({ options: o, ...d }) => ({ ...d, options: [o.cwd, [...o.env], o.commandLine, o.makefiles, o.goals, o.makeflags, o.level] }));
}

describe('a kbuild run split over two sides', () => {
  it('gives the sequential run, taking the parts that hold and evaluating again the one that does not', () => {
    const sequential = analyzeKbuild(options).value;
    expect([...sequential.facts.directories.keys()]).toEqual(['.', 'a', 'b', 'c', 'c/e', 'd']);
    expect(sequential.status).toBe(0);

    const parts: SplitPart[] = [];
    analyzeKbuild({ ...options, split: { side: 1, sides: 2, weights: () => weights, send: (p) => parts.push(p) } });
    expect(parts.map((p) => [p.obj, p.outcome.value.status])).toEqual([['b', 2], ['d', 0]]);
    // GNU make itself, without `a`'s make first: b's rule needs a file nothing makes.
    const alone = spawnSync('make', ['-n', '-s', '-f', 'scripts/Makefile.build', 'obj=b'], { cwd: work, encoding: 'utf8' });
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain("No rule to make target 'a/out.o', needed by 'b/out.o'");
    expect(parts[0].missing).toContain(join(work, 'a/out.o'));

    const split = analyzeKbuild({ ...options, split: { side: 0, sides: 2, weights: () => weights, receive: () => parts.shift() } }).value;
    expect(split.split).toMatchObject({ taken: 1, redone: 1 });
    expect(directories(split)).toEqual(directories(sequential));
    expect(split.status).toBe(sequential.status);
    expect(split.messages).toEqual(sequential.messages);
  });

  it('evaluates a part itself when the helper is gone', () => {
    const sequential = analyzeKbuild(options).value;
    const split = analyzeKbuild({ ...options, split: { side: 0, sides: 2, weights: () => weights, receive: () => undefined } }).value;
    expect(split.split).toMatchObject({ taken: 0, redone: 2 });
    expect(directories(split)).toEqual(directories(sequential));
  });
});
