/**
 * `TargetVisit.expand`, what kbuild's collector uses to read each object's compile command,
 * remembers the recursive variables it expanded within one expansion (`ExpansionMemo`). Each
 * case here expands the same text as GNU make expands a recipe line (`make -n`, the text between
 * `<<` and `>>` of a `$(info)`), and checks that the text, the messages and the commands' effects
 * are GNU make's: a variable that reads a `$(foreach)` variable or a `$(call)` argument, or that
 * an `$(eval)` changes, is expanded again; `$(shell)` and `$(info)` run each time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../src/cli/host.js';
import { evaluate } from '../../../src/eval/make/index.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-visit-expand-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cases: Record<string, string> = {
  'a variable read inside and outside a $(foreach)': 'g = [$(i)]\nX = $(foreach i,a b,$(g)) $(g) $(g)\n',
  'a variable read outside, then inside a $(foreach) that defines what it reads': 'g = [$(i)]\nX = $(g) $(foreach i,a b,$(g)) $(g)\n',
  'a variable read outside, then inside a $(call) that defines what it reads': 'h = <$(1)>\nX = $(h) $(call h,a) $(foreach 1,b,$(h)) $(h)\n',
  'a variable reading a $(call) argument': 'h = <$(1)>\nk = $(h)$(h)\nX = $(call k,a) $(call k,b) $(h)\n',
  'an $(eval) between two references': 'w = orig\nv = $(w)\nX = $(v) $(eval w := changed)$(v) $(v)\n',
  'automatic variables, twice': 'd = $(@F):$(<D)\nX = $(d) $(d) $(notdir $(d))\n',
  '$(shell) and $(info) inside a variable referenced twice': 's = $(shell echo run >> effects.txt; echo y)$(info hi)\nX = $(s) $(s)\n',
  'a nested variable kept for one target, as its inner one': 'in = <$(@)>\nmid = $(in)$(in)\nX = $(mid) $(foreach j,1 2,$(mid)$(j))\n',
};

describe('TargetVisit.expand gives the text GNU make expands in the recipe', () => {
  for (const [name, defs] of Object.entries(cases)) {
    it(name, () => {
      const dir = mkdtempSync(join(work, 'case-'));
      const makefile = `${defs}all: out/t.o\nout/t.o: src/t.c\n\t@:$(info <<$(X)>>)\nsrc/t.c: ; @:\n`;
      writeFileSync(join(dir, 'Makefile'), makefile);
      const gnu = spawnSync('make', ['-n', '--no-print-directory'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
      const gnuEffects = readOptional(join(dir, 'effects.txt'));
      rmSync(join(dir, 'effects.txt'), { force: true });
      const expected = /<<(.*)>>/.exec(gnu.stdout)?.[1];
      expect(expected, gnu.stdout + gnu.stderr).toBeDefined();
      const infos = gnu.stdout.split('\n').filter((l) => l === 'hi').length;

      let got: string | undefined;
      const { value } = evaluate({
        host: nodeHost(true), cwd: dir, env: new Map([['PATH', process.env.PATH ?? ''], ['LANG', 'C']]), commandLine: [], makefiles: [], includeDirs: [],
        goals: [], dryRun: true, silent: false, printDirectory: false, makeflags: 'n', shell: 'allow', version: '4.3', program: 'make', level: 0,
        recipes: 'none',
        observer: {
          target(_make, visit) {
            if (visit.name === 'out/t.o') got = visit.expand('$(X)');
          },
        },
      });
      expect(got).toBe(expected);
      expect(value.output.filter((l) => l.text === 'hi\n').length).toBe(infos);
      expect(readOptional(join(dir, 'effects.txt'))).toBe(gnuEffects);
    });
  }
});

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
