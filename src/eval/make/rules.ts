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
  readonly recipe: RecipeText[];
  readonly where: Location;
}

/** Everything the reader records about targets. */
export interface RuleDatabase {
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
  return { explicit: [], patterns: [], targetVariables: new Map(), patternVariables: [], defaultGoal: undefined };
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
