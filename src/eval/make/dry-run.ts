/**
 * Deciding what make would remake, and `-n`: GNU make's goal update (remake.c) over the rule
 * database, with implicit rule search, automatic and target-specific variables, and recipe
 * expansion. Recipe lines are printed, never run; a line that runs `$(MAKE)` is evaluated
 * in-process as a sub-make, the way `make -n` executes such lines.
 */
import { MakeStop, type ExpansionMemo, type MakeContext, type TargetVisit, type TracedExpansion } from './context.js';
import { makeflagsSwitches } from './argv.js';
import { builtinPatternRules, builtinSuffixRules, defaultSuffixes } from './defaults.js';
import { compiled, expand, findsAsBefore, foundNow, splitWords, valueOf } from './expand.js';
import { resolvePath } from './paths.js';
import { patternStem, samePatternRule, sequenceOf, type Rule } from './rules.js';
import { automaticVariable, type Scope, type Variable, type VariableTable } from './variables.js';

/** What make knows about one target (or one double-colon rule of it) while updating. */
interface TargetPlan {
  readonly name: string;
  /** Lists a circular prerequisite is dropped from for good (`dropPrerequisite`), as GNU make drops it. */
  readonly prerequisites: string[];
  readonly orderOnly: string[];
  readonly recipe: Rule['recipe'];
  readonly stem: string;
  /** Whether any rule (explicit or implicit) names this target. */
  readonly hasRule: boolean;
  readonly phony: boolean;
  /** Targets the same recipe run makes too (grouped `&:` rules, multi-target pattern rules). */
  readonly siblings: readonly string[];
  /** Normal and order-only prerequisites (`true`) in the order make comes to them. */
  readonly sequence: (readonly [string, boolean])[];
  /** For a double-colon target: one plan per rule, each updated on its own. */
  readonly doubleColon: readonly TargetPlan[];
  /** Whether the recipe is `.DEFAULT`'s (then `$<` is the target's own name). */
  readonly byDefault?: boolean;
}

/** Per-run memory of targets already considered. */
interface UpdateState {
  readonly done: Map<string, { remade: boolean }>;
  readonly plans: Map<string, TargetPlan>;
  /** Targets being updated right now, for GNU make's circular dependency check. */
  readonly updating: Set<string>;
  /** Files an implicit rule chain made up (not mentioned in any rule): intermediate. */
  readonly chained: Set<string>;
  /** Intermediate files remade this run, which GNU make deletes at the end (`rm ...` under -n). */
  readonly madeIntermediates: string[];
  /** The suffixes that make `$*` of an explicit rule (`.SUFFIXES`). */
  readonly suffixes: readonly string[];
  readonly mentioned: Set<string>;
  /** Prerequisites of a terminal (`::`) pattern rule that was chosen: no implicit rule makes them. */
  readonly terminalInputs: Set<string>;
  /** File modification times read so far (undefined: the file does not exist). */
  readonly stats: Map<string, { mtimeMs: number } | undefined>;
  /** Pattern rules on the current implicit chain, each used once. */
  readonly chain: Set<Rule>;
  /** Whether an implicit rule chain can make a file, by name. */
  readonly makeable: Map<string, boolean>;
  /** Intermediate files being looked into, against dependency loops. */
  readonly checking: Set<string>;
  commandsRun: number;
  readonly phony: ReadonlySet<string>;
  readonly intermediate: ReadonlySet<string>;
  /** Files `.INTERMEDIATE` names (and `.SECONDARY` does not): deleted at the end once make has come to them, existing or not. */
  readonly named: ReadonlySet<string>;
  /** `.SECONDARY:` with no prerequisites. */
  readonly allSecondary: boolean;
  /** Runs a recursive make line; returns its status, or undefined when the line is not one. */
  readonly subMake: SubMake;
  /** `-k`: after an error, go on with other targets. */
  readonly keepGoing: boolean;
  /** `-q`: run nothing, print nothing; the exit status says whether anything is out of date. */
  readonly question: boolean;
  outOfDate: boolean;
  /** Targets that failed (under `-k`). */
  readonly failed: Set<string>;
}

/** Hook for running `$(MAKE)` lines, supplied by the evaluator (which owns sub-make set-up). */
export type SubMake = (ctx: MakeContext, command: string) => number | undefined;

/**
 * A file's modification time, or undefined when it does not exist. GNU make reads each file's
 * time once per run and so does this: nothing the engine does changes a file.
 */
function exists(ctx: MakeContext, state: UpdateState, name: string): { mtimeMs: number } | undefined {
  if (state.stats.has(name)) return state.stats.get(name);
  const stat = ctx.options.host.stat(resolvePath(ctx.options.cwd, name));
  state.stats.set(name, stat);
  return stat;
}

/** Matches a pattern rule target; a pattern with no `/` matches the file part and keeps the directory in the stem. */
function matchTarget(pattern: string, name: string): string | undefined {
  const slash = name.lastIndexOf('/');
  if (pattern.includes('/') || slash === -1) return patternStem(pattern, name);
  const stem = patternStem(pattern, name, slash + 1);
  return stem === undefined ? undefined : name.slice(0, slash + 1) + stem;
}

/** Puts a stem into a prerequisite pattern; with a directory stem, the directory goes in front. */
function substitute(pattern: string, stem: string): string {
  const i = pattern.indexOf('%');
  if (i === -1) return pattern;
  const slash = stem.lastIndexOf('/');
  if (slash !== -1 && !pattern.includes('/')) {
    return stem.slice(0, slash + 1) + pattern.slice(0, i) + stem.slice(slash + 1) + pattern.slice(i + 1);
  }
  return pattern.slice(0, i) + stem + pattern.slice(i + 1);
}

/**
 * GNU make's directory search for a file that does not exist where it is named: the `vpath`
 * directives whose pattern matches, in order, then the directories of `VPATH` (blank- or
 * colon-separated). Files with an explicit rule are not searched.
 */
function vpathSearch(ctx: MakeContext, state: UpdateState, name: string): string {
  if (name.startsWith('/') || exists(ctx, state, name) !== undefined || ctx.rules.targets.has(name)) return name;
  const dirs: string[] = [];
  for (const words of ctx.vpaths) {
    if (words.length < 2) continue;
    const [pattern, ...rest] = words;
    if (patternStem(pattern, name) === undefined) continue;
    for (const w of rest) dirs.push(...w.split(':').filter((d) => d !== ''));
  }
  dirs.push(...splitWords(valueOf(ctx, 'VPATH')).flatMap((w) => w.split(':')).filter((d) => d !== ''));
  for (const d of dirs) {
    const candidate = `${d.replace(/\/+$/, '')}/${name}`;
    if (exists(ctx, state, candidate) !== undefined) return candidate;
  }
  return name;
}

/**
 * `.SECONDEXPANSION`: prerequisites are expanded again for each target, with `$@` and `$*`
 * set (GNU make manual, Secondary Expansion).
 */
function expandAgain(ctx: MakeContext, prerequisites: readonly string[], name: string, stem: string): string[] {
  if (!prerequisites.some((p) => p.includes('$'))) return [...prerequisites];
  // `$(@D)` and `$(@F)` are the global definitions in terms of these.
  const scope: VariableTable = new Map([['@', automaticVariable('@', name)], ['*', automaticVariable('*', stem)]]);
  return withScopes(ctx, [scope], () => prerequisites.flatMap((p) => (p.includes('$') ? splitWords(expand(ctx, compiled(ctx, p))) : [p])));
}

/** The stem of an explicit target: its name without a known suffix (GNU make's `$*` rule). */
function knownSuffixStem(state: UpdateState, name: string): string {
  for (const suffix of state.suffixes) if (name.length > suffix.length && name.endsWith(suffix)) return name.slice(0, -suffix.length);
  return '';
}

/** Collects the merged rules of a target, then an implicit rule if none gave a recipe. */
function planFor(ctx: MakeContext, state: UpdateState, name: string, depth: number): TargetPlan {
  const entry = ctx.rules.targets.get(name);
  const phony = state.phony.has(name);
  if (entry !== undefined && entry.doubleColon.length > 0) {
    const rules = entry.doubleColon.map((r): TargetPlan => {
      // A double-colon rule without a recipe gets an implicit rule's, as a plain target does.
      const implicit = r.recipe.length === 0 && !phony ? searchImplicit(ctx, state, name, depth) : undefined;
      if (implicit !== undefined) chosen(state, implicit);
      const prerequisites = [...(implicit?.prerequisites ?? []), ...r.prerequisites];
      const orderOnly = [...(implicit?.orderOnly ?? []), ...r.orderOnly];
      return {
        name, prerequisites, orderOnly, sequence: [...sequenceOf(implicit?.prerequisites ?? [], implicit?.orderOnly ?? []), ...sequenceOf(r.prerequisites, r.orderOnly)],
        recipe: implicit?.rule.recipe ?? r.recipe, stem: implicit?.stem ?? knownSuffixStem(state, name), hasRule: true, phony, siblings: [], doubleColon: [],
      };
    });
    return { ...rules[0], doubleColon: rules };
  }
  let stem = entry?.stem ?? knownSuffixStem(state, name);
  const again = entry?.secondExpansion === true;
  const prerequisites = again ? expandAgain(ctx, entry.prerequisites, name, stem) : [...(entry?.prerequisites ?? [])];
  const orderOnly = again ? expandAgain(ctx, entry.orderOnly, name, stem) : [...(entry?.orderOnly ?? [])];
  let sequence: (readonly [string, boolean])[] = again ? sequenceOf(prerequisites, orderOnly) : [...(entry?.sequence ?? [])];
  let recipe: Rule['recipe'] = entry?.recipeRule?.recipe ?? [];
  let hasRule = entry !== undefined;
  let siblings: string[] = entry?.recipeRule?.grouped ? entry.recipeRule.targets.filter((t) => t !== name) : [];
  // Phony targets get no implicit rule (GNU make manual, Phony Targets), nor do a terminal rule's prerequisites.
  if (recipe.length === 0 && depth < 8 && !phony && !state.terminalInputs.has(name)) {
    const implicit = searchImplicit(ctx, state, name, depth);
    if (implicit !== undefined) {
      chosen(state, implicit);
      prerequisites.unshift(...implicit.prerequisites);
      orderOnly.unshift(...implicit.orderOnly);
      sequence = [...sequenceOf(implicit.prerequisites, implicit.orderOnly), ...sequence];
      recipe = implicit.rule.recipe;
      stem = implicit.stem;
      hasRule = true;
      // A pattern rule with several targets makes all of them in one run (GNU make implicit.c).
      siblings = implicit.rule.targets.map((t) => substitute(t, implicit.stem)).filter((t) => t !== name);
    }
  }
  // A file that no rule names as a target, and no implicit rule makes, takes `.DEFAULT`'s recipe
  // (GNU make manual, Special Targets); a phony one does not.
  const fallback = ctx.rules.targets.get('.DEFAULT')?.recipeRule?.recipe;
  const byDefault = recipe.length === 0 && entry === undefined && !phony && fallback !== undefined && fallback.length > 0;
  if (byDefault) {
    recipe = fallback;
    hasRule = true;
  }
  const found = new Map<string, string>();
  const search = (d: string): string => {
    let f = found.get(d);
    if (f === undefined) found.set(d, (f = vpathSearch(ctx, state, d)));
    return f;
  };
  return {
    name, prerequisites: prerequisites.map(search), orderOnly: orderOnly.map(search), sequence: sequence.map(([d, o]) => [search(d), o] as const),
    recipe, stem, hasRule, phony, siblings, doubleColon: [], byDefault,
  };
}

/**
 * What choosing an implicit rule for a target records: its prerequisites enter GNU make's file
 * table (later searches take them as files that ought to exist), and a terminal rule's get no
 * implicit rule of their own.
 */
function chosen(state: UpdateState, implicit: { readonly rule: Rule; readonly prerequisites: readonly string[]; readonly orderOnly: readonly string[] }): void {
  for (const d of [...implicit.prerequisites, ...implicit.orderOnly]) {
    state.mentioned.add(d);
    if (implicit.rule.doubleColon) state.terminalInputs.add(d);
  }
}

/**
 * GNU make's implicit rule search, simplified: pattern rules whose target matches, shortest stem
 * first, whose prerequisites exist or are targets, then (a second pass) those whose prerequisites
 * another pattern rule can make.
 */
function searchImplicit(
  ctx: MakeContext, state: UpdateState, name: string, depth: number,
): { rule: Rule; stem: string; prerequisites: string[]; orderOnly: string[] } | undefined {
  const candidates: { rule: Rule; stem: string; order: number }[] = [];
  // Whether a pattern other than `%` matches: then the name is of a known kind (even by a rule
  // without a recipe, `%.c:`), and non-terminal match-anything rules do not apply to it (GNU make
  // manual, Match-Anything Pattern Rules). A rule with prerequisites but no recipe is no rule.
  let specific = false;
  ctx.rules.patterns.forEach((rule, order) => {
    if ((rule.recipe.length === 0 && rule.prerequisites.length > 0) || state.chain.has(rule)) return;
    // Inside a chain (depth > 0), non-terminal match-anything rules are not tried (GNU implicit.c).
    if (depth > 0 && !rule.doubleColon && rule.targets.includes('%')) return;
    for (const t of rule.targets) {
      const stem = matchTarget(t, name);
      if (stem !== undefined) {
        if (t !== '%') specific = true;
        if (rule.recipe.length > 0) candidates.push({ rule, stem, order });
        break;
      }
    }
  });
  if (specific) {
    for (let i = candidates.length - 1; i >= 0; i--) if (!candidates[i].rule.doubleColon && candidates[i].rule.targets.includes('%')) candidates.splice(i, 1);
  }
  candidates.sort((a, b) => a.stem.length - b.stem.length || a.order - b.order);
  // Two passes, as GNU make's pattern_search: first only rules whose prerequisites exist or ought to
  // (targets, mentioned files), so `%: %.c` with x.c present wins over `%: %.o` and a chained x.o;
  // then rules whose prerequisites another implicit rule can make.
  for (const chaining of [false, true]) {
    for (const c of candidates) {
      const prerequisites = implicitPrerequisites(ctx, c.rule, c.rule.prerequisites, name, c.stem);
      const ok = prerequisites.every((p) => {
        // A prerequisite that directory search finds exists too (GNU make implicit.c).
        if (exists(ctx, state, p) !== undefined || vpathSearch(ctx, state, p) !== p) return true;
        if (ctx.rules.targets.has(p) || state.mentioned.has(p)) return true;
        // A terminal (double-colon) pattern rule never chains: its prerequisites exist or ought to.
        if (c.rule.doubleColon) return false;
        // A prerequisite only another pattern rule can make is an intermediate file of the chain.
        if (chaining && canChain(ctx, state, p, depth + 1, c.rule)) {
          state.chained.add(p);
          return true;
        }
        return false;
      });
      if (ok) return { rule: c.rule, stem: c.stem, prerequisites, orderOnly: implicitPrerequisites(ctx, c.rule, c.rule.orderOnly, name, c.stem) };
    }
  }
  return undefined;
}

/**
 * A pattern rule's prerequisites for one target: each word with the stem in place of its `%`; a
 * list kept whole for the second expansion gets the stem for its first `%` only, then is expanded
 * and split into words, as GNU make's pattern_search does.
 */
function implicitPrerequisites(ctx: MakeContext, rule: Rule, list: readonly string[], name: string, stem: string): string[] {
  return list.flatMap((p) => (rule.secondExpansion && p.includes('$') ? expandAgain(ctx, [substitute(p, stem)], name, stem) : [substitute(p, stem)]));
}

/**
 * Whether an implicit rule can make `name` (an intermediate file). A rule is used once per chain
 * (GNU make: "Avoiding implicit rule recursion"), and answers are remembered per file name.
 */
function canChain(ctx: MakeContext, state: UpdateState, name: string, depth: number, via: Rule): boolean {
  const known = state.makeable.get(name);
  if (known !== undefined) return known;
  if (depth >= 8) return false;
  state.chain.add(via);
  try {
    const found = searchImplicit(ctx, state, name, depth) !== undefined;
    state.makeable.set(name, found);
    return found;
  } finally {
    state.chain.delete(via);
  }
}

/**
 * `$@ $< $^ $+ $? $| $*` for one target, each made when first looked up: a recipe reads a few of
 * them, and kbuild expands one for each of tens of thousands of objects. Their `D` and `F` forms
 * are not here: as in GNU make they are global recursive variables (`$(notdir $<)`), so that root
 * paths, `$(flavor)` and `$(value)` come out as make gives them.
 */
class AutomaticVariables implements Scope {
  /** The variables made so far: a recipe reads few of them. */
  private readonly made: Variable[] = [];

  /** `newer` gives `$?` when it is first looked up: most recipes never ask, and it reads the target's time. */
  constructor(private readonly plan: TargetPlan, private readonly newer: () => readonly string[]) {}

  get(name: string): Variable | undefined {
    if (name.length !== 1) return undefined;
    for (const v of this.made) if (v.name === name) return v;
    const words = this.words(name.charCodeAt(0));
    if (words === undefined) return undefined;
    const v = automaticVariable(name, words.join(' '));
    this.made.push(v);
    return v;
  }

  private words(c: number): readonly string[] | undefined {
    const plan = this.plan;
    switch (c) {
      case 64: // @
        return [plan.name];
      case 60: // <
        if (plan.byDefault === true) return [plan.name];
        return plan.prerequisites.length > 0 ? [plan.prerequisites[0]] : [];
      case 94: // ^
        return [...new Set(plan.prerequisites)];
      case 43: // +
        return plan.prerequisites;
      case 63: // ?
        return this.newer();
      case 42: // *
        return plan.stem === '' ? [] : [plan.stem];
      case 124: { // |
        // An order-only prerequisite that is also a normal one is a normal one (GNU make).
        const normal = new Set(plan.prerequisites);
        return [...new Set(plan.orderOnly)].filter((p) => !normal.has(p));
      }
      default:
        return undefined;
    }
  }
}

function automaticVariables(plan: TargetPlan, newer: () => readonly string[]): Scope {
  return new AutomaticVariables(plan, newer);
}

/**
 * The target- and pattern-specific variable tables that apply to `name`, outermost first: the
 * patterns with longer stems first, so that the more specific ones take precedence (GNU make
 * manual, Pattern-specific Variable Values), then the target's own.
 */
function targetScopes(ctx: MakeContext, name: string): VariableTable[] {
  const matched: { readonly stem: number; readonly variables: VariableTable }[] = [];
  for (const p of ctx.rules.patternVariables) {
    const stem = matchTarget(p.pattern, name);
    if (stem !== undefined) matched.push({ stem: stem.length, variables: p.variables });
  }
  if (matched.length > 1) matched.sort((a, b) => b.stem - a.stem);
  const scopes: VariableTable[] = matched.map((m) => m.variables);
  const own = ctx.rules.targetVariables.get(name);
  if (own !== undefined) scopes.push(own);
  return scopes;
}

/** A modification time for comparisons: files make remade under `-n` count as newest of all. */
const newest = Number.POSITIVE_INFINITY;

/**
 * Whether a prerequisite makes a target with modification time `parentMtime` (undefined: missing;
 * `newest`: remade, as a build plan's host gives what an earlier make remade) out of date: it is
 * missing, remade, or newer. Its own time is read only when it must be compared: a host may look
 * times up only when they are read (a tree's sources, against objects that do not exist).
 */
function newerThan(ctx: MakeContext, state: UpdateState, name: string, parentMtime: number | undefined): boolean {
  if (parentMtime === undefined) return true;
  if (state.done.get(name)?.remade) return parentMtime !== newest;
  const found = exists(ctx, state, name);
  if (found === undefined) return true;
  return parentMtime !== newest && found.mtimeMs > parentMtime;
}

/**
 * Whether make treats a file as intermediate: named by `.INTERMEDIATE`, or every file when
 * `.SECONDARY` has no prerequisites (as Kbuild.include declares). Phony targets never are.
 */
function isIntermediate(state: UpdateState, name: string): boolean {
  if (state.phony.has(name)) return false;
  return state.allSecondary || state.intermediate.has(name) || state.chained.has(name);
}

function plan(ctx: MakeContext, state: UpdateState, name: string): TargetPlan {
  let p = state.plans.get(name);
  if (p === undefined) {
    p = planFor(ctx, state, name, 0);
    state.plans.set(name, p);
  }
  return p;
}

/** Takes one circular prerequisite out of a plan for good: GNU make drops it from the file's list. */
function dropPrerequisite(p: TargetPlan, entry: readonly [string, boolean]): void {
  const at = p.sequence.indexOf(entry);
  if (at !== -1) p.sequence.splice(at, 1);
  const list = entry[1] ? p.orderOnly : p.prerequisites;
  const i = list.indexOf(entry[0]);
  if (i !== -1) list.splice(i, 1);
}

/** GNU make's message for a prerequisite that leads back to a target being updated. */
function circular(ctx: MakeContext, state: UpdateState, name: string, dep: string): boolean {
  if (!state.updating.has(dep)) return false;
  ctx.output.push({ stream: 'stderr', text: `${ctx.options.program}: Circular ${name} <- ${dep} dependency dropped.\n` });
  return true;
}

/**
 * GNU make's `check_dep`: a non-intermediate prerequisite is updated now; an intermediate one
 * is only looked into (its own prerequisites), and made later if the target must be remade.
 * Returns whether the target is out of date because of it. The target's time (`parentMtime`) is
 * read only when it is compared: the time of a phony `$(KBUILD_EXTMOD)` directory, say, is never,
 * so a host that notes what was read (`--analysis-cache`) does not count it.
 */
function checkDep(ctx: MakeContext, state: UpdateState, name: string, parentMtime: () => number | undefined, inherited: readonly VariableTable[], neededBy: string, needed = true): boolean {
  // An intermediate file of a chain that exists is treated as an ordinary one (GNU make manual,
  // Chained Rules); one `.INTERMEDIATE` names stays intermediate.
  if (!isIntermediate(state, name) || (exists(ctx, state, name) !== undefined && !state.named.has(name))) {
    update(ctx, state, name, inherited, neededBy);
    // When the answer cannot change what happens (`needed` false), the time is not compared:
    // a kbuild directory's phony `$(obj)/` would otherwise read every source's time.
    return needed && newerThan(ctx, state, name, parentMtime());
  }
  const m = exists(ctx, state, name)?.mtimeMs;
  if (m !== undefined) {
    const parent = parentMtime();
    if (parent !== undefined && m > parent) return true;
  }
  if (state.checking.has(name)) return false;
  state.checking.add(name);
  let must = false;
  const p = plan(ctx, state, name);
  for (const entry of p.sequence.filter((e) => !e[1])) {
    const d = entry[0];
    // A prerequisite being updated above is circular here too (GNU make's check_dep).
    if (circular(ctx, state, name, d)) {
      dropPrerequisite(p, entry);
      continue;
    }
    if (checkDep(ctx, state, d, parentMtime, inherited, name, needed && !must)) must = true;
    // Under -k a failure below an intermediate file fails it too (GNU make's dep_status).
    if (state.failed.has(d)) state.failed.add(name);
  }
  state.checking.delete(name);
  return must;
}

/**
 * Updates one target as GNU make's `update_file_1` does: prerequisites are checked in order
 * (non-intermediate ones updated on the way), then, if the target must be remade, its
 * intermediate prerequisites are made, then its recipe runs. Returns whether it was remade.
 */
function update(ctx: MakeContext, state: UpdateState, name: string, inherited: readonly VariableTable[], neededBy: string | undefined): boolean {
  const seen = state.done.get(name);
  if (seen !== undefined) return seen.remade;
  state.done.set(name, { remade: false });
  state.updating.add(name);
  try {
    const p = plan(ctx, state, name);
    const rules = p.doubleColon.length > 0 ? p.doubleColon : [p];
    let remade = false;
    for (const r of rules) if (updateRule(ctx, state, r, inherited, neededBy)) remade = true;
    if (remade) state.done.set(name, { remade: true });
    // A file `.INTERMEDIATE` names counts once its update is through; a chained one once it was made.
    if (state.named.has(name) || (remade && isIntermediate(state, name) && state.chained.has(name))) state.madeIntermediates.push(name);
    return remade;
  } catch (e) {
    // A file that could not be made stays failed for every target that needs it later (under -k),
    // and under -k its update is through: a file `.INTERMEDIATE` names is deleted at the end.
    state.failed.add(name);
    if (state.keepGoing && e instanceof MakeStop && e.target && state.named.has(name)) state.madeIntermediates.push(name);
    throw e;
  } finally {
    state.updating.delete(name);
  }
}

/**
 * Runs `body`; under `-k` a make error is printed without "Stop." and gives undefined, so the
 * caller can go on with other targets (GNU make's keep_going_flag).
 */
function keepGoing<T>(ctx: MakeContext, state: UpdateState, body: () => T): T | undefined {
  if (!state.keepGoing) return body();
  try {
    return body();
  } catch (e) {
    if (!(e instanceof MakeStop) || !e.target) throw e;
    const head = e.where && !e.raw ? `${e.where.file}:${e.where.line}: ` : e.raw ? '' : `${ctx.options.program}: `;
    ctx.output.push({ stream: 'stderr', text: e.raw ? `${e.text}\n` : `${head}*** ${e.text}.\n` });
    return undefined;
  }
}

/** Updates a target by one of its rules (the only one, unless it is double-colon). */
function updateRule(ctx: MakeContext, state: UpdateState, p: TargetPlan, inherited: readonly VariableTable[], neededBy: string | undefined): boolean {
  const name = p.name;
  // Prerequisites inherit this target's variables, except `private` ones (GNU make variable.c).
  const own = targetScopes(ctx, name);
  const passed = [...inherited, ...own.map(withoutPrivate)];
  const found = exists(ctx, state, name);
  // Its time matters only against its prerequisites: a source's is then never read (a host may
  // look times up only when they are read).
  let time: number | undefined | null = null;
  const mtime = (): number | undefined => (time === null ? (time = found?.mtimeMs) : time);
  let must = false;
  let failed = false;
  // Whether a prerequisite's answer still matters: not for a phony target, nor once one said yes.
  const check = (d: string): void => {
    const r = keepGoing(ctx, state, () => checkDep(ctx, state, d, mtime, passed, name, !p.phony && !must));
    if (r === undefined || state.failed.has(d)) failed = true;
    else if (r) must = true;
  };
  // Prerequisites in the order make comes to them, normal and order-only: a circular one is found
  // (and dropped) there; an order-only one is updated, or, if intermediate, made later if needed.
  const deps: string[] = [];
  const orderIntermediates: string[] = [];
  for (const entry of [...p.sequence]) {
    const [d, orderOnly] = entry;
    // A dropped circular prerequisite is gone from the automatic variables too.
    if (circular(ctx, state, name, d)) dropPrerequisite(p, entry);
    else if (!orderOnly) {
      deps.push(d);
      check(d);
    } else {
      // Checked as a normal one (an intermediate one made later, if the target is), its time not counted.
      if (keepGoing(ctx, state, () => checkDep(ctx, state, d, mtime, passed, name)) === undefined || state.failed.has(d)) failed = true;
      if (isIntermediate(state, d) && !state.done.has(d)) orderIntermediates.push(d);
    }
  }
  // `.EXTRA_PREREQS` are prerequisites of every target that no automatic variable lists (GNU make 4.3).
  const extra = withScopes(ctx, [...inherited, ...own], () => splitWords(valueOf(ctx, '.EXTRA_PREREQS'))).filter((d) => d !== name && !deps.includes(d));
  for (const d of extra) check(d);
  const observe = ctx.options.observer?.target;
  if (observe !== undefined) observe(ctx.view, visit(ctx, p, deps, [...inherited, ...own]));
  // A double-colon rule with no prerequisites always runs (GNU make manual, Double-Colon).
  const doubleColon = (ctx.rules.targets.get(name)?.doubleColon.length ?? 0) > 0;
  const always = p.phony || found === undefined || (doubleColon && deps.length === 0);
  if (!failed) {
    // A phony target needs no rule: make takes it as remade (kbuild's tools/ Makefiles rely on it).
    if (!p.hasRule && !p.phony && found === undefined) {
      throw new MakeStop(undefined, neededBy === undefined ? `No rule to make target '${name}'` : `No rule to make target '${name}', needed by '${neededBy}'`, false, true);
    }
    if (!(must || always)) return false;
  }
  // The intermediate files the target needs are made now, even when a prerequisite failed, and
  // under -k one that fails does not keep the others from being made (GNU make update_file_1).
  if (must || always) {
    for (const d of [...deps.filter((x) => isIntermediate(state, x)), ...orderIntermediates]) {
      if (keepGoing(ctx, state, () => update(ctx, state, d, passed, name)) === undefined || state.failed.has(d)) failed = true;
    }
  }
  // Under -k a target whose prerequisites failed is not remade, and fails in turn.
  if (failed) {
    state.failed.add(name);
    return false;
  }
  // `$?`, worked out when a recipe line asks for it: the prerequisites' states are settled by now,
  // and a sub-make an earlier line ran does not change them (it has its own).
  const newer = (): string[] => [...new Set(deps.filter((d) => newerThan(ctx, state, d, mtime())))];
  if (p.recipe.length > 0 && state.question) {
    state.outOfDate = true;
    state.done.set(name, { remade: true });
    return true;
  }
  if (p.recipe.length > 0) {
    // Automatic variables are made only for a recipe that will be expanded (under `sub-makes`,
    // one with a `$(MAKE)` line): a whole kernel's dry run has tens of thousands of the others.
    const scopes = recipeExpands(ctx, p) ? [...inherited, ...own, automaticVariables(p, newer)] : [...inherited, ...own];
    const ran = keepGoing(ctx, state, () => {
      ctx.recipeDepth++;
      try {
        return withScopes(ctx, scopes, () => runRecipe(ctx, state, p));
      } finally {
        ctx.recipeDepth--;
      }
    });
    if (ran === undefined) {
      state.failed.add(name);
      return false;
    }
    // A recipe that changes no file leaves the target as it was (MakeOptions.unchanging).
    if (ran === 'unchanged' && !p.phony && found !== undefined) return false;
  }
  for (const s of p.siblings) state.done.set(s, { remade: true });
  const made = ctx.options.observer?.made;
  if (made !== undefined && p.recipe.length > 0 && !p.phony) for (const t of [name, ...p.siblings]) made(ctx.view, t);
  return true;
}

/** What an observer sees of a target; `$?` counts every prerequisite as newer. */
function visit(ctx: MakeContext, p: TargetPlan, deps: readonly string[], scopes: readonly Scope[]): TargetVisit {
  return {
    name: p.name,
    prerequisites: deps,
    orderOnly: p.orderOnly,
    stem: p.stem,
    hasRecipe: p.recipe.length > 0,
    recipe: p.recipe.map((line) => line.text),
    phony: p.phony,
    expand: (text) => inRecipe(ctx, p, deps, scopes, () => {
      // Each warning of `--warn-undefined-variables` is an effect of its own reference.
      ctx.memo = ctx.warnUndefined ? undefined : { values: new Map(), base: ctx.scopes.length, effects: 0, opaque: false };
      return expand(ctx, compiled(ctx, text));
    }),
    expandTraced: (text, previous) => inRecipe(ctx, p, deps, scopes, (): TracedExpansion => {
      if (previous !== undefined && previous.text === text && previous.found !== undefined && findsAsBefore(ctx, previous.found)) return previous;
      // A scope above the target's sees every name looked up outside the expansion's own scopes
      // (those of its `$(call)`s and `$(foreach)`es come above it, and answer theirs first).
      const asked = new AskedNames();
      ctx.scopes.push(asked);
      const memo: ExpansionMemo = { values: new Map(), base: ctx.scopes.length, effects: 0, opaque: false };
      ctx.memo = ctx.warnUndefined ? undefined : memo;
      const value = expand(ctx, compiled(ctx, text));
      ctx.scopes.pop();
      // Kept as a trace only if nothing but variables decided it (and no `$(eval)` started another
      // memo); nothing changed the variables meanwhile, so what the names find now is what they found.
      const traced = !ctx.warnUndefined && memo.effects === 0 && !memo.opaque && ctx.memo === memo;
      return { text, value, found: traced ? foundNow(ctx, [...asked.names]) : undefined };
    }),
  };
}

/** A scope that has no variable, and notes each name asked of it. */
class AskedNames implements Scope {
  readonly names = new Set<string>();

  get(name: string): undefined {
    this.names.add(name);
    return undefined;
  }
}

/** Runs `body` as a target's recipe is expanded: its scopes and automatic variables in force. */
function inRecipe<T>(ctx: MakeContext, p: TargetPlan, deps: readonly string[], scopes: readonly Scope[], body: () => T): T {
  const saved = ctx.location;
  const savedMemo = ctx.memo;
  ctx.recipeDepth++;
  try {
    return withScopes(ctx, [...scopes, automaticVariables(p, () => deps)], body);
  } finally {
    ctx.memo = savedMemo;
    ctx.recipeDepth--;
    ctx.location = saved;
  }
}

function withoutPrivate(table: VariableTable): VariableTable {
  let any = false;
  for (const v of table.values()) if (v.private) any = true;
  if (!any) return table;
  return new Map([...table].filter(([, v]) => !v.private));
}

function withScopes<T>(ctx: MakeContext, scopes: readonly Scope[], body: () => T): T {
  const saved = ctx.scopes.length;
  ctx.scopes.push(...scopes);
  try {
    return body();
  } finally {
    ctx.scopes.length = saved;
  }
}

/** A recipe line's text as it is expanded: continuation lines lose their leading recipe prefix (GNU make job.c). */
function recipeText(ctx: MakeContext, text: string): string {
  return text.split(`\n${ctx.recipePrefix}`).join('\n');
}

/** Whether a line runs `$(MAKE)`. */
function isRecursive(text: string): boolean {
  return /\$[({]MAKE[)}]/.test(text);
}

/** Whether `runRecipe` expands any line of the plan's recipe: every one, or under `sub-makes` those that run `$(MAKE)`. */
function recipeExpands(ctx: MakeContext, plan: TargetPlan): boolean {
  return ctx.options.recipes !== 'sub-makes' || plan.recipe.some((line) => isRecursive(recipeText(ctx, line.text)));
}

/**
 * Expands and prints a recipe as `make -n` does; `$(MAKE)` lines run as sub-makes. GNU make
 * expands every line of the recipe before it starts the first (job.c `new_job`).
 */
function runRecipe(ctx: MakeContext, state: UpdateState, plan: TargetPlan): 'unchanged' | 'ran' {
  // GNU make numbers recipe lines from the first one, one per recipe line, whatever blank or
  // comment lines lie between them (helper-measured against GNU make 4.3).
  const first = plan.recipe[0]?.where;
  if (ctx.options.recipes === 'none') return 'ran';
  const unchanging = ctx.options.dryRun ? ctx.options.unchanging : undefined;
  let changes = unchanging === undefined;
  const onlySubMakes = ctx.options.recipes === 'sub-makes';
  const lines = plan.recipe.flatMap((line, i) => {
    ctx.location = first === undefined ? line.where : { file: first.file, line: first.line + i };
    const text = recipeText(ctx, line.text);
    const recursive = isRecursive(text);
    if (onlySubMakes && !recursive) return [];
    return [{ where: ctx.location!, recursive, expanded: expand(ctx, compiled(ctx, text)) }];
  });
  for (const line of lines) {
    ctx.location = line.where;
    for (const command of splitCommands(line.expanded)) {
      const { body, prefixes } = stripPrefixes(command);
      if (body === '') continue;
      if (!changes && !unchanging!(body)) changes = true;
      state.commandsRun++;
      ctx.options.observer?.command?.(ctx.view, plan.name, body, (line.recursive || prefixes.includes('+')) && ctx.options.dryRun);
      if ((ctx.options.dryRun || !prefixes.includes('@')) && !onlySubMakes) {
        if (ctx.options.dryRun || !ctx.options.silent) ctx.output.push({ stream: 'stdout', text: `${body}\n` });
      }
      if (!((line.recursive || prefixes.includes('+')) && ctx.options.dryRun)) continue;
      const status = state.subMake(ctx, body);
      if (status === undefined || status === 0) continue;
      const head = `${ctx.options.program}: `;
      const where = `[${line.where.file}:${line.where.line}: ${plan.name}] Error ${status}`;
      // A `-` prefix ignores the error (GNU make job.c); otherwise the target fails.
      if (prefixes.includes('-')) {
        ctx.output.push({ stream: 'stderr', text: `${head}${where} (ignored)\n` });
        continue;
      }
      throw new MakeStop(line.where, `${head}*** ${where}`, true);
    }
  }
  return changes ? 'ran' : 'unchanged';
}

/** Splits an expanded recipe line at newlines that are not escaped by a backslash. */
function splitCommands(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\n') continue;
    let k = i;
    while (k > start && text[k - 1] === '\\') k--;
    if ((i - k) % 2 === 1) continue;
    out.push(text.slice(start, i));
    start = i + 1;
  }
  out.push(text.slice(start));
  return out;
}

function stripPrefixes(command: string): { body: string; prefixes: string } {
  let i = 0;
  let prefixes = '';
  while (i < command.length) {
    const c = command[i];
    if (c === '@' || c === '-' || c === '+') prefixes += c;
    else if (c !== ' ' && c !== '\t') break;
    i++;
  }
  return { body: command.slice(i), prefixes };
}

/**
 * Updates the goals (or the default goal), printing commands under `-n`. GNU make's messages
 * for goals with nothing to do ("Nothing to be done for", "is up to date") are printed unless `-s`.
 * Returns make's exit status: 2 after errors (`-k`), 1 when `-q` found something out of date.
 */
export function updateGoals(ctx: MakeContext, subMake: SubMake): number {
  const goals = ctx.options.goals.length > 0 ? [...ctx.options.goals] : splitWords(ctx.globals.get('.DEFAULT_GOAL')?.value ?? '').slice(0, 1);
  if (goals.length === 0) throw new MakeStop(undefined, 'No targets');
  const special = (name: string): Set<string> => new Set(ctx.rules.explicit.filter((r) => r.targets.includes(name)).flatMap((r) => r.prerequisites));
  const phony = special('.PHONY');
  const secondary = ctx.rules.explicit.filter((r) => r.targets.includes('.SECONDARY'));
  const allSecondary = secondary.length > 0 && secondary.every((r) => r.prerequisites.length === 0);
  const secondaryFiles = special('.SECONDARY');
  const named = new Set([...special('.INTERMEDIATE')].filter((f) => !secondaryFiles.has(f)));
  const intermediate = new Set([...named, ...secondaryFiles]);
  convertSuffixRules(ctx);
  const mentioned = new Set<string>();
  // Every target and prerequisite a rule names (a static pattern rule's with its stem in place).
  for (const [t, entry] of ctx.rules.targets) {
    mentioned.add(t);
    for (const n of entry.prerequisites) mentioned.add(n);
    for (const n of entry.orderOnly) mentioned.add(n);
    for (const r of entry.doubleColon) for (const n of [...r.prerequisites, ...r.orderOnly]) mentioned.add(n);
  }
  // GNU make 4.3 enters every goal into its file table before it updates any, and every target
  // that has a target-specific variable.
  for (const g of goals) mentioned.add(g);
  for (const t of ctx.rules.targetVariables.keys()) mentioned.add(t);
  const state: UpdateState = {
    done: new Map(), plans: new Map(), checking: new Set(), updating: new Set(), chained: new Set(), madeIntermediates: [],
    chain: new Set(), makeable: new Map(), stats: new Map(),
    suffixes: knownSuffixes(ctx), mentioned, terminalInputs: new Set(), commandsRun: 0, phony, intermediate, named, allSecondary, subMake,
    keepGoing: hasFlag(ctx, 'k'), failed: new Set(), question: hasFlag(ctx, 'q'), outOfDate: false,
  };
  // GNU make deletes the intermediate files it made; under -n it prints the command. It does so on
  // a fatal error too, after the error's message. `.PRECIOUS` (names or patterns) and `.SECONDARY`
  // files are kept; `.INTERMEDIATE` ones the run made go too.
  const precious = [...ctx.rules.explicit.filter((r) => r.targets.includes('.PRECIOUS')).flatMap((r) => r.prerequisites)];
  const kept = (f: string): boolean => precious.some((p) => patternStem(p, f) !== undefined);
  const removeIntermediates = (): void => {
    // A goal named on the command line is never deleted.
    // A file `.INTERMEDIATE` names goes once make has come to it, even one that existed (GNU make 4.3).
    const doomed = state.madeIntermediates.filter((f) => !state.allSecondary && !secondaryFiles.has(f) && !kept(f) && !ctx.options.goals.includes(f) && (named.has(f) || exists(ctx, state, f) === undefined));
    if (doomed.length > 0 && ctx.options.dryRun) ctx.output.push({ stream: 'stdout', text: `rm ${doomed.join(' ')}\n` });
  };
  ctx.whenStopped = removeIntermediates;
  for (const goal of goals) {
    const before = state.commandsRun;
    if (keepGoing(ctx, state, () => update(ctx, state, goal, [], undefined)) === undefined) state.failed.add(goal);
    if (state.failed.has(goal) && !ctx.options.dryRun) {
      ctx.output.push({ stream: 'stderr', text: `${ctx.options.program}: Target '${goal}' not remade because of errors.\n` });
    }
    // A goal made earlier in the run (as another's prerequisite, or named twice) gets the message too.
    if (state.commandsRun === before && !ctx.options.silent && !state.question && !state.failed.has(goal)) {
      const p = plan(ctx, state, goal);
      const text = p.recipe.length > 0 && !p.phony ? `'${goal}' is up to date.` : `Nothing to be done for '${goal}'.`;
      ctx.output.push({ stream: 'stdout', text: `${ctx.options.program}: ${text}\n` });
    }
  }
  ctx.whenStopped = undefined;
  removeIntermediates();
  if (state.failed.size > 0) return 2;
  return state.outOfDate ? 1 : 0;
}

/** Whether a one-letter flag is in `MAKEFLAGS` (as make's command line or the makefile set it). */
function hasFlag(ctx: MakeContext, flag: string): boolean {
  return makeflagsSwitches(ctx.globals.get('MAKEFLAGS')?.value ?? '').letters.includes(flag);
}

/** A rule of GNU make's built-in table, as the rule database holds rules. */
function builtinRule(targets: string[], prerequisites: string[], recipe: readonly string[], terminal: boolean): Rule {
  const where = { file: '<builtin>', line: 0 };
  return {
    targets, prerequisites, orderOnly: [], staticPattern: undefined, doubleColon: terminal, grouped: false, pattern: true,
    secondExpansion: false, recipe: recipe.map((text) => ({ text, where })), where,
  };
}

/**
 * Old-fashioned suffix rules, the makefile's and (without `-r`) GNU make's built-in ones: a rule
 * for `.in.out` (both known suffixes) is the pattern rule `%.out: %.in`, one for `.src` is
 * `%: %.src`, made in GNU make's order (rule.c `convert_to_pattern`: for each suffix S, `%: %S`,
 * then `%T: %S` for each T). They come after the makefile's pattern rules, and GNU make's built-in
 * pattern rules after them.
 */
function convertSuffixRules(ctx: MakeContext): void {
  const suffixes = knownSuffixes(ctx);
  const builtin = !hasFlag(ctx, 'r');
  const own = new Map<string, Rule>();
  for (const r of ctx.rules.explicit) {
    if (r.targets.length !== 1 || r.prerequisites.length > 0 || r.staticPattern !== undefined) continue;
    const t = r.targets[0];
    if (t.startsWith('.') && suffixes.some((x) => t.startsWith(x))) own.set(t, r);
  }
  const table = new Map(builtin ? builtinSuffixRules.map((b) => [b.target, b.recipe] as const) : []);
  const ruleFor = (name: string, target: string, prerequisite: string): Rule | undefined => {
    const mine = own.get(name);
    if (mine !== undefined) return { ...mine, targets: [target], prerequisites: [prerequisite], pattern: true };
    const recipe = table.get(name);
    return recipe === undefined ? undefined : builtinRule([target], [prerequisite], recipe, false);
  };
  const converted: Rule[] = [];
  for (const from of suffixes) {
    const single = ruleFor(from, '%', `%${from}`);
    if (single !== undefined) converted.push(single);
    for (const to of suffixes) {
      const double = ruleFor(from + to, `%${to}`, `%${from}`);
      if (double !== undefined) converted.push(double);
    }
  }
  for (const name of own.keys()) ctx.rules.targets.delete(name);
  // A rule made from a suffix rule, or a built-in one, never replaces a pattern rule of the
  // makefile's with the same targets and prerequisites: a recipe-less one keeps cancelling it.
  const add = (r: Rule): void => {
    if (!ctx.rules.patterns.some((mine) => samePatternRule(mine, r))) ctx.rules.patterns.push(r);
  };
  for (const r of converted) add(r);
  if (builtin) for (const b of builtinPatternRules) add(builtinRule([...b.targets], [...b.prerequisites], b.recipe, b.doubleColon));
}

/** The suffixes in force: the defaults (unless `-r`), then `.SUFFIXES` rules in order (empty clears). */
function knownSuffixes(ctx: MakeContext): string[] {
  let suffixes = hasFlag(ctx, 'r') ? [] : [...defaultSuffixes];
  for (const r of ctx.rules.explicit) {
    if (!r.targets.includes('.SUFFIXES')) continue;
    suffixes = r.prerequisites.length === 0 ? [] : [...suffixes, ...r.prerequisites];
  }
  return suffixes;
}
