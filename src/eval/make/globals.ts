/**
 * The global variable table of one make: a `Map` in behaviour (insertion order, a replaced entry
 * keeps its place, a deleted and re-added one goes last), which can also take a whole run of a
 * cached makefile's plain assignments at once, as one layer shared by every make that reads it,
 * instead of one entry per variable (kbuild's `include/config/auto.conf`: 6,449 assignments, read
 * by each of a tree's 1,372 directory makes).
 */
import type { Variable } from './variables.js';

/**
 * A run of plain assignments of one cached makefile, made once per run: distinct names, each
 * variable `shared` (never changed in place).
 */
export interface SharedRun {
  /** The makefile, as make named it (the variables' `where.file`). */
  readonly file: string;
  readonly variables: ReadonlyMap<string, Variable>;
}

/**
 * A list of a cached makefile's statements as read outside any conditional: for each statement,
 * the shared variable it makes when it is a plain assignment (else null), and the long runs of
 * such statements (blank lines between them included) that may be added as one layer.
 */
export interface PlainStatements {
  readonly each: readonly (Variable | null)[];
  /** By the index of a run's first statement. */
  readonly runs: ReadonlyMap<number, SharedRun & { readonly end: number; readonly last: Variable }>;
}

/** A shared run as one table holds it: what this table replaced (in place) or deleted of it. */
interface Layer {
  readonly run: SharedRun;
  /** By name: the table's own variable at the run's place, or null once deleted. */
  readonly changed: Map<string, Variable | null>;
  /** How many of the run's names the table still holds. */
  live: number;
}

/**
 * A variable table with layers: the own entries are the `Map` itself, where each layer stands as
 * one key of its own (an object, never a string), so iteration gives the layer's variables at the
 * place the run was read. A name is held at one place at most: by the own entries or by one layer.
 */
export class GlobalTable extends Map<string, Variable> {
  private readonly layers: Layer[] = [];
  private layered = 0;

  /**
   * Adds a run's variables after every entry, as setting each in order would; false (and nothing
   * added) when the table holds one of its names already.
   */
  addRun(run: SharedRun): boolean {
    const names = run.variables;
    if (this.layers.length === 0 && super.size < names.size) {
      for (const k of super.keys()) if (typeof k === 'string' && names.has(k)) return false;
    } else {
      for (const k of names.keys()) if (this.has(k)) return false;
    }
    const layer: Layer = { run, changed: new Map(), live: names.size };
    this.layers.push(layer);
    this.layered += names.size;
    super.set(layer as unknown as string, undefined as unknown as Variable);
    return true;
  }

  override get(name: string): Variable | undefined {
    const v = super.get(name);
    if (v !== undefined || this.layers.length === 0) return v;
    for (const layer of this.layers) {
      if (layer.changed.size !== 0) {
        const c = layer.changed.get(name);
        if (c === null) continue;
        if (c !== undefined) return c;
      }
      const s = layer.run.variables.get(name);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  override set(name: string, v: Variable): this {
    if (this.layers.length !== 0 && !super.has(name)) {
      const layer = this.layerOf(name);
      if (layer !== undefined) {
        layer.changed.set(name, v);
        return this;
      }
    }
    super.set(name, v);
    return this;
  }

  override delete(name: string): boolean {
    if (super.delete(name)) return true;
    const layer = this.layers.length === 0 ? undefined : this.layerOf(name);
    if (layer === undefined) return false;
    layer.changed.set(name, null);
    layer.live--;
    this.layered--;
    return true;
  }

  override clear(): void {
    super.clear();
    this.layers.length = 0;
    this.layered = 0;
  }

  override get size(): number {
    return super.size - this.layers.length + this.layered;
  }

  override *entries(): MapIterator<[string, Variable]> {
    for (const [k, v] of super.entries()) {
      if (typeof k === 'string') yield [k, v];
      else {
        const layer = k as unknown as Layer;
        for (const [name, s] of layer.run.variables) {
          const c = layer.changed.size === 0 ? undefined : layer.changed.get(name);
          if (c === undefined) yield [name, s];
          else if (c !== null) yield [name, c];
        }
      }
    }
  }

  override *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  override *values(): MapIterator<Variable> {
    for (const [, v] of this.entries()) yield v;
  }

  override [Symbol.iterator](): MapIterator<[string, Variable]> {
    return this.entries();
  }

  /** In order, as `Map` does, and without a generator: the way to go through a table fast. */
  override forEach(f: (value: Variable, key: string, map: Map<string, Variable>) => void, thisArg?: unknown): void {
    if (this.layers.length === 0) super.forEach(f, thisArg);
    else this.forEachExcept((v, k) => f.call(thisArg, v, k, this), undefined);
  }

  /**
   * `forEach`, leaving out the variables of the shared runs `skip` names that the table holds as
   * the run made them (unchanged: recursive, of origin `file`, neither exported nor unexported,
   * with their one definition in the run's file).
   */
  forEachExcept(f: (value: Variable, key: string) => void, skip: ((run: SharedRun) => boolean) | undefined): void {
    for (const [k, v] of super.entries()) {
      if (typeof k === 'string') {
        f(v, k);
        continue;
      }
      const layer = k as unknown as Layer;
      if (skip !== undefined && skip(layer.run)) {
        for (const [name, c] of layer.changed) if (c !== null) f(c, name);
        continue;
      }
      for (const [name, s] of layer.run.variables) {
        const c = layer.changed.size === 0 ? undefined : layer.changed.get(name);
        if (c === undefined) f(s, name);
        else if (c !== null) f(c, name);
      }
    }
  }

  /** What Node's `util.inspect` (and so `console.log`) shows: the variables, not the layers. */
  [Symbol.for('nodejs.util.inspect.custom')](): Map<string, Variable> {
    return new Map(this);
  }

  /** The layer that holds `name` (replaced or as the run made it), if any. */
  private layerOf(name: string): Layer | undefined {
    for (const layer of this.layers) {
      const c = layer.changed.get(name);
      if (c === null) continue;
      if (c !== undefined || layer.run.variables.has(name)) return layer;
    }
    return undefined;
  }
}

/**
 * Every variable of `table` in order (`Map.forEach`), except, when it is a `GlobalTable`, the ones
 * of the shared runs `skip` names that are still as the run made them (`forEachExcept`).
 */
export function forEachVariable(table: ReadonlyMap<string, Variable>, f: (value: Variable, key: string) => void, skip: (run: SharedRun) => boolean): void {
  if (table instanceof GlobalTable) table.forEachExcept(f, skip);
  else table.forEach((v, k) => f(v, k));
}
