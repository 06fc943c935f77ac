/**
 * Control and variable functions: if, or, and, foreach, call, let, intcmp, value, eval, origin,
 * flavor, error, warning, info, shell, file, guile.
 */
import { diagnostic, span } from '../../../base/index.js';
import type { MakeContext } from '../context.js';
import { MakeStop } from '../context.js';
import { compiled, expand, lookup, splitWords, variableValue } from '../expand.js';
import { exportedEnvironment, readHostFile } from '../environment.js';
import { resolvePath } from '../paths.js';
import type { Value } from '../value.js';
import { newVariable, type Variable, type VariableTable } from '../variables.js';
import { expanding, fatal, lazy, strip } from './args.js';
import { functionArity, functionTable, type MakeFunction } from './index.js';

/** How deep `$(call)` and `$(eval)` may nest before the engine stops, as a make-style error. */
export const maxDepth = 2000;

/** Expands raw argument text after stripping its ends, as `if`, `or` and `and` do. */
function expandStripped(ctx: MakeContext, raw: string, value: Value): string {
  const s = strip(raw);
  if (s === raw) return expand(ctx, value);
  return expand(ctx, compiled(ctx, s));
}

function automatic(name: string, value: string): Variable {
  return newVariable(name, 'simple', 'automatic', value, { op: '=', span: undefined, where: undefined });
}

/** Runs `body` with a scope of variables pushed. */
function withScope<T>(ctx: MakeContext, scope: VariableTable, body: () => T): T {
  ctx.scopes.push(scope);
  try {
    return body();
  } finally {
    ctx.scopes.pop();
  }
}

function deeper<T>(ctx: MakeContext, body: () => T): T {
  if (ctx.depth >= maxDepth) fatal(ctx, `recursion too deep (more than ${maxDepth} nested $(call) or $(eval))`);
  ctx.depth++;
  try {
    return body();
  } finally {
    ctx.depth--;
  }
}

/** The text `$(shell)` returns: newlines become spaces; trailing newlines go (GNU make fold_newlines). */
export function foldNewlines(output: string, trimAll: boolean): string {
  let text = output.replace(/\r\n/g, '\n');
  if (trimAll) text = text.replace(/\n+$/, '');
  else if (text.endsWith('\n')) text = text.slice(0, -1);
  return text.replace(/\n/g, ' ');
}

/** Runs a command through the host under the shell policy; undefined when the policy denies it. */
export function runShell(ctx: MakeContext, command: string): { stdout: string; status: number } | undefined {
  if (ctx.options.shell === 'deny') {
    const where = ctx.location;
    ctx.diagnostics.push(
      diagnostic('M002', 'warning', `$(shell ${command}) not run: commands are denied (use --allow-shell)`, span(where?.file ?? '', 0, 0)),
    );
    return undefined;
  }
  ctx.commands.push(command);
  // GNU make 4.3 gives `$(shell)` the environment make started with; exporting makefile
  // variables to it came in 4.4 (the `shell-export` feature).
  const env = ctx.options.version === '4.3' ? new Map(ctx.options.env) : exportedEnvironment(ctx);
  return ctx.options.host.shell(command, ctx.options.cwd, env) ?? undefined;
}

function message(ctx: MakeContext, stream: 'stdout' | 'stderr', text: string): void {
  ctx.output.push({ stream, text });
}

/** `FILE:LINE: ` or `make: ` before a warning. */
export function prefix(ctx: MakeContext): string {
  const where = ctx.location;
  return where ? `${where.file}:${where.line}: ` : `${ctx.options.program}: `;
}

export const controlFunctions: readonly MakeFunction[] = [
  lazy('if', 2, 3, (ctx, args, raw) => {
    const cond = expandStripped(ctx, raw[0], args[0]);
    if (cond !== '') return expand(ctx, args[1]);
    return args.length > 2 ? expand(ctx, args[2]) : '';
  }),
  lazy('or', 1, 0, (ctx, args, raw) => {
    for (let i = 0; i < args.length; i++) {
      const v = expandStripped(ctx, raw[i], args[i]);
      if (v !== '') return v;
    }
    return '';
  }),
  lazy('and', 1, 0, (ctx, args, raw) => {
    let v = '';
    for (let i = 0; i < args.length; i++) {
      v = expandStripped(ctx, raw[i], args[i]);
      if (v === '') return '';
    }
    return v;
  }),
  lazy('foreach', 3, 3, (ctx, args) => {
    const name = strip(expand(ctx, args[0]));
    const list = splitWords(expand(ctx, args[1]));
    const scope: VariableTable = new Map();
    const results: string[] = [];
    withScope(ctx, scope, () => {
      for (const w of list) {
        scope.set(name, automatic(name, w));
        results.push(expand(ctx, args[2]));
      }
    });
    return results.join(' ');
  }),
  lazy('let', 3, 3, (ctx, args) => {
    const names = splitWords(expand(ctx, args[0]));
    const list = splitWords(expand(ctx, args[1]));
    const scope: VariableTable = new Map();
    names.forEach((n, i) => {
      const value = i === names.length - 1 ? list.slice(i).join(' ') : (list[i] ?? '');
      scope.set(n, automatic(n, value));
    });
    return withScope(ctx, scope, () => expand(ctx, args[2]));
  }, '4.4'),
  expanding('intcmp', 2, 5, (ctx, args) => {
    const num = (s: string, which: string): bigint => {
      const t = strip(s);
      if (!/^[-+]?[0-9]+$/.test(t)) fatal(ctx, `non-numeric ${which} argument to 'intcmp' function: '${s}'`);
      return BigInt(t);
    };
    const a = num(args[0], 'first');
    const b = num(args[1], 'second');
    if (args.length === 2) return a === b ? a.toString() : '';
    if (a < b) return args[2];
    if (a === b) return args.length > 3 ? args[3] : args[2];
    return args.length > 4 ? args[4] : args.length > 3 ? '' : args[2];
  }, '4.4'),
  expanding('call', 1, 0, (ctx, args) => {
    const name = strip(args[0]);
    if (name === '') return '';
    const fn = functionArity(ctx.options.version, name) === undefined ? undefined : functionTable.get(name);
    if (fn !== undefined) {
      // `$(call subst,a,b,c)` calls the built-in (GNU make func_call).
      return fn.impl(ctx, args.slice(1).map((a) => ({ k: 'lit', s: a }) as Value), args.slice(1));
    }
    const v = lookup(ctx, name);
    if (v === undefined || v.value === '') return '';
    const scope: VariableTable = new Map();
    scope.set('0', automatic('0', name));
    for (let i = 1; i < args.length; i++) scope.set(String(i), automatic(String(i), args[i]));
    // Numbered variables of an enclosing call beyond this call's arguments read as empty.
    for (let i = args.length; i <= ctx.callArgs; i++) scope.set(String(i), automatic(String(i), ''));
    const saved = ctx.callArgs;
    ctx.callArgs = Math.max(args.length - 1, saved);
    try {
      return deeper(ctx, () => withScope(ctx, scope, () => (v.flavor === 'recursive' ? variableValue(ctx, v) : v.value)));
    } finally {
      ctx.callArgs = saved;
    }
  }),
  expanding('value', 1, 1, (ctx, [name]) => lookup(ctx, name)?.value ?? ''),
  expanding('eval', 1, 1, (ctx, [text]) => {
    deeper(ctx, () => ctx.reader.evalText(ctx, text));
    return '';
  }),
  expanding('origin', 1, 1, (ctx, [name]) => lookup(ctx, name)?.origin ?? 'undefined'),
  expanding('flavor', 1, 1, (ctx, [name]) => lookup(ctx, name)?.flavor ?? 'undefined'),
  expanding('info', 1, 1, (ctx, [text]) => {
    message(ctx, 'stdout', `${text}\n`);
    return '';
  }),
  expanding('warning', 1, 1, (ctx, [text]) => {
    message(ctx, 'stderr', `${prefix(ctx)}${text}\n`);
    return '';
  }),
  expanding('error', 1, 1, (ctx, [text]) => {
    throw new MakeStop(ctx.location, text);
  }),
  expanding('shell', 1, 1, (ctx, [command]) => {
    const r = runShell(ctx, command);
    setShellStatus(ctx, r?.status ?? 0);
    return r === undefined ? '' : foldNewlines(r.stdout, true);
  }),
  expanding('file', 1, 2, (ctx, args) => {
    const spec = strip(args[0]);
    if (spec.startsWith('<')) {
      const name = strip(spec.slice(1));
      const bytes = readHostFile(ctx, resolvePath(ctx.options.cwd, name));
      if (bytes === undefined) return '';
      const text = Buffer.from(bytes).toString('latin1');
      return text.endsWith('\n') ? text.slice(0, -1) : text;
    }
    if (spec.startsWith('>')) {
      ctx.diagnostics.push(diagnostic('M004', 'warning', `$(file ${spec}) not written: the engine never writes files`, span(ctx.location?.file ?? '', 0, 0)));
      return '';
    }
    fatal(ctx, `file: invalid file operation: ${spec}`);
  }),
  expanding('guile', 1, 1, (ctx) => {
    ctx.diagnostics.push(diagnostic('M003', 'warning', '$(guile ...) is not supported (GNU make built without Guile expands it to nothing)', span(ctx.location?.file ?? '', 0, 0)));
    return '';
  }),
];

/** Sets `.SHELLSTATUS` after a command, as GNU make 4.2+ does. */
function setShellStatus(ctx: MakeContext, status: number): void {
  ctx.globals.set('.SHELLSTATUS', newVariable('.SHELLSTATUS', 'simple', 'override', String(status), { op: ':=', span: undefined, where: undefined }));
}
