/**
 * Expansion: turns compiled `Value`s into text by looking up variables and calling functions,
 * with GNU make's substitution references and self-reference check.
 */
import type { MakeContext, Location, VariableState } from './context.js';
import { MakeStop } from './context.js';
import { functionTable, functionArity } from './functions/index.js';
import { parsePattern, patsubstText } from './functions/text.js';
import { compile, type Value } from './value.js';
import { ownVariable, type Variable } from './variables.js';

/** Compiles text once per evaluation. */
export function compiled(ctx: MakeContext, text: string): Value {
  let v = ctx.compiled.get(text);
  if (v === undefined) {
    v = compile(text, (name) => functionArity(ctx.options.version, name));
    ctx.compiled.set(text, v);
  }
  return v;
}

/** Expands text. */
export function expandText(ctx: MakeContext, text: string): string {
  if (text.indexOf('$') === -1) return text;
  return expand(ctx, compiled(ctx, text));
}

/** Expands a compiled value. */
export function expand(ctx: MakeContext, v: Value): string {
  switch (v.k) {
    case 'lit':
      return v.s;
    case 'cat': {
      let out = '';
      for (const p of v.parts) out += expand(ctx, p);
      return out;
    }
    case 'ref':
      return expandReference(ctx, expand(ctx, v.name));
    case 'call': {
      const fn = functionTable.get(v.name)!;
      if (v.args.length < fn.minArgs) {
        stop(ctx, `insufficient number of arguments (${v.args.length}) to function '${v.name}'`);
      }
      return fn.impl(ctx, v.args, v.raw);
    }
    case 'fatal':
      return stop(ctx, v.message);
  }
}

/** Expands `$(name)`, where `name` may be a substitution reference `var:pattern=replacement`. */
function expandReference(ctx: MakeContext, name: string): string {
  const colon = name.indexOf(':');
  if (colon !== -1) {
    const equals = name.indexOf('=', colon + 1);
    if (equals !== -1) {
      warnIfUndefined(ctx, name.slice(0, colon));
      const value = valueOf(ctx, name.slice(0, colon));
      if (value === '') return '';
      let p = parsePattern(name.slice(colon + 1, equals));
      let r = parsePattern(name.slice(equals + 1));
      // Without a `%`, `$(x:a=b)` replaces the suffix: it is `$(x:%a=%b)` (GNU make expand.c).
      if (p.suffix === undefined) {
        p = { prefix: '', suffix: name.slice(colon + 1, equals) };
        r = { prefix: '', suffix: name.slice(equals + 1) };
      }
      return patsubstText(value, p, r);
    }
  }
  warnIfUndefined(ctx, name);
  return valueOf(ctx, name);
}

/**
 * `--warn-undefined-variables`: a reference to an undefined variable warns at the line being read
 * (GNU make expand.c, `warn_undefined`).
 */
function warnIfUndefined(ctx: MakeContext, name: string): void {
  if (!ctx.warnUndefined || lookup(ctx, name) !== undefined) return;
  const where = ctx.location;
  const head = where === undefined ? `${ctx.options.program}: ` : `${where.file}:${where.line}: `;
  ctx.output.push({ stream: 'stderr', text: `${head}warning: undefined variable '${name}'\n` });
}

const wordSplit = /[ \t\n\r\f\v]+/;

/** GNU make's words: separated by blanks and newlines (and \r, \f, \v). */
export function splitWords(text: string): string[] {
  const words = text.split(wordSplit);
  if (words.length > 0 && words[0] === '') words.shift();
  if (words.length > 0 && words[words.length - 1] === '') words.pop();
  return words;
}

/** Finds a variable in the innermost scope that has it. */
export function lookup(ctx: MakeContext, name: string): Variable | undefined {
  return lookupBelow(ctx, name, ctx.scopes.length);
}

/** The scope `lookupBelow` found its variable in (-1 for the globals): read right after the call. */
let foundScope = -1;

/**
 * Finds a variable in the scopes below `top` (then the globals), and sets `foundScope` to the index
 * of its scope (-1 for the globals). A target-specific value loses to a command-line or `override`
 * global unless it is an `override` itself; a `private` global is not seen inside targets (GNU
 * make variable.c).
 */
function lookupBelow(ctx: MakeContext, name: string, top: number): Variable | undefined {
  for (let i = top - 1; i >= 0; i--) {
    const v = ctx.scopes[i].get(name);
    if (v === undefined) continue;
    if (v.origin === 'file') {
      const g = ctx.globals.get(name);
      if (g !== undefined && (g.origin === 'command line' || g.origin === 'override')) {
        foundScope = -1;
        return g;
      }
    }
    foundScope = i;
    return v;
  }
  foundScope = -1;
  const g = ctx.globals.get(name);
  if (g === undefined || (g.private && ctx.recipeDepth > 0)) return undefined;
  // GNU make variable.c lookup_special_var: `.VARIABLES` lists the global variables each time it is
  // looked up, whatever a makefile assigned to it.
  if (name === '.VARIABLES') {
    const owned = ownVariable(ctx.globals, g);
    owned.value = [...ctx.globals.keys()].join(' ');
    return owned;
  }
  return g;
}

/**
 * What each of `names` finds in the scopes in force now (`TracedExpansion.found`): a traced
 * expansion's record of the names it looked up outside its own scopes.
 */
export function foundNow(ctx: MakeContext, names: Iterable<string>): Map<string, VariableState | undefined> {
  const found = new Map<string, VariableState | undefined>();
  for (const name of names) {
    const v = lookupBelow(ctx, name, ctx.scopes.length);
    found.set(name, v === undefined ? undefined : { flavor: v.flavor, origin: v.origin, value: v.value, private: v.private, appendToParent: v.appendToParent });
  }
  return found;
}

/**
 * Whether every name of a traced expansion (`TracedExpansion.found`) finds what it found then, in
 * the scopes in force now: then expanding the same text again gives the same text.
 */
export function findsAsBefore(ctx: MakeContext, found: ReadonlyMap<string, VariableState | undefined>): boolean {
  const changed = ctx.changedNames;
  if (changed.size > 0) for (const name of changed) if (found.has(name)) return false;
  let same = true;
  // forEach, not for-of: no entry array per name (a directory's commands look up thousands).
  found.forEach((was, name) => {
    if (!same) return;
    const v = lookupBelow(ctx, name, ctx.scopes.length);
    if (v === undefined || was === undefined) same = v === was;
    else same = v.value === was.value && v.flavor === was.flavor && v.origin === was.origin && v.private === was.private && v.appendToParent === was.appendToParent;
    if (!same) changed.add(name);
  });
  return same;
}

/** Notes that an expansion read the file system (`$(wildcard)`, `$(realpath)`): a trace of it holds too little. */
export function filesRead(ctx: MakeContext): void {
  if (ctx.memo !== undefined) ctx.memo.opaque = true;
}

/** The expanded value of a variable (empty when undefined). */
export function valueOf(ctx: MakeContext, name: string): string {
  return valueBelow(ctx, name, ctx.scopes.length);
}

/** A target-specific `+=` appends to the value the variable has outside that target. */
function valueBelow(ctx: MakeContext, name: string, top: number): string {
  const found = lookupBelow(ctx, name, top);
  if (found === undefined) return '';
  const scope = foundScope;
  const own = variableValue(ctx, found);
  if (!found.appendToParent || scope < 0) return own;
  // The outer value is looked up below the target's scope: a trace would not see it asked.
  if (ctx.memo !== undefined) ctx.memo.opaque = true;
  const outer = valueBelow(ctx, name, scope);
  return outer === '' ? own : own === '' ? outer : `${outer} ${own}`;
}

/** Expands a variable's value: recursive variables expand their text each time. */
export function variableValue(ctx: MakeContext, v: Variable): string {
  if (v.flavor === 'simple') return v.value;
  if (v.value.indexOf('$') === -1) return v.value;
  // The memo holds values expanded with only the target's scopes below (no `$(call)` argument or
  // `$(foreach)` variable of the expansion in force, which could give a name another value),
  // and is used only there.
  const memo = ctx.memo !== undefined && ctx.scopes.length === ctx.memo.base ? ctx.memo : undefined;
  if (memo !== undefined) {
    const known = memo.values.get(v);
    if (known !== undefined) return known;
  }
  if (ctx.expanding.has(v)) {
    throw new MakeStop(definitionLocation(ctx, v), `Recursive variable '${v.name}' references itself (eventually)`);
  }
  ctx.expanding.add(v);
  const saved = ctx.expandingWhere;
  if (v.where !== undefined) ctx.expandingWhere = v.where;
  const effects = memo?.effects;
  try {
    const text = expand(ctx, compiled(ctx, v.value));
    // Kept only if nothing with effects ran meanwhile (and no `$(eval)` started another memo).
    if (memo !== undefined && memo.effects === effects && ctx.memo === memo) memo.values.set(v, text);
    return text;
  } finally {
    ctx.expanding.delete(v);
    ctx.expandingWhere = saved;
  }
}

/**
 * Notes that a function with effects ran (`$(eval)`, `$(shell)`, `$(info)`...): the variables
 * being expanded are not kept in the expansion's memo, and after an `$(eval)` (which may change
 * any variable) nothing kept so far is used again.
 */
export function effectRan(ctx: MakeContext, changesVariables: boolean): void {
  const memo = ctx.memo;
  if (memo === undefined) return;
  memo.effects++;
  if (changesVariables) memo.values.clear();
}

function definitionLocation(ctx: MakeContext, v: Variable): Location | undefined {
  return v.where ?? ctx.expandingWhere ?? ctx.location;
}

/** GNU make's fatal error while expanding: reported where the variable being expanded was defined. */
export function stop(ctx: MakeContext, message: string): never {
  throw new MakeStop(ctx.expandingWhere ?? ctx.location, message);
}
