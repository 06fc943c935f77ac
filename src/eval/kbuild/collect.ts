/**
 * What kbuild's own rules say about each directory, collected while the make engine runs kbuild:
 * every `scripts/Makefile.build` sub-make (one per directory, `obj=DIR`) reports the targets it
 * considered with their prerequisites, the compile command of each object, and the assignments of
 * the directory's Kbuild file, so that each word of `obj-y` or `foo-objs` traces back to its line.
 *
 * Nothing here knows a kbuild variable list: the structure comes from the rules kbuild itself
 * declares (`$(obj)/built-in.a`, `$(obj)/modules.order`, composite objects' prerequisites), and
 * the commands from kbuild's `cmd_cc_o_c` / `cmd_as_o_S` expanded for each target.
 */
import { forEachVariable, resolvePath, splitWords, type Condition, type Definition, type MakeObserver, type MakeOptions, type MakeView, type TargetVisit, type TracedExpansion, type Variable } from '../make/index.js';

/** A target of one directory's make, as make considered it. */
export interface TargetFacts {
  /** Prerequisites in make's order, `FORCE` and other phony ones left out. */
  readonly prerequisites: readonly string[];
  readonly hasRecipe: boolean;
}

/** A value of a `CONFIG_` symbol as make saw it: `y`, `m`, a string, or `n` when unset. */
export interface ConfigValue {
  readonly symbol: string;
  readonly value: string;
}

/** Where a word of a kbuild list came from. */
export interface WordOrigin {
  /** The variable the assignment went to as make read it (`obj-m`, `openvswitch-y`, `obj-`). */
  readonly variable: string;
  /** The assignment's variable name as written (`obj-$(CONFIG_OPENVSWITCH)`). */
  readonly written: string;
  readonly file: string;
  readonly line: number;
  /** The `CONFIG_` symbols the name and the enclosing conditionals test, with their values. */
  readonly configs: readonly ConfigValue[];
  /** The enclosing conditional lines, innermost first (`ifdef CONFIG_X` at file:line). */
  readonly conditions: readonly { readonly text: string; readonly file: string; readonly line: number }[];
}

/** A compile command: what kbuild would run for one object. */
export interface CompileFacts {
  /** The directory the command runs in (kbuild's objtree, or the headers dir for `M=`). */
  readonly directory: string;
  /** The source as the command names it. */
  readonly file: string;
  readonly output: string;
  /** The command as kbuild's `cmd_cc_o_c` / `cmd_as_o_S` expands for the target. */
  readonly command: string;
  /** kbuild's name of the command (`cc_o_c`, `as_o_S`, `host-cc`): `cmd_<rule>` is what ran. */
  readonly rule: string;
}

/** One directory as its `scripts/Makefile.build` run saw it. */
export interface DirectoryFacts {
  /** `$(obj)`: the directory as kbuild names it (`.`, `fs/ext4`, or the absolute `M=` dir). */
  readonly obj: string;
  /** The make's directory: where kbuild runs commands from. */
  readonly cwd: string;
  /** The directory's own `Kbuild` or `Makefile`, absolute; undefined when it could not be told. */
  readonly kbuildFile: string | undefined;
  readonly targets: ReadonlyMap<string, TargetFacts>;
  readonly compile: ReadonlyMap<string, CompileFacts>;
  /** For each word the Kbuild file assigned (`flow.o`, `sub/`), every assignment that named it, in order. */
  readonly words: ReadonlyMap<string, readonly WordOrigin[]>;
  /** How this directory's make was run (its command line and environment), to run it again. */
  readonly options: MakeOptions;
  /** The directory whose make ran this one (`$(MAKE) $(build)=DIR`), undefined for the first ones. */
  readonly parent: string | undefined;
  /** The make's exit status. */
  status: number;
}

/** Whether two compile facts say the same. */
export function sameCompile(a: CompileFacts, b: CompileFacts): boolean {
  return a === b || (a.directory === b.directory && a.file === b.file && a.output === b.output && a.command === b.command && a.rule === b.rule);
}

/** Whether two origins name the same assignment under the same conditions and config values. */
export function sameWordOrigin(a: WordOrigin, b: WordOrigin): boolean {
  return (
    a === b ||
    (a.variable === b.variable && a.written === b.written && a.file === b.file && a.line === b.line &&
      sameList(a.configs, b.configs, (x, y) => x.symbol === y.symbol && x.value === y.value) &&
      sameList(a.conditions, b.conditions, (x, y) => x.text === y.text && x.file === y.file && x.line === y.line))
  );
}

/** Whether two lists are equal item by item. */
export function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]));
}

/** What a collector gathered over one run. */
export interface KbuildFacts {
  /** By `$(obj)`, in the order kbuild descended. */
  readonly directories: Map<string, DirectoryFacts>;
}

/**
 * The sources an object is compiled from, with kbuild's command for each when the recipe does not
 * name one: `%.o` from `%.c` and `%.S`.
 */
const compileVariables: Readonly<Record<string, string>> = { '.c': 'cmd_cc_o_c', '.S': 'cmd_as_o_S' };

/**
 * The compile commands' expansions of one directory with what each depended on
 * (`TargetVisit.expandTraced`), by object: `previous` from the last time the directory was read,
 * whose commands are taken again where nothing they depended on changed, and `next`, filled for
 * the next time.
 */
export interface CompileTraces {
  readonly previous: ReadonlyMap<string, TracedExpansion> | undefined;
  readonly next: Map<string, TracedExpansion>;
}

/**
 * An observer for `evaluate` that fills `facts`; the same facts may gather several runs. With
 * `traces`, the compile commands are expanded traced (for a directory read again and again).
 */
export function kbuildCollector(facts: KbuildFacts, onDirectory?: (obj: string, count: number) => void, parentOverride?: string, traces?: CompileTraces): MakeObserver {
  // Each build make's directory, and its phony targets (read once: the rules are complete by then).
  const current = new Map<MakeView, { dir: DirectoryFacts; phony: ReadonlySet<string> }>();
  // The directories being read or updated, innermost last: sub-makes run inside their parent's.
  const open: DirectoryFacts[] = [];
  return {
    read(make) {
      if (!isBuildMake(make)) return;
      const obj = make.expand('$(obj)').trim();
      const parent = open[open.length - 1]?.obj;
      const dir: DirectoryFacts = { obj, cwd: make.options.cwd, kbuildFile: kbuildFileOf(make), targets: new Map(), compile: new Map(), words: new Map(), options: make.options, parent: parentOverride ?? parent, status: 0 };
      current.set(make, { dir, phony: new Set(make.rules.targets.get('.PHONY')?.prerequisites) });
      open.push(dir);
      facts.directories.set(obj, dir);
      onDirectory?.(obj, facts.directories.size);
    },
    target(make, visit) {
      const entry = current.get(make);
      if (entry === undefined) return;
      const { dir, phony } = entry;
      const prerequisites = visit.prerequisites.filter((p) => !phony.has(p));
      (dir.targets as Map<string, TargetFacts>).set(visit.name, { prerequisites, hasRecipe: visit.hasRecipe });
      if (visit.hasRecipe && visit.name.endsWith('.o')) recordCompile(dir, visit, traces);
    },
    finished(make, status) {
      const dir = current.get(make)?.dir;
      if (dir === undefined) return;
      current.delete(make);
      open.splice(open.lastIndexOf(dir), 1);
      dir.status = status;
      if (dir.kbuildFile !== undefined) recordWords(make, dir, dir.kbuildFile);
    },
  };
}

/** Whether `make` runs kbuild's per-directory makefile (`make -f scripts/Makefile.build obj=DIR`). */
function isBuildMake(make: MakeView): boolean {
  const first = make.options.makefiles[0];
  return first !== undefined && /(^|\/)scripts\/Makefile\.build$/.test(first) && make.variables.has('obj');
}

/**
 * The directory's Kbuild file: the first makefile read from `$(srctree)/$(src)` (or `$(src)` when
 * absolute, as for `M=`), kbuild's documented names for the source tree and directory.
 */
function kbuildFileOf(make: MakeView): string | undefined {
  const cwd = make.options.cwd;
  const src = make.expand('$(src)').trim();
  const dir = src.startsWith('/') ? src : resolvePath(resolvePath(cwd, make.expand('$(srctree)').trim() || '.'), src);
  for (const f of make.makefiles) {
    const abs = resolvePath(cwd, f);
    const slash = abs.lastIndexOf('/');
    if (abs.slice(0, slash) === dir && /\/(Kbuild|Makefile)$/.test(abs)) return abs;
  }
  return undefined;
}

/**
 * The command a kbuild recipe runs, by kbuild's naming convention: `$(call if_changed_rule,cc_o_c)`,
 * `$(call if_changed_dep,host-cc)`, `$(call cmd,foo)` run `cmd_<name>`.
 */
const recipeCommand = /\b(?:if_changed_rule|if_changed_dep|if_changed|cmd_and_fixdep|cmd)\s*,\s*([A-Za-z0-9_.-]+)/;

function recordCompile(dir: DirectoryFacts, visit: TargetVisit, traces: CompileTraces | undefined): void {
  const source = visit.prerequisites[0];
  if (source === undefined) return;
  const dot = source.lastIndexOf('.');
  const bySuffix = dot < 0 ? undefined : compileVariables[source.slice(dot)];
  if (bySuffix === undefined) return;
  const named = visit.recipe.map((l) => recipeCommand.exec(l)?.[1]).find((n) => n !== undefined);
  const rule = named ?? bySuffix.slice('cmd_'.length);
  const text = `$(cmd_${rule})`;
  let command: string;
  if (traces === undefined) command = visit.expand(text).trim();
  else {
    const traced = visit.expandTraced(text, traces.previous?.get(visit.name));
    traces.next.set(visit.name, traced);
    command = traced.value.trim();
  }
  if (command === '') return;
  (dir.compile as Map<string, CompileFacts>).set(visit.name, { directory: dir.cwd, file: source, output: visit.name, command, rule });
}

/** Records, for each word assigned in the directory's Kbuild file, where and under which conditions. */
function recordWords(make: MakeView, dir: DirectoryFacts, file: string): void {
  const words = dir.words as Map<string, WordOrigin[]>;
  const seen = new Set<Definition>();
  const texts = new Map<string, string>();
  // Definitions name their file as make named it: each name is resolved once, not once per definition.
  const isKbuildFile = new Map<string, boolean>();
  const inFile = (f: string): boolean => {
    let mine = isKbuildFile.get(f);
    if (mine === undefined) {
      mine = f === file || resolvePath(make.options.cwd, f) === file;
      isKbuildFile.set(f, mine);
    }
    return mine;
  };
  // The file of the last definition, and whether it is the Kbuild file: runs of definitions share one.
  let lastFile: string | undefined;
  let lastMine = false;
  // The engine's shared runs of other files (kbuild's auto.conf) are left out, unless changed.
  forEachVariable(make.variables, (v) => {
    for (const d of v.definitions) {
      if (d.where === undefined) continue;
      const mine = lastFile === d.where.file ? lastMine : inFile(d.where.file);
      lastFile = d.where.file;
      lastMine = mine;
      if (!mine) continue;
      if (d.value === undefined || seen.has(d)) continue;
      seen.add(d);
      const origin = originOf(make, v, d, texts);
      for (const w of splitWords(d.value)) {
        const list = words.get(w);
        if (list === undefined) words.set(w, [origin]);
        else list.push(origin);
      }
    }
  }, (run) => !inFile(run.file));
  for (const list of words.values()) list.sort((a, b) => a.line - b.line);
}

function originOf(make: MakeView, v: Readonly<Variable>, d: Definition, texts: Map<string, string>): WordOrigin {
  const where = d.where!;
  const statement = d.span === undefined ? '' : textOf(make, d.span.file, texts).slice(d.span.start, d.span.end);
  const written = assignedName(statement) ?? v.name;
  const conditions = conditionsOf(make, d.condition, texts);
  const symbols = new Set<string>();
  for (const text of [written, ...conditions.map((c) => c.text)]) for (const m of text.matchAll(/\bCONFIG_[A-Za-z0-9_]+/g)) symbols.add(m[0]);
  const configs = [...symbols].map((symbol) => ({ symbol, value: configValue(make, symbol) }));
  return { variable: v.name, written, file: where.file, line: where.line, configs, conditions };
}

/** The name part of an assignment statement (`obj-$(CONFIG_X)` of `obj-$(CONFIG_X) += x.o`). */
function assignedName(statement: string): string | undefined {
  const m = /^\s*(?:(?:override|export|private)\s+)*([^\s:+?!=]+(?:\$[({][^)}]*[)}][^\s:+?!=]*)*)\s*(?:\+=|:::=|::=|:=|\?=|!=|=)/.exec(statement);
  return m?.[1];
}

function conditionsOf(make: MakeView, condition: Condition | undefined, texts: Map<string, string>): { text: string; file: string; line: number }[] {
  const out: { text: string; file: string; line: number }[] = [];
  for (let c = condition; c !== undefined; c = c.outer) {
    const text = textOf(make, c.file, texts);
    // An `else` branch depends on the tests before it too: list them, the taken line first.
    for (const t of [...c.tested].reverse()) {
      out.push({ text: text.slice(t.start, t.end).replace(/\\\n/g, ' ').trim(), file: c.file, line: t.line });
    }
  }
  return out;
}

function textOf(make: MakeView, file: string, texts: Map<string, string>): string {
  let text = texts.get(file);
  if (text === undefined) {
    // The engine's parse cache holds every makefile it read, by absolute path, as it decoded it.
    const path = resolvePath(make.options.cwd, file);
    text = make.options.parsed?.get(path)?.text ?? '';
    texts.set(file, text);
  }
  return text;
}

function configValue(make: MakeView, symbol: string): string {
  const v = make.variables.get(symbol);
  return v === undefined || v.value === '' ? 'n' : v.value;
}
