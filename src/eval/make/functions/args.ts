/** Helpers functions share: expanding arguments, whitespace, `%` patterns and numeric checks. */
import type { MakeContext } from '../context.js';
import { MakeStop } from '../context.js';
import { expand } from '../expand.js';
import type { Value } from '../value.js';
import type { MakeFunction } from './index.js';

/** Declares a function whose arguments are expanded before the call, as most are. */
export function expanding(
  name: string, minArgs: number, maxArgs: number, impl: (ctx: MakeContext, args: string[]) => string, since: '4.3' | '4.4' = '4.3',
): MakeFunction {
  return { name, minArgs, maxArgs, since, impl: (ctx, args) => impl(ctx, args.map((a) => expand(ctx, a))) };
}

/** Declares a function that expands its arguments itself. */
export function lazy(
  name: string, minArgs: number, maxArgs: number, impl: (ctx: MakeContext, args: readonly Value[], raw: readonly string[]) => string, since: '4.3' | '4.4' = '4.3',
): MakeFunction {
  return { name, minArgs, maxArgs, since, impl };
}

/** GNU make's ISSPACE on a character code: space, tab, newline, CR, form feed, vertical tab. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** GNU make's ISSPACE. */
export function isSpace(c: string): boolean {
  return c.length > 0 && isSpaceCode(c.charCodeAt(0));
}

/** Strips GNU make whitespace from both ends. */
export function strip(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && isSpaceCode(text.charCodeAt(a))) a++;
  while (b > a && isSpaceCode(text.charCodeAt(b - 1))) b--;
  return a === 0 && b === text.length ? text : text.slice(a, b);
}

/** A fatal error inside a function, reported where the variable being expanded was defined. */
export function fatal(ctx: MakeContext, message: string): never {
  throw new MakeStop(ctx.expandingWhere ?? ctx.location, message);
}

/**
 * GNU make's `check_numeric`: optional blanks, decimal digits, optional blanks. Returns the number
 * or stops with `message: 'text'`.
 */
export function numeric(ctx: MakeContext, text: string, message: string): number {
  const t = strip(text);
  if (!/^[0-9]+$/.test(t)) fatal(ctx, `${message}: '${text}'`);
  return Number(t);
}
