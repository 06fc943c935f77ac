/**
 * The table of GNU make's built-in functions, as GNU make's `function_table_init` and kati's
 * `FuncInfo` keep it: name, argument limits, whether arguments are expanded first, implementation.
 */
import type { MakeContext, MakeVersion } from '../context.js';
import type { FunctionArity, Value } from '../value.js';
import { controlFunctions } from './control.js';
import { filenameFunctions } from './filename.js';
import { textFunctions } from './text.js';

/** One built-in function. */
export interface MakeFunction extends FunctionArity {
  readonly name: string;
  /** The GNU make version that introduced it (`let` and `intcmp` are 4.4). */
  readonly since: MakeVersion;
  /**
   * `args` are the compiled arguments; `raw` their text. Functions with `expandArgs` get them
   * through `expandedArgs`; the others (`if`, `or`, `foreach`, ...) expand what they need.
   */
  readonly impl: (ctx: MakeContext, args: readonly Value[], raw: readonly string[]) => string;
}

/** Every built-in function by name. */
export const functionTable: ReadonlyMap<string, MakeFunction> = new Map(
  [...textFunctions, ...filenameFunctions, ...controlFunctions].map((f) => [f.name, f]),
);

/** A function's arity when `name` is a function in `version`, else undefined (a variable reference). */
export function functionArity(version: MakeVersion, name: string): FunctionArity | undefined {
  const f = functionTable.get(name);
  if (f === undefined) return undefined;
  if (f.since === '4.4' && version === '4.3') return undefined;
  return f;
}
