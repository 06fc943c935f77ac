/**
 * The rule database: explicit and pattern rules with their recipes, target- and pattern-specific
 * variables, and the default goal, as the reader records them.
 */
import type { Location } from './context.js';
import type { VariableTable } from './variables.js';

/** One recipe line: its raw text (prefix removed) and where it was read. */
export interface RecipeText {
  readonly text: string;
  readonly where: Location;
}

/** One rule as written: several targets share its prerequisites and recipe. */
export interface Rule {
  readonly targets: readonly string[];
  readonly prerequisites: readonly string[];
  readonly orderOnly: readonly string[];
  /** For a static pattern rule, the target pattern. */
  readonly staticPattern: string | undefined;
  readonly doubleColon: boolean;
  readonly grouped: boolean;
  /** A pattern rule: a target holds an unescaped `%` (and it is not a static pattern rule). */
  readonly pattern: boolean;
  /** Prerequisites are expanded again per target (`.SECONDEXPANSION` was in force). */
  readonly secondExpansion: boolean;
  readonly recipe: RecipeText[];
  readonly where: Location;
}

/** What the rules say about one target, merged as GNU make's `record_files` merges them. */
export interface TargetRules {
  /** Prerequisites: those of the rule with a recipe first, then the others in reading order. */
  prerequisites: string[];
  orderOnly: string[];
  /**
   * Normal and order-only prerequisites in the order make comes to them (`true`: order-only): each
   * rule's normal ones then its order-only ones, the rule with a recipe first.
   */
  sequence: (readonly [string, boolean])[];
  /** The rule whose recipe the target uses (the last one with a recipe). */
  recipeRule: Rule | undefined;
  /** For a static pattern rule: the stem. */
  stem: string | undefined;
  /** Double-colon rules, each updated on its own. */
  readonly doubleColon: Rule[];
  /** A rule of this target was read under `.SECONDEXPANSION`. */
  secondExpansion: boolean;
}

/** Everything the reader records about targets. */
export interface RuleDatabase {
  /** Explicit and static pattern rules merged by target name. */
  readonly targets: Map<string, TargetRules>;
  /** Explicit rules, in reading order. */
  readonly explicit: Rule[];
  /** Pattern rules (targets containing `%`, not static), in reading order. */
  readonly patterns: Rule[];
  /** Target-specific variables by target name. */
  readonly targetVariables: Map<string, VariableTable>;
  /** Pattern-specific variables, in reading order. */
  readonly patternVariables: { readonly pattern: string; readonly variables: VariableTable }[];
  /** The first target that can be a default goal. */
  defaultGoal: string | undefined;
}

/** An empty rule database. */
export function newRuleDatabase(): RuleDatabase {
  return { targets: new Map(), explicit: [], patterns: [], targetVariables: new Map(), patternVariables: [], defaultGoal: undefined };
}

/**
 * Whether a target may become the default goal: not a pattern, and not a special target such
 * as `.PHONY` (a name starting with `.` and holding no `/`), GNU make read.c.
 */
export function canBeDefaultGoal(target: string): boolean {
  if (target.includes('%')) return false;
  if (target.startsWith('.') && !target.includes('/')) return false;
  return true;
}

/** The stem of `name` (from index `from` on) in a `%` pattern, or undefined when it does not match. */
export function patternStem(pattern: string, name: string, from = 0): string | undefined {
  const i = pattern.indexOf('%');
  if (i === -1) return (from === 0 ? pattern === name : pattern.length === name.length - from && name.endsWith(pattern)) ? '' : undefined;
  // Compared in place: a dry run matches every target against every pattern rule, and slicing the
  // pattern (or the name) each time was a fair part of what a directory's make allocates.
  const suffix = pattern.length - i - 1;
  const end = name.length - suffix;
  if (end < from + i) return undefined;
  for (let k = 0; k < i; k++) if (name.charCodeAt(from + k) !== pattern.charCodeAt(k)) return undefined;
  for (let k = 0; k < suffix; k++) if (name.charCodeAt(end + k) !== pattern.charCodeAt(i + 1 + k)) return undefined;
  return name.slice(from + i, end);
}

/** Puts a stem into a prerequisite pattern (its first `%`). */
export function substituteStem(pattern: string, stem: string): string {
  const i = pattern.indexOf('%');
  return i === -1 ? pattern : pattern.slice(0, i) + stem + pattern.slice(i + 1);
}

/** One rule's prerequisites in the order make comes to them: the normal ones, then the order-only ones (`true`). */
export function sequenceOf(prerequisites: readonly string[], orderOnly: readonly string[]): (readonly [string, boolean])[] {
  return [...prerequisites.map((p) => [p, false] as const), ...orderOnly.map((p) => [p, true] as const)];
}

/** Whether two pattern rules have the same targets and the same prerequisites (order-only ones too), in order: one replaces the other. */
export function samePatternRule(a: Rule, b: Rule): boolean {
  const same = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.targets, b.targets) && same(a.prerequisites, b.prerequisites) && same(a.orderOnly, b.orderOnly);
}

/** A reading-time message or error the recording of a rule produces. */
export interface RecordMessage {
  readonly where: Location;
  readonly text: string;
  readonly fatal: boolean;
}

/**
 * Records a finished rule (its recipe complete) under each of its targets, as GNU make's
 * `record_files` does: a target is either single- or double-colon; a later recipe overrides an
 * earlier one with two warnings; the deps of the rule with the recipe go first.
 */
export function recordRule(db: RuleDatabase, r: Rule): RecordMessage[] {
  const messages: RecordMessage[] = [];
  for (const t of r.targets) {
    let prerequisites = r.prerequisites;
    let orderOnly = r.orderOnly;
    let stem: string | undefined;
    if (r.staticPattern !== undefined) {
      stem = patternStem(r.staticPattern, t);
      if (stem === undefined) {
        // GNU make then gives the target no prerequisites from this rule, and itself as `$*`.
        messages.push({ where: r.where, text: `target '${t}' doesn't match the target pattern`, fatal: false });
        stem = t;
        prerequisites = [];
        orderOnly = [];
      } else {
        // A list kept whole for the second expansion has every `%` replaced; a word, its first.
        const s = stem;
        const put = (p: string): string => (r.secondExpansion && p.includes('$') ? p.split('%').join(s) : substituteStem(p, s));
        prerequisites = prerequisites.map(put);
        orderOnly = orderOnly.map(put);
      }
    }
    let entry = db.targets.get(t);
    if (entry === undefined) {
      entry = { prerequisites: [], orderOnly: [], sequence: [], recipeRule: undefined, stem: undefined, doubleColon: [], secondExpansion: false };
      db.targets.set(t, entry);
    } else if ((entry.doubleColon.length > 0) !== r.doubleColon) {
      messages.push({ where: r.where, text: `target file '${t}' has both : and :: entries`, fatal: true });
      return messages;
    }
    if (r.secondExpansion) entry.secondExpansion = true;
    if (r.doubleColon) {
      entry.doubleColon.push(r);
      continue;
    }
    if (r.recipe.length > 0) {
      const old = entry.recipeRule;
      if (old !== undefined && old !== r) {
        // Both at the recipe's first line, where GNU make keeps a recipe's location.
        messages.push({ where: r.recipe[0].where, text: `warning: overriding recipe for target '${t}'`, fatal: false });
        messages.push({ where: old.recipe[0]?.where ?? old.where, text: `warning: ignoring old recipe for target '${t}'`, fatal: false });
      }
      entry.recipeRule = r;
      entry.prerequisites = [...prerequisites, ...entry.prerequisites];
      entry.orderOnly = [...orderOnly, ...entry.orderOnly];
      entry.sequence = [...sequenceOf(prerequisites, orderOnly), ...entry.sequence];
    } else {
      for (const p of prerequisites) entry.prerequisites.push(p);
      for (const p of orderOnly) entry.orderOnly.push(p);
      for (const e of sequenceOf(prerequisites, orderOnly)) entry.sequence.push(e);
    }
    // Each static pattern rule sets the target's stem (`$*`), the last one read winning; other rules leave it.
    if (stem !== undefined) entry.stem = stem;
  }
  return messages;
}
