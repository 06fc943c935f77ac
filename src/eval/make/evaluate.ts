/**
 * `evaluate(options)`: one run of the engine as GNU make reads makefiles: set up the default,
 * environment and command-line variables, read the makefiles, then check the goals.
 */
import { diagnostic, span, type Diagnostic } from '../../base/index.js';
import { MakeStop, type MakeContext, type MakeOptions, type OutputLine } from './context.js';
import { evalText, readMakefile } from './read.js';
import { newRuleDatabase, type RuleDatabase } from './rules.js';
import { newVariable, type Origin, type Variable, type VariableTable } from './variables.js';
import { parseMakeArgs, shellWords } from './argv.js';
import { updateGoals } from './dry-run.js';
import { exportedEnvironment } from './environment.js';
import { expandText, lookup, splitWords } from './expand.js';
import { resolvePath } from './paths.js';

/** What an evaluation produced. Plain data; `variables` and `rules` are read-only views. */
export interface MakeResult {
  /** Output in order: `$(info)` to stdout, warnings and errors to stderr, `-n` commands to stdout. */
  readonly output: readonly OutputLine[];
  /** GNU make's exit status: 0, or 2 after an error. */
  readonly status: number;
  readonly variables: ReadonlyMap<string, Readonly<Variable>>;
  readonly rules: Readonly<RuleDatabase>;
  /** Every file read and every command run: what the result depends on. */
  readonly reads: readonly string[];
  readonly commands: readonly string[];
  readonly makefiles: readonly string[];
}

/** Makes a fresh context for `options`. */
export function newContext(options: MakeOptions): MakeContext {
  return {
    options,
    globals: new Map(),
    scopes: [],
    rules: newRuleDatabase(),
    output: [],
    diagnostics: [],
    reads: [],
    commands: [],
    location: undefined,
    expanding: new Set(),
    compiled: new Map(),
    lineIndexes: new Map(),
    texts: new Map(),
    depth: 0,
    makefileList: [],
    recipePrefix: '\t',
    exportAll: false,
    vpaths: [],
    missingIncludes: [],
    expandingWhere: undefined,
    callArgs: 0,
    recipeDepth: 0,
    reader: { evalText },
  };
}

function define(table: VariableTable, name: string, value: string, origin: Origin, flavor: 'recursive' | 'simple' = 'recursive'): Variable {
  const v = newVariable(name, flavor, origin, value, { op: origin === 'command line' ? 'command line' : '=', span: undefined, where: undefined });
  table.set(name, v);
  return v;
}

/** The variables GNU make defines before reading anything (with `-R`, the built-in ones stay out). */
function setUp(ctx: MakeContext): void {
  const g = ctx.globals;
  const o = ctx.options;
  for (const [name, value] of o.env) {
    if (name === 'MAKEFLAGS' || name === 'MAKELEVEL' || name === 'SHELL') continue;
    define(g, name, value, 'environment').export = 'export';
  }
  define(g, 'SHELL', '/bin/sh', 'file');
  define(g, 'MAKE_VERSION', o.version === '4.4' ? '4.4.1' : '4.3', 'default');
  define(g, 'MAKE_COMMAND', 'make', 'default');
  define(g, 'MAKE', '$(MAKE_COMMAND)', 'default');
  define(g, 'MAKELEVEL', String(o.level), 'environment');
  define(g, 'CURDIR', o.cwd, 'file', 'simple');
  define(g, '.DEFAULT_GOAL', '', 'file');
  define(g, 'MAKEFILE_LIST', '', 'file', 'simple');
  define(g, '.SHELLFLAGS', '-c', 'default');
  define(g, 'MAKEFLAGS', o.makeflags, 'file');
  define(g, '.FEATURES', o.version === '4.4'
    ? 'target-specific order-only second-expansion else-if shortest-stem undefine oneshell nocomment grouped-target extra-prereqs notintermediate shell-export archives jobserver jobserver-fifo output-sync check-symlink guile load'
    : 'target-specific order-only second-expansion else-if shortest-stem undefine oneshell nocomment grouped-target extra-prereqs archives jobserver output-sync check-symlink load', 'default');
  if (o.goals.length > 0) define(g, 'MAKECMDGOALS', o.goals.join(' '), 'default');
  for (const [name, value] of o.commandLine) {
    const simple = name.endsWith(':');
    const v = define(g, simple ? name.slice(0, -1) : name, value, 'command line', simple ? 'simple' : 'recursive');
    v.export = undefined;
  }
}

/**
 * Evaluates makefiles as GNU make reads them. Never throws on user input: GNU make's fatal errors
 * become stderr lines, an `M001` diagnostic and status 2.
 *
 * @example
 * const r = evaluate({ ...options, makefiles: ['case.mk'] });
 * r.output.filter((l) => l.stream === 'stdout').map((l) => l.text).join('');
 */
export function evaluate(options: MakeOptions): { value: MakeResult; diagnostics: readonly Diagnostic[] } {
  const ctx = newContext(options);
  let status = 0;
  if (options.printDirectory) ctx.output.push({ stream: 'stdout', text: `${options.program}: Entering directory '${options.cwd}'\n` });
  try {
    setUp(ctx);
    const names = options.makefiles.length > 0 ? options.makefiles : ['GNUmakefile', 'makefile', 'Makefile'];
    let readAny = false;
    for (const name of names) {
      const found = readMakefile(ctx, name);
      if (found) readAny = true;
      if (!found && options.makefiles.length > 0) {
        ctx.output.push({ stream: 'stderr', text: `${options.program}: ${name}: No such file or directory\n` });
        throw new MakeStop(undefined, `No rule to make target '${name}'`);
      }
      if (found && options.makefiles.length === 0) break;
    }
    // Missing included makefiles: GNU make tries to remake them (a rule for one is enough here,
    // as the engine runs no recipe) and reports the last one it cannot make.
    const unmakeable = ctx.missingIncludes.filter((m) => !ctx.rules.targets.has(m.file));
    const missing = unmakeable[unmakeable.length - 1];
    if (missing !== undefined) {
      ctx.output.push({ stream: 'stderr', text: `${missing.where.file}:${missing.where.line}: ${missing.file}: No such file or directory\n` });
      throw new MakeStop(undefined, `No rule to make target '${missing.file}'`);
    }
    if (!readAny && options.goals.length === 0) throw new MakeStop(undefined, 'No targets specified and no makefile found');
    if (!updateGoals(ctx, subMake)) status = 2;
  } catch (e) {
    if (!(e instanceof MakeStop)) throw e;
    const where = e.where;
    const head = where ? `${where.file}:${where.line}: ` : `${options.program}: `;
    ctx.output.push({ stream: 'stderr', text: e.raw ? `${e.text}\n` : `${head}*** ${e.text}.  Stop.\n` });
    ctx.diagnostics.push(diagnostic('M001', 'error', e.text, span(where?.file ?? '', 0, 0)));
    status = 2;
  }
  if (options.printDirectory) ctx.output.push({ stream: 'stdout', text: `${options.program}: Leaving directory '${options.cwd}'\n` });
  const value: MakeResult = {
    output: ctx.output,
    status,
    variables: ctx.globals,
    rules: ctx.rules,
    reads: ctx.reads,
    commands: ctx.commands,
    makefiles: ctx.makefileList,
  };
  return { value, diagnostics: ctx.diagnostics };
}

/**
 * Reads a `MAKEFLAGS` value: flag letters (the first word may omit its `-`), options such as
 * `-I DIR` and `--no-print-directory`, then `--` and variable definitions.
 */
function parseMakeflags(value: string): { letters: string; long: string[]; includeDirs: string[]; vars: [string, string][] } {
  const words = splitWords(value);
  const dashes = words.indexOf('--');
  const options = dashes === -1 ? words : words.slice(0, dashes);
  if (options.length > 0 && !options[0].startsWith('-')) options[0] = `-${options[0]}`;
  const parsed = parseMakeArgs(options);
  const vars: [string, string][] = [];
  for (const w of dashes === -1 ? [] : words.slice(dashes + 1)) {
    const eq = w.indexOf('=');
    if (eq > 0) vars.push([w.slice(0, eq), w.slice(eq + 1)]);
  }
  if (typeof parsed === 'string') return { letters: '', long: [], includeDirs: [], vars };
  return { letters: parsed.letters, long: parsed.longOptions, includeDirs: parsed.includeDirs, vars };
}

/**
 * Runs a recipe line that invokes `$(MAKE)` as an in-process sub-make, as `make -n` executes
 * such lines. Returns its exit status, or undefined when the line is not a plain make invocation
 * (then it is only printed).
 */
function subMake(ctx: MakeContext, command: string): number | undefined {
  const words = shellWords(command);
  const make = expandText(ctx, '$(MAKE)').trim();
  if (words === undefined || words.length === 0 || words[0] !== make) return undefined;
  const args = parseMakeArgs(words.slice(1));
  if (typeof args === 'string') return undefined;
  const o = ctx.options;
  const inherited = parseMakeflags(expandText(ctx, '$(MAKEFLAGS)'));
  const level = o.level + 1;
  const program = `make[${level}]`;
  const silent = o.silent || args.silent || inherited.letters.includes('s');
  const dryRun = o.dryRun || args.dryRun || inherited.letters.includes('n');
  const noPrint = args.printDirectory === false || inherited.long.includes('--no-print-directory');
  const printDirectory = args.printDirectory ?? (!silent && !noPrint);
  const own = args.commandLine;
  const parentVars = o.commandLine.filter(([n]) => !own.some(([m]) => m === n));
  // The child's flags: `w` only when it prints directories (GNU make adds it for sub-makes).
  const wanted = `${dryRun ? 'n' : ''}${silent ? 's' : ''}${inherited.letters}${args.letters}`.replace(/w/g, '');
  const letters = [...new Set(wanted + (printDirectory ? 'w' : ''))].join('');
  const vars = [...own, ...parentVars];
  const long = [...new Set([...inherited.long, ...args.longOptions])];
  const makeflags = [letters, ...inherited.includeDirs.map((d) => `-I${d}`), ...long, ...(vars.length > 0 ? ['--', ...vars.map(([n, v]) => `${n}=${v}`)] : [])].join(' ');
  const cwd = args.directories.reduce((dir, d) => resolvePath(dir, d), o.cwd);
  const env = exportedEnvironment(ctx);
  env.delete('MAKEFLAGS');
  env.delete('MAKELEVEL');
  const { value } = evaluate({
    ...o,
    cwd,
    env,
    commandLine: [...parentVars, ...own],
    makefiles: args.makefiles,
    includeDirs: [...inherited.includeDirs, ...args.includeDirs],
    goals: args.goals,
    dryRun,
    silent,
    printDirectory,
    makeflags,
    program,
    level,
  });
  ctx.output.push(...value.output);
  ctx.reads.push(...value.reads);
  ctx.commands.push(...value.commands);
  return value.status;
}
