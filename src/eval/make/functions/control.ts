/**
 * Control and variable functions: if, or, and, foreach, call, let, intcmp, value, eval, origin,
 * flavor, error, warning, info, shell, file, guile.
 */
import { diagnostic, span, type ShellResult } from '../../../base/index.js';
import type { MakeContext } from '../context.js';
import { MakeStop } from '../context.js';
import { compiled, effectRan, expand, lookup, splitWords } from '../expand.js';
import { exportedEnvironment, readHostFile } from '../environment.js';
import { resolvePath } from '../paths.js';
import type { Value } from '../value.js';
import { automaticVariable, newVariable, type Scope, type Variable, type VariableTable } from '../variables.js';
import { expanding, fatal, isSpace, lazy, strip } from './args.js';
import { functionArity, functionTable, type MakeFunction } from './index.js';

/** How deep `$(call)` and `$(eval)` may nest before the engine stops, as a make-style error. */
export const maxDepth = 2000;

/** Expands raw argument text after stripping its ends, as `if`, `or` and `and` do. */
function expandStripped(ctx: MakeContext, raw: string, value: Value): string {
  const s = strip(raw);
  if (s === raw) return expand(ctx, value);
  return expand(ctx, compiled(ctx, s));
}

/**
 * The scope of one `$(call)`: `$(0)` the name, `$(1)`... the arguments, and the numbered variables
 * of an enclosing call beyond them, read as empty. Each is made when first looked up: kbuild's
 * helpers are called many times for every object, and most read one or two of them.
 */
class CallArguments implements Scope {
  private made: (Variable | undefined)[] | undefined;

  constructor(private readonly name: string, private readonly args: readonly string[], private readonly upTo: number) {}

  get(key: string): Variable | undefined {
    // Most names looked up inside a call's body are not numbers: one character tells.
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return undefined;
    const i = argumentIndex(key);
    if (i === undefined || i > Math.max(this.upTo, this.args.length - 1)) return undefined;
    const made = (this.made ??= []);
    return (made[i] ??= automaticVariable(key, i === 0 ? this.name : i < this.args.length ? this.args[i] : ''));
  }
}

/** The number a numbered variable's name is written as (`0`, `12`; not `01` or `+1`). */
function argumentIndex(key: string): number | undefined {
  const n = key.length;
  if (n === 0 || n > 6 || (n > 1 && key.charCodeAt(0) === 48)) return undefined;
  let i = 0;
  for (let k = 0; k < n; k++) {
    const c = key.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
    i = i * 10 + (c - 48);
  }
  return i;
}

/** Runs `body` with a scope of variables pushed. */
function withScope<T>(ctx: MakeContext, scope: Scope, body: () => T): T {
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

/**
 * The text `$(shell)` returns: newlines become spaces; trailing newlines go (GNU make
 * fold_newlines). That function stops at a NUL byte, so output after one is lost.
 */
export function foldNewlines(output: string, trimAll: boolean): string {
  const nul = output.indexOf('\0');
  let text = (nul === -1 ? output : output.slice(0, nul)).replace(/\r\n/g, '\n');
  if (trimAll) text = text.replace(/\n+$/, '');
  else if (text.endsWith('\n')) text = text.slice(0, -1);
  return text.replace(/\n/g, ' ');
}

/**
 * Runs a command through the host under the shell policy, for `$(shell)` and `!=`; undefined
 * when the policy denies it. Both set `.SHELLSTATUS`, as GNU make's func_shell_base does.
 */
export function runShell(ctx: MakeContext, command: string): { stdout: string; status: number } | undefined {
  let r: ShellResult | undefined;
  if (ctx.options.shell !== 'deny') {
    // GNU make 4.3 gives `$(shell)` the environment make started with; exporting makefile
    // variables to it came in 4.4 (the `shell-export` feature).
    const env = ctx.options.version === '4.3' ? new Map(ctx.options.env) : exportedEnvironment(ctx);
    r = ctx.options.host.shell(command, ctx.options.cwd, env);
  }
  // Denied by the policy, or by the host (which may answer some commands itself and deny the rest).
  if (r === undefined) {
    const where = ctx.location;
    ctx.diagnostics.push(
      diagnostic('M002', 'warning', `$(shell ${command}) not run: commands are denied (use --allow-shell)`, span(where?.file ?? '', 0, 0)),
    );
    setShellStatus(ctx, 0);
    return undefined;
  }
  ctx.commands.push(command);
  // The command shares make's standard error, so what it writes there comes out at this point,
  // between make's own messages before and after it.
  if (r.stderr !== undefined && r.stderr !== '') message(ctx, 'stderr', r.stderr);
  setShellStatus(ctx, r.status);
  return r;
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
    const results: string[] = [];
    // One variable whose value is each word in turn, as GNU make's func_foreach does it.
    const v = automaticVariable(name, '');
    withScope(ctx, { get: (n) => (n === name ? v : undefined) }, () => {
      for (const w of list) {
        v.value = w;
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
      scope.set(n, automaticVariable(n, value));
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
    const scope = new CallArguments(name, args, ctx.callArgs);
    const saved = ctx.callArgs;
    ctx.callArgs = Math.max(args.length - 1, saved);
    try {
      return deeper(ctx, () => withScope(ctx, scope, () => callBody(ctx, v)));
    } finally {
      ctx.callArgs = saved;
    }
  }),
  expanding('value', 1, 1, (ctx, [name]) => lookup(ctx, name)?.value ?? ''),
  expanding('eval', 1, 1, (ctx, [text]) => {
    effectRan(ctx, true);
    deeper(ctx, () => ctx.reader.evalText(ctx, text));
    return '';
  }),
  expanding('origin', 1, 1, (ctx, [name]) => lookup(ctx, name)?.origin ?? 'undefined'),
  expanding('flavor', 1, 1, (ctx, [name]) => lookup(ctx, name)?.flavor ?? 'undefined'),
  expanding('info', 1, 1, (ctx, [text]) => {
    effectRan(ctx, false);
    message(ctx, 'stdout', `${text}\n`);
    return '';
  }),
  expanding('warning', 1, 1, (ctx, [text]) => {
    effectRan(ctx, false);
    message(ctx, 'stderr', `${prefix(ctx)}${text}\n`);
    return '';
  }),
  expanding('error', 1, 1, (ctx, [text]) => {
    throw new MakeStop(ctx.location, text);
  }),
  expanding('shell', 1, 1, (ctx, [command]) => {
    effectRan(ctx, false);
    const r = runShell(ctx, command);
    return r === undefined ? '' : foldNewlines(r.stdout, true);
  }),
  expanding('file', 1, 2, fileFunction),
  expanding('guile', 1, 1, (ctx) => {
    effectRan(ctx, false);
    ctx.diagnostics.push(diagnostic('M003', 'warning', '$(guile ...) is not supported (GNU make built without Guile expands it to nothing)', span(ctx.location?.file ?? '', 0, 0)));
    return '';
  }),
];

/**
 * Expands a `$(call)`ed variable. GNU make's func_call expands `$(name)` with the variable's
 * `exp_count` raised, so the self-reference check lets a function call itself: only a
 * reference that is not through `$(call)` counts as recursion.
 */
function callBody(ctx: MakeContext, v: Variable): string {
  if (v.flavor !== 'recursive') return v.value;
  const wasExpanding = ctx.expanding.delete(v);
  const saved = ctx.expandingWhere;
  if (v.where !== undefined) ctx.expandingWhere = v.where;
  try {
    return expand(ctx, compiled(ctx, v.value));
  } finally {
    if (wasExpanding) ctx.expanding.add(v);
    ctx.expandingWhere = saved;
  }
}

/** Skips GNU make's NEXT_TOKEN whitespace. */
function skipSpace(text: string): string {
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  return text.slice(i);
}

/**
 * `$(file op name[,text])` (GNU make func_file). The operation is the first argument exactly as
 * expanded; blanks between the operator and the name are skipped, blanks after the name belong
 * to it. Writing is never done, but the errors `open` would give are reported; reading a file
 * that does not exist gives nothing.
 */
function fileFunction(ctx: MakeContext, args: string[]): string {
  effectRan(ctx, false);
  const spec = args[0];
  if (spec.startsWith('>')) {
    const name = skipSpace(spec.slice(spec.startsWith('>>') ? 2 : 1));
    if (name === '') fatal(ctx, 'file: missing filename');
    const failure = openFailure(ctx, name, true);
    // GNU make reports failures of the operation itself at the line being read.
    if (failure !== undefined) throw new MakeStop(ctx.location, `open: ${name}: ${failure}`);
    ctx.diagnostics.push(diagnostic('M004', 'warning', `$(file ${spec}) not written: the engine never writes files`, span(ctx.location?.file ?? '', 0, 0)));
    return '';
  }
  if (spec.startsWith('<')) {
    const name = skipSpace(spec.slice(1));
    if (name === '') fatal(ctx, 'file: missing filename');
    if (args.length > 1) fatal(ctx, 'file: too many arguments');
    const failure = openFailure(ctx, name, false);
    if (failure === noSuchFile) return '';
    if (failure !== undefined) throw new MakeStop(ctx.location, `open: ${name}: ${failure}`);
    const path = resolvePath(ctx.options.cwd, name);
    // fopen(3) opens a directory for reading; the read is what fails.
    if (ctx.options.host.stat(path)?.kind === 'directory') throw new MakeStop(ctx.location, `read: ${name}: Is a directory`);
    const bytes = readHostFile(ctx, path);
    if (bytes === undefined) return '';
    const text = Buffer.from(bytes).toString('latin1');
    // One trailing newline goes, with a carriage return before it.
    if (!text.endsWith('\n')) return text;
    return text.endsWith('\r\n') ? text.slice(0, -2) : text.slice(0, -1);
  }
  fatal(ctx, `file: invalid file operation: ${spec}`);
}

const noSuchFile = 'No such file or directory';

/**
 * The error (strerror text) open(2) would give for `name`, judged from what the host sees: each
 * directory on the way must exist and be a directory; a name ending in `/` cannot be created or
 * read as a file; a directory cannot be written.
 */
function openFailure(ctx: MakeContext, name: string, write: boolean): string | undefined {
  const host = ctx.options.host;
  const parts = (name.startsWith('/') ? name : `${ctx.options.cwd}/${name}`).split('/');
  const trailingSlash = name.endsWith('/');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] === '') continue;
    const kind = host.stat(parts.slice(0, i + 1).join('/'))?.kind;
    if (kind === undefined) return noSuchFile;
    if (kind !== 'directory') return 'Not a directory';
  }
  const kind = host.stat(parts.join('/') || '/')?.kind;
  if (write) return trailingSlash || kind === 'directory' ? 'Is a directory' : undefined;
  if (kind === undefined) return noSuchFile;
  return trailingSlash && kind !== 'directory' ? 'Not a directory' : undefined;
}

/** Sets `.SHELLSTATUS` after a command, as GNU make 4.2+ does. */
function setShellStatus(ctx: MakeContext, status: number): void {
  ctx.globals.set('.SHELLSTATUS', newVariable('.SHELLSTATUS', 'simple', 'override', String(status), { op: ':=', span: undefined, where: undefined }));
}
