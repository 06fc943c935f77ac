/**
 * `TargetVisit.expand`, what kbuild's collector uses to read each object's compile command,
 * remembers the recursive variables it expanded within one expansion (`ExpansionMemo`). Each
 * case here expands the same text as GNU make expands a recipe line (`make -n`, the text between
 * `<<` and `>>` of a `$(info)`), and checks that the text, the messages and the commands' effects
 * are GNU make's: a variable that reads a `$(foreach)` variable or a `$(call)` argument, or that
 * an `$(eval)` changes, is expanded again; `$(shell)` and `$(info)` run each time.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../src/cli/host.js';
import { evaluate, type TargetVisit, type TracedExpansion } from '../../../src/eval/make/index.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-visit-expand-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Our `make -n` of the makefile in `dir` (no recipe expanded), calling `visit` on each target named `name`. */
function dryRun(dir: string, visit: (visit: TargetVisit) => void, name: (target: string) => boolean = (t) => t === 'out/t.o') {
  return evaluate({
    host: nodeHost(true), cwd: dir, env: new Map([['PATH', process.env.PATH ?? ''], ['LANG', 'C']]), commandLine: [], makefiles: [], includeDirs: [],
    goals: [], dryRun: true, silent: false, printDirectory: false, makeflags: 'n', shell: 'allow', version: '4.3', program: 'make', level: 0,
    recipes: 'none',
    observer: {
      target(_make, v) {
        if (name(v.name)) visit(v);
      },
    },
  });
}

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
      const { value } = dryRun(dir, (visit) => (got = visit.expand('$(X)')));
      expect(got).toBe(expected);
      expect(value.output.filter((l) => l.text === 'hi\n').length).toBe(infos);
      expect(readOptional(join(dir, 'effects.txt'))).toBe(gnuEffects);
    });
  }
});

/**
 * `TargetVisit.expandTraced`, how a directory read again keeps the compile commands an edit left
 * alone: the same text expanded for the same target after the makefile changed. The expansion
 * before the edit is given as `previous`; the text must be what GNU make expands after the edit,
 * whether the old one was taken again (`reused`: every name it looked up finds the same variable)
 * or the text expanded anew.
 */
const edits: Record<string, { before: string; after: string; reused: boolean; between?: (dir: string) => void }> = {
  'nothing changed': { before: 'a = 1\nX = $(a)\n', after: 'a = 1\nX = $(a)\n', reused: true },
  'a variable it never looked up changed': { before: 'a = 1\nb = 1\nX = $(a)\n', after: 'a = 1\nb = 2\nX = $(a)\n', reused: true },
  'a variable two references down changed': { before: 'b = 1\na = <$(b)>\nX = $(a)\n', after: 'b = 2\na = <$(b)>\nX = $(a)\n', reused: false },
  'a name it found undefined is defined now': { before: 'X = [$(CFLAGS_t.o)]\n', after: 'CFLAGS_t.o = -O2\nX = [$(CFLAGS_t.o)]\n', reused: false },
  'a target-specific variable of the target': { before: 'a = 1\nX = $(a)\n', after: 'a = 1\nX = $(a)\nout/t.o: a = target\n', reused: false },
  'a pattern-specific variable': { before: 'a = 1\nX = $(a)\n', after: 'a = 1\nX = $(a)\n%.o: a = pattern\n', reused: false },
  'the same value with another flavor': { before: 'c = C\nb = $(c)\nX = $(b)\n', after: 'c = C\nb := $$(c)\nX = $(b)\n', reused: false },
  'the same value with another origin, which $(origin) tells': { before: 'b = 1\nX = $(origin b)\n', after: 'override b = 1\nX = $(origin b)\n', reused: false },
  "a $(call)ed variable's body": { before: 'f = <$(1)>\nX = $(call f,a)\n', after: 'f = [$(1)]\nX = $(call f,a)\n', reused: false },
  'a $(foreach) over a longer list': { before: 'l = a b\nX = $(foreach i,$(l),$(i).o)\n', after: 'l = a b c\nX = $(foreach i,$(l),$(i).o)\n', reused: false },
  'a $(foreach) variable named as a global that changed': { before: 'i = g\nX = $(foreach i,a,$(i))$(i)\n', after: 'i = h\nX = $(foreach i,a,$(i))$(i)\n', reused: false },
  'one more prerequisite, which $^ lists': { before: 'X = $^\n', after: 'X = $^\nout/t.o: src/u.c\nsrc/u.c: ; @:\n', reused: false },
  "a target-specific += on a global that changed": { before: 'a = 1\nX = $(a)\nout/t.o: a += t\n', after: 'a = 2\nX = $(a)\nout/t.o: a += t\n', reused: false },
  'a $(shell) whose output changed': {
    before: 'X = $(shell ls src)\n', after: 'X = $(shell ls src)\n', reused: false,
    between: (dir) => writeFileSync(join(dir, 'src', 'new.y'), ''),
  },
  'a $(wildcard) after a file appeared': {
    before: 'X = $(wildcard src/*.x)\n', after: 'X = $(wildcard src/*.x)\n', reused: false,
    between: (dir) => writeFileSync(join(dir, 'src', 'new.x'), ''),
  },
};

describe('TargetVisit.expandTraced after an edit gives the text GNU make expands after it', () => {
  const gnuExpands = (dir: string): string | undefined =>
    /<<(.*)>>/.exec(spawnSync('make', ['-n', '--no-print-directory'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C' } }).stdout)?.[1];
  const ours = (dir: string, previous?: TracedExpansion): TracedExpansion | undefined => {
    let got: TracedExpansion | undefined;
    dryRun(dir, (visit) => (got = visit.expandTraced('$(X)', previous)));
    return got;
  };
  for (const [name, edit] of Object.entries(edits)) {
    it(name, () => {
      const dir = mkdtempSync(join(work, 'edit-'));
      mkdirSync(join(dir, 'src'));
      const write = (defs: string): void => writeFileSync(join(dir, 'Makefile'), `${defs}all: out/t.o\nout/t.o: src/t.c\n\t@:$(info <<$(X)>>)\nsrc/t.c: ; @:\n`);
      write(edit.before);
      const first = ours(dir);
      expect(first?.value).toBe(gnuExpands(dir));
      edit.between?.(dir);
      write(edit.after);
      const expected = gnuExpands(dir);
      expect(expected).toBeDefined();
      const second = ours(dir, first);
      expect(second?.value).toBe(expected);
      expect(second === first, 'the earlier expansion taken again').toBe(edit.reused);
    });
  }
});

describe('TargetVisit.expandTraced with a name another target found changed', () => {
  it("expands that target's text again, and gives GNU make's text", () => {
    const dir = mkdtempSync(join(work, 'two-'));
    // u.o has its own `a`, which the edit leaves alone; t.o reads the global one, which it changes.
    const write = (a: string): void =>
      writeFileSync(join(dir, 'Makefile'), `a = ${a}\nX = $(a)\nall: t.o u.o\nu.o: a = u\nt.o u.o: ; @:$(info <<$@ $(X)>>)\n`);
    const gnu = (): string[] => [...spawnSync('make', ['-n'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C' } }).stdout.matchAll(/<<(.*)>>/g)].map((m) => m[1]);
    const ours = (previous: Map<string, TracedExpansion>): Map<string, TracedExpansion> => {
      const got = new Map<string, TracedExpansion>();
      dryRun(dir, (v) => void got.set(v.name, v.expandTraced('$@ $(X)', previous.get(v.name))), (t) => t.endsWith('.o'));
      return got;
    };
    write('1');
    const first = ours(new Map());
    expect([...first.values()].map((t) => t.value)).toEqual(gnu());
    write('2');
    const second = ours(first);
    expect([...second.values()].map((t) => t.value)).toEqual(gnu());
  });
});

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
