/**
 * `evaluate(options)`: one run of the engine as GNU make reads makefiles: set up the default,
 * environment and command-line variables, read the makefiles, then check the goals.
 */
import { diagnostic, span, type Diagnostic, type Host } from '../../base/index.js';
import { MakeStop, type MakeContext, type MakeOptions, type MakeVersion, type OutputLine } from './context.js';
import { evalText, readMakefile, setVariable } from './read.js';
import { newRuleDatabase, type RuleDatabase } from './rules.js';
import { liftEnvironment, mayOverride, newVariable, ownVariable, type Flavor, type Origin, type Variable } from './variables.js';
import { commandLineAssignment, environmentOverrides, formatMakeflags, makeflagsSwitches, makeflagsWords, parseMakeArgs, quoteForMakeflags, shellWords, warnUndefinedVariables } from './argv.js';
import { automaticVariables, builtinVariables, defaultSuffixes, makeHost } from './defaults.js';
import { updateGoals } from './dry-run.js';
import { exportedEnvironment } from './environment.js';
import { GlobalTable } from './globals.js';
import { expandText, splitWords } from './expand.js';
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
  const ctx: MakeContext = {
    options,
    globals: new GlobalTable(),
    scopes: [],
    rules: newRuleDatabase(),
    output: [],
    diagnostics: [],
    reads: [],
    commands: [],
    location: undefined,
    expanding: new Set(),
    compiled: options.compiled ?? new Map(),
    depth: 0,
    makefileList: [],
    recipePrefix: '\t',
    exportAll: false,
    vpaths: [],
    missingIncludes: [],
    expandingWhere: undefined,
    callArgs: 0,
    memo: undefined,
    changedNames: new Set(),
    whenStopped: undefined,
    warnUndefined: warnUndefinedVariables(options.makeflags),
    recipeDepth: 0,
    condition: undefined,
    reader: { evalText },
    view: {
      options,
      get variables() {
        return ctx.globals;
      },
      get rules() {
        return ctx.rules;
      },
      get makefiles() {
        return ctx.makefileList;
      },
      expand: (text) => expandText(ctx, text),
      environment: () => exportedEnvironment(ctx),
    },
  };
  return ctx;
}

/**
 * Defines a variable as GNU make's `define_variable_in_set` does for its own definitions: an existing
 * variable of a stronger origin stays (under `-e` an environment variable counts as `environment
 * override` from then on), and a new environment variable under `-e` is an `environment override`.
 */
function define(
  ctx: MakeContext, name: string, value: string, origin: Origin, flavor: Flavor = 'recursive',
): Variable | undefined {
  const g = ctx.globals;
  const overrides = environmentOverrides(ctx.options.makeflags);
  const existing = g.get(name);
  if (existing !== undefined) {
    liftEnvironment(existing, overrides);
    if (!mayOverride(existing.origin, origin)) return undefined;
  }
  const v = newVariable(name, flavor, origin === 'environment' && overrides ? 'environment override' : origin, value, { op: '=', span: undefined, where: undefined });
  if (existing !== undefined) {
    v.definitions.unshift(...existing.definitions);
    v.export = existing.export;
  }
  g.set(name, v);
  return v;
}

/** The `.FEATURES` of each GNU make version, as `make` prints them (4.3 built without Guile). */
const features: Readonly<Record<MakeVersion, string>> = {
  '4.3': 'target-specific order-only second-expansion else-if shortest-stem undefine oneshell nocomment grouped-target extra-prereqs archives jobserver output-sync check-symlink load',
  '4.4': 'target-specific order-only second-expansion else-if shortest-stem undefine oneshell nocomment grouped-target extra-prereqs notintermediate shell-export archives jobserver jobserver-fifo output-sync check-symlink guile load',
};

/** GNU make's default include directories, searched after `-I` ones when they exist (read.c). */
const defaultIncludeDirectories = ['/usr/gnu/include', '/usr/local/include', '/usr/include', '/usr/include'];

/**
 * The switches of this run as GNU make's `main` settles them before reading: those of
 * `MakeOptions.makeflags`, `w` exactly when directories are printed, and `r` when `-R` is on.
 */
function startupSwitches(o: MakeOptions): { letters: string; longOptions: readonly string[] } {
  const s = makeflagsSwitches(o.makeflags);
  let letters = s.letters.replace('w', '');
  if (o.printDirectory) letters += 'w';
  if (letters.includes('R') && !letters.includes('r')) letters += 'r';
  return { letters, longOptions: s.longOptions };
}

/**
 * The variables GNU make 4.3 defines before reading anything, in the order its `main` defines them,
 * so that each sees the ones before it: special variables, the environment, command-line
 * definitions, `MAKE`, `MAKEOVERRIDES`, `CURDIR`, `SUFFIXES`, the automatic variables, `MAKEFLAGS`,
 * the built-in variables (not with `-R`) and `.DEFAULT_GOAL`.
 */
function setUp(ctx: MakeContext): void {
  const o = ctx.options;
  const switches = startupSwitches(o);
  for (const name of ['.VARIABLES', '.RECIPEPREFIX', '.LOADED']) define(ctx, name, '', 'default', 'simple');
  define(ctx, '.SHELLFLAGS', '-c', 'default', 'simple');
  define(ctx, '.FEATURES', features[o.version], 'default', 'simple');

  // The environment comes in before the switches are read, so `-e` does not touch it yet.
  for (const [name, value] of o.env) {
    const v = newVariable(name, 'recursive', 'environment', value, { op: 'environment', span: undefined, where: undefined });
    // SHELL is not passed on from make's variable (POSIX); commands get the environment's own.
    if (name !== 'SHELL') v.export = name === 'MAKE_RESTARTS' ? 'unexport' : 'export';
    ctx.globals.set(name, v);
  }
  const gnumakeflags = newVariable('GNUMAKEFLAGS', 'simple', 'environment', '', { op: 'environment', span: undefined, where: undefined });
  ctx.globals.set('GNUMAKEFLAGS', gnumakeflags);

  for (const entry of o.commandLine) commandLineDefinition(ctx, entry);
  if (o.goals.length > 0) define(ctx, 'MAKECMDGOALS', o.goals.join(' '), 'default', 'simple');

  define(ctx, 'MAKE_COMMAND', 'make', 'default', 'simple');
  define(ctx, 'MAKE', '$(MAKE_COMMAND)', 'default');
  const overrides = commandVariables(ctx);
  if (overrides !== '') {
    // GNU make keeps the list in a variable no makefile can name, and MAKEOVERRIDES refers to it,
    // so that a makefile can empty MAKEOVERRIDES to keep the definitions from sub-makes.
    define(ctx, '-*-command-variables-*-', overrides, 'automatic', 'simple');
    define(ctx, 'MAKEOVERRIDES', '${-*-command-variables-*-}', 'environment');
  }

  // GNU make read.c construct_include_path: directories that exist, without trailing slashes.
  const includeDirs = [...o.includeDirs.map((d) => d.replace(/(?<=.)\/+$/, '')), ...defaultIncludeDirectories]
    .filter((d) => o.host.stat(resolvePath(o.cwd, d))?.kind === 'directory');
  define(ctx, '.INCLUDE_DIRS', includeDirs.join(' '), 'default');
  define(ctx, 'CURDIR', o.cwd, 'file', 'simple');
  define(ctx, 'SUFFIXES', switches.letters.includes('r') ? '' : defaultSuffixes.join(' '), 'default', 'simple');

  define(ctx, 'MAKELEVEL', String(o.level), 'environment', 'simple');
  define(ctx, 'MAKE_VERSION', o.version === '4.4' ? '4.4.1' : '4.3', 'default', 'simple');
  define(ctx, 'MAKE_HOST', makeHost, 'default', 'simple');
  // SHELL never comes from the environment (unless -e): GNU make variable.c resets it to /bin/sh.
  define(ctx, 'SHELL', '/bin/sh', 'default', 'simple');
  const found = ctx.globals.get('SHELL');
  if (found !== undefined && (found.value === '' || found.origin === 'environment')) {
    const shell = ownVariable(ctx.globals, found);
    shell.origin = 'file';
    shell.value = '/bin/sh';
  }
  define(ctx, 'MAKEFILES', '', 'default', 'simple');
  for (const v of automaticVariables) define(ctx, v.name, v.value, 'automatic', v.flavor);

  const flags = formatMakeflags(switches.letters, switches.longOptions);
  define(ctx, 'MFLAGS', flags.mflags, 'environment');
  const makeflags = define(ctx, 'MAKEFLAGS', flags.makeflags, environmentOverrides(ctx.options.makeflags) ? 'environment override' : 'file');
  if (makeflags !== undefined) makeflags.export = 'export';

  if (!switches.letters.includes('R')) for (const v of builtinVariables) define(ctx, v.name, v.value, 'default', v.flavor);
  define(ctx, '.DEFAULT_GOAL', '', 'file', 'simple');
}

/**
 * Defines one command-line variable (`a=x`, `a:=$(b)`, `a+=y`, `a?=z`, `a!=cmd`) as GNU make's
 * `try_variable_definition` does, with origin `command line`: the name is expanded, and `:=` expands
 * the value now, when only the variables defined before it exist.
 */
function commandLineDefinition(ctx: MakeContext, entry: readonly [string, string]): void {
  const { name, op, value } = commandLineAssignment(entry);
  const expanded = expandText(ctx, name).trim();
  if (expanded === '') throw new MakeStop(undefined, 'empty variable name');
  const existing = ctx.globals.get(expanded);
  if (existing !== undefined) liftEnvironment(existing, environmentOverrides(ctx.options.makeflags));
  setVariable(ctx, ctx.globals, expanded, op, value, 'command line', undefined, undefined);
}

/**
 * The command-line variables as `MAKEFLAGS` passes them on (GNU make main.c): each variable once, the
 * last defined first, as `name=value` (`name:=value` when simple) with the value as it is now,
 * quoted so that `makeflagsWords` reads each definition back as one word.
 */
function commandVariables(ctx: MakeContext): string {
  const names: string[] = [];
  for (const entry of ctx.options.commandLine) {
    const name = expandText(ctx, commandLineAssignment(entry).name).trim();
    if (!names.includes(name)) names.unshift(name);
  }
  return names.flatMap((name) => {
    const v = ctx.globals.get(name);
    if (v === undefined) return [];
    return [`${quoteForMakeflags(name)}${v.flavor === 'simple' ? ':' : ''}=${quoteForMakeflags(v.value)}`];
  }).join(' ');
}

/**
 * What GNU make's `main` does between reading the makefiles and updating the goals: reads `MAKEFLAGS`
 * again (a makefile may have added switches or definitions to it), drops the built-in variables when
 * `-R` appeared only now, writes `MAKEFLAGS` again for recipes and sub-makes, this time with `-I`
 * options and ` -- $(MAKEOVERRIDES)`, and checks `.DEFAULT_GOAL`.
 */
function afterReading(ctx: MakeContext): void {
  const o = ctx.options;
  const before = startupSwitches(o);
  const decoded = parseMakeArgs(makeflagsWords(expandText(ctx, '$(MAKEFLAGS)')), true);
  const added = typeof decoded === 'string' ? undefined : decoded;
  define(ctx, 'GNUMAKEFLAGS', '', 'override', 'simple');
  for (const entry of added?.commandLine ?? []) commandLineDefinition(ctx, entry);
  const letters = [...new Set(before.letters + (added?.letters ?? ''))].join('');
  const longOptions = [...new Set([...before.longOptions, ...(added?.longOptions ?? [])])];
  const includeDirs = [...o.includeDirs, ...(added?.includeDirs ?? [])];
  // Only the command line's `-R` implies `-r`; one added by the makefile does not (GNU make main.c).
  if (letters.includes('r') && !before.letters.includes('r')) define(ctx, 'SUFFIXES', '', 'default', 'simple');
  if (letters.includes('R') && !before.letters.includes('R')) {
    for (const v of builtinVariables) if (ctx.globals.get(v.name)?.origin === 'default') ctx.globals.delete(v.name);
  }
  const flags = formatMakeflags(letters, longOptions, includeDirs);
  const overrides = ctx.globals.get('MAKEOVERRIDES');
  const makeflags = `${flags.makeflags}${overrides !== undefined && overrides.value !== '' ? ' -- $(MAKEOVERRIDES)' : ''}`;
  define(ctx, 'MFLAGS', flags.mflags, 'environment');
  const v = define(ctx, 'MAKEFLAGS', makeflags, environmentOverrides(ctx.options.makeflags) ? 'environment override' : 'file');
  if (v !== undefined) v.export = 'export';
  if (o.goals.length === 0) checkDefaultGoal(ctx);
}

/**
 * GNU make's check of `.DEFAULT_GOAL` when no goal is given: a value that names no target must be
 * one file name ("`.DEFAULT_GOAL` contains more than one target").
 */
function checkDefaultGoal(ctx: MakeContext): void {
  const v = ctx.globals.get('.DEFAULT_GOAL');
  if (v === undefined) return;
  const goal = v.flavor === 'recursive' ? expandText(ctx, v.value) : v.value;
  if (ctx.rules.targets.has(goal)) return;
  if (splitWords(goal).length > 1) throw new MakeStop(undefined, '.DEFAULT_GOAL contains more than one target');
}

/**
 * Evaluates makefiles as GNU make reads them. Never throws on user input: GNU make's fatal errors
 * become stderr lines, an `M001` diagnostic and status 2.
 *
 * @example
 * const r = evaluate({ ...options, makefiles: ['case.mk'] });
 * r.output.filter((l) => l.stream === 'stdout').map((l) => l.text).join('');
 */
export function evaluate(input: MakeOptions): { value: MakeResult; diagnostics: readonly Diagnostic[] } {
  // GNU make knows its directory as getcwd(3) gives it once it is there (CURDIR, "Entering
  // directory"): with symbolic links resolved.
  const physical = input.host.realPath(input.cwd);
  const options = physical === undefined || physical === input.cwd ? input : { ...input, cwd: physical };
  // Sub-makes inherit the options, and with them one parse cache and one compile cache for the whole run.
  const shared = options.parsed === undefined || options.compiled === undefined
    ? { ...options, parsed: options.parsed ?? new Map(), compiled: options.compiled ?? new Map() }
    : options;
  const ctx = newContext(shared);
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
    afterReading(ctx);
    options.observer?.read?.(ctx.view);
    status = updateGoals(ctx, subMake);
  } catch (caught) {
    // Input can nest expansions deeper than the JavaScript stack (GNU make recurses further):
    // that is reported as make reports a fatal error, never as an exception to the caller.
    const e = caught instanceof RangeError ? new MakeStop(ctx.location, 'expansion nested too deeply for kbuild-graph') : caught;
    if (!(e instanceof MakeStop)) throw e;
    const where = e.where;
    const head = where ? `${where.file}:${where.line}: ` : `${options.program}: `;
    ctx.output.push({ stream: 'stderr', text: e.raw ? `${e.text}\n` : `${head}*** ${e.text}.  Stop.\n` });
    ctx.diagnostics.push(diagnostic('M001', 'error', e.text, span(where?.file ?? '', 0, 0)));
    ctx.whenStopped?.();
    status = 2;
  }
  if (options.printDirectory) ctx.output.push({ stream: 'stdout', text: `${options.program}: Leaving directory '${options.cwd}'\n` });
  options.observer?.finished?.(ctx.view, status);
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
 * The directory a make runs in after its `-C` options, each taken from the one before, as GNU make
 * changes into them in turn; or GNU make's fatal message about the first it cannot enter.
 */
export function enterDirectories(host: Host, start: string, directories: readonly string[]): { readonly cwd: string } | { readonly problem: string } {
  let cwd = start;
  for (const d of directories) {
    const next = resolvePath(cwd, d);
    const kind = host.stat(next)?.kind;
    if (kind !== 'directory') return { problem: `*** ${d}: ${kind === undefined && !underFile(host, next) ? 'No such file or directory' : 'Not a directory'}.  Stop.` };
    cwd = next;
  }
  return { cwd };
}

/** Whether the nearest existing directory above `path` is a file, which makes entering `path` fail with ENOTDIR. */
function underFile(host: Host, path: string): boolean {
  for (let p = path.slice(0, path.lastIndexOf('/')); p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const kind = host.stat(p)?.kind;
    if (kind !== undefined) return kind !== 'directory';
  }
  return false;
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
  const inherited = makeflagsSwitches(expandText(ctx, '$(MAKEFLAGS)'));
  const level = o.level + 1;
  const program = `make[${level}]`;
  const silent = o.silent || args.silent || inherited.letters.includes('s');
  const dryRun = o.dryRun || args.dryRun || inherited.letters.includes('n');
  const noPrint = args.printDirectory === false || inherited.longOptions.includes('--no-print-directory');
  const printDirectory = args.printDirectory ?? (!silent && !noPrint);
  // The child defines the variables its MAKEFLAGS passes down (what MAKEOVERRIDES held, last defined
  // first), then those of its own command line, as GNU make decodes MAKEFLAGS before argv.
  const commandLine = [...inherited.commandLine, ...args.commandLine];
  // The child's flags: `w` only when it prints directories (GNU make adds it for sub-makes).
  const wanted = `${dryRun ? 'n' : ''}${silent ? 's' : ''}${inherited.letters}${args.letters}`.replace(/w/g, '');
  const letters = [...new Set(wanted + (printDirectory ? 'w' : ''))].join('');
  const long = [...new Set([...inherited.longOptions, ...args.longOptions])];
  const makeflags = formatMakeflags(letters, long).makeflags;
  const entered = enterDirectories(o.host, o.cwd, args.directories);
  if ('problem' in entered) {
    ctx.output.push({ stream: 'stderr', text: `${program}: ${entered.problem}\n` });
    return 2;
  }
  const cwd = entered.cwd;
  const env = exportedEnvironment(ctx);
  env.delete('MAKEFLAGS');
  env.delete('MAKELEVEL');
  const child: MakeOptions = {
    ...o,
    cwd,
    env,
    commandLine,
    makefiles: args.makefiles,
    includeDirs: [...inherited.includeDirs, ...args.includeDirs],
    goals: args.goals,
    dryRun,
    silent,
    printDirectory,
    makeflags,
    program,
    level,
  };
  const { value, diagnostics } = o.runSubMake === undefined ? evaluate(child) : o.runSubMake(child, evaluate);
  // A loop, not push(...): a whole kernel's sub-makes print more lines than a call takes arguments.
  for (const line of value.output) ctx.output.push(line);
  for (const r of value.reads) ctx.reads.push(r);
  for (const c of value.commands) ctx.commands.push(c);
  for (const d of diagnostics) ctx.diagnostics.push(d);
  return value.status;
}
