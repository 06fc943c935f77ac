/**
 * Variables as GNU make keeps them: name, flavor, origin, raw value, and every assignment's span,
 * so a word of `obj-y` traces back to the line that added it.
 */
import type { Span } from '../../base/index.js';

/** As `$(flavor)` spells it. */
export type Flavor = 'recursive' | 'simple';

/** As `$(origin)` spells it (`undefined` is never stored). */
export type Origin = 'default' | 'environment' | 'environment override' | 'file' | 'command line' | 'override' | 'automatic';

/** The operator of one assignment. */
export type AssignOp = '=' | ':=' | '::=' | ':::=' | '+=' | '?=' | '!=' | 'define' | 'command line' | 'environment';

/** One assignment that shaped a variable. */
export interface Definition {
  readonly op: AssignOp;
  /** The span in the makefile, when the text came from one (not from `$(eval)`). */
  readonly span: Span | undefined;
  readonly where: { readonly file: string; readonly line: number } | undefined;
  /**
   * What this assignment contributed: the appended text for `+=`, else the new value (expanded for
   * the simple flavour, raw for the recursive one). Missing for definitions make makes itself.
   */
  value?: string;
  /** The conditionals this assignment was read inside, innermost first. */
  readonly condition?: Condition;
}

/**
 * A conditional block being read, as a chain to the outer ones: the spans of its directive lines
 * that were tested (the taken one last), so a tool can say which `ifdef` or `ifeq` made a line count.
 */
export interface Condition {
  readonly file: string;
  /** The directive lines tested, in order; the last one's branch was taken. */
  readonly tested: readonly { readonly start: number; readonly end: number; readonly line: number }[];
  readonly outer: Condition | undefined;
}

/** A variable. Fields are mutable inside the engine only; results expose it read-only. */
export interface Variable {
  readonly name: string;
  flavor: Flavor;
  origin: Origin;
  /** For `recursive`, the raw text; for `simple`, the expanded text. */
  value: string;
  /** `export` or `unexport` when the makefile said so. */
  export: 'export' | 'unexport' | undefined;
  /** `private`: not inherited by prerequisites (target-specific variables only). */
  private: boolean;
  /** For `+=` on a target-specific variable whose global value is to be appended to. */
  appendToParent: boolean;
  readonly definitions: Definition[];
  /** Where the value was last set (file and line), for messages such as self-reference. */
  where: { readonly file: string; readonly line: number } | undefined;
  /**
   * Held by the tables of several makes at once (a plain assignment read from a cached makefile,
   * made once per run): never changed in place; `ownVariable` gives a table its own copy first.
   */
  readonly shared: boolean;
}

/** A table of variables. */
export type VariableTable = Map<string, Variable>;

/**
 * What expansion asks of a scope above the globals (a target's table, a `$(call)`'s arguments):
 * the variable of a name, or undefined.
 */
export interface Scope {
  get(name: string): Variable | undefined;
}

/** Makes a variable. */
export function newVariable(
  name: string, flavor: Flavor, origin: Origin, value: string, definition: Definition,
): Variable {
  return { name, flavor, origin, value, export: undefined, private: false, appendToParent: false, definitions: [definition], where: definition.where, shared: false };
}

/** A variable of origin `automatic` (`$@`, a `$(call)` argument, a `$(foreach)` variable). */
export function automaticVariable(name: string, value: string): Variable {
  return newVariable(name, 'simple', 'automatic', value, { op: '=', span: undefined, where: undefined });
}

/**
 * The variable `v` of `table` as one this table alone holds, so that it may be changed in place:
 * a shared variable is replaced, at its place in the table's order, by a copy of its own.
 */
export function ownVariable(table: VariableTable, v: Variable): Variable {
  if (!v.shared) return v;
  const copy: Variable = { ...v, definitions: [...v.definitions], shared: false };
  table.set(v.name, copy);
  return copy;
}

/**
 * A variable that several makes' tables may hold at once: a recursive makefile variable with one
 * definition. Changing it in place is a bug; `ownVariable` copies it first.
 */
export function sharedVariable(name: string, value: string, definition: Definition): Variable {
  return { ...newVariable(name, 'recursive', 'file', value, definition), shared: true };
}

/**
 * Whether an assignment with `origin` may replace a variable of origin `existing` (GNU make
 * variable.c: command-line and override values win over the makefile; the environment loses to it).
 */
export function mayOverride(existing: Origin, origin: Origin): boolean {
  const rank = (o: Origin): number => {
    switch (o) {
      case 'default':
        return 0;
      case 'environment':
        return 1;
      case 'file':
        return 2;
      case 'environment override':
        return 3;
      case 'command line':
        return 4;
      case 'override':
        return 5;
      case 'automatic':
        return 6;
    }
  };
  return rank(origin) >= rank(existing);
}

/**
 * GNU make's `define_variable_in_set` under `-e`: a variable taken from the environment was defined
 * before the switches were read, so `-e` reaches it only when something defines it again; from then
 * on its origin is `environment override`, and makefile assignments no longer replace it.
 */
export function liftEnvironment(v: Variable, environmentOverrides: boolean): void {
  if (environmentOverrides && v.origin === 'environment') v.origin = 'environment override';
}
