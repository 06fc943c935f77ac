/**
 * The Kbuild commands: `kbuild-graph [DIR...]` (module composition as a tree, or `--json`, `--dot`,
 * `--svg`), `modules`, `compile-commands` and `why`. Each runs kbuild through the make engine
 * (`analyzeKbuild`), builds the graph and prints the part asked for.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, machine } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnostic, lineIndex, renderDiagnostic, span, type DiagnosticCode, type Host, type RenderSource, type ShellResult } from '../base/index.js';
import { analyzeKbuild, type KbuildOptions, type KbuildRun, type WordOrigin } from '../eval/kbuild/index.js';
import { cachingHost, keyedEnvironment, shellCacheKey } from '../eval/make/index.js';
import { describeConfigs, directoryId, KbuildGraph } from '../graph/index.js';
import { readAnalysis, recordingHost, toolIdentity, writeAnalysis } from './analysis-cache.js';
import { startHelpers } from './analysis-threads.js';
import { nodeHost } from './host.js';
import { startProbes } from './probe-history.js';
import type { CliIo } from './main.js';
import { fileStore } from './shell-store.js';
import { terminalLine } from './terminal.js';

/** What every Kbuild command takes. */
export interface KbuildCommandOptions {
  /** `-C DIR`: the kernel tree, or the headers dir for `M=`. */
  readonly directory: string | undefined;
  readonly allowShell: boolean;
  readonly shellCache: string | undefined;
  /** Positional words: `VAR=VALUE` assignments and directory or file arguments. */
  readonly words: readonly string[];
  /** How many threads a whole tree's analysis uses (`--jobs`); `defaultThreads()` when left out. */
  readonly jobs?: number;
  /** `--analysis-cache=FILE`: the analysis kept between runs, and taken again while what it read is unchanged (`analysis-cache.ts`). */
  readonly analysisCache?: string;
}

/** A kbuild run ready for queries. */
export interface Analysis {
  readonly graph: KbuildGraph;
  readonly run: KbuildRun;
  /** The make's directory (`-C`). */
  readonly directory: string;
  /** The `M=` directory, absolute, for an external module. */
  readonly external: string | undefined;
  /** The positional arguments that are not assignments. */
  readonly paths: readonly string[];
  /** The directory the command was run from, which relative arguments may start at. */
  readonly cwd: string;
  /** The host the run read through (for reading sources afterwards). */
  readonly host: Host;
  /** How many makefile errors (`file:line: *** ...`) the run reported: the graph lacks those directories. */
  readonly makefileErrors: number;
}

/** A Kbuild command's exit status once its output is written: 1 when a makefile had errors. */
export function statusOf(a: Analysis): number {
  return a.makefileErrors > 0 ? 1 : 0;
}

const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The common options read: where kbuild runs and with what. */
export interface KbuildSetup {
  /** The make's directory (`-C`), absolute. */
  readonly directory: string;
  /** `VAR=VALUE` words, `M=` and `O=` made absolute. */
  readonly variables: readonly (readonly [string, string])[];
  /** The positional arguments that are not assignments. */
  readonly paths: readonly string[];
  /** The `M=` directory, absolute, for an external module. */
  readonly external: string | undefined;
  /** The environment make starts with (without `MAKEFLAGS` and `MAKELEVEL`). */
  readonly env: ReadonlyMap<string, string>;
  /** The host to read through (caching `$(shell)` with `--shell-cache`). */
  readonly host: Host;
  /** Saves the shell cache, when there is one, and the list of kbuild's probes this run asked for. */
  readonly save: () => void;
  /**
   * Starts kbuild's probes that an earlier run with this setup asked for (`probe-history.ts`),
   * except those the shell cache or `known` answers; with `lazily`, once a command runs.
   */
  readonly startProbes: (known?: (key: string) => boolean, lazily?: boolean) => void;
  /** The shell cache's new entries ([key, result]), and a way to add another run's (a helper thread's) before saving. */
  readonly shellResults: { added(): [string, ShellResult][]; add(entries: readonly [string, ShellResult][]): void };
  /** The shell cache's result for a command, without running it; undefined when it has none. */
  readonly keptShell: (command: string, cwd: string, env: ReadonlyMap<string, string>) => ShellResult | undefined;
}

/**
 * Reads the common options of the Kbuild commands, or returns the exit status after printing why
 * they cannot be used. With no `-C` and no kernel tree in the working directory, it takes the Debian
 * kernel that `npm run corpus` fetched and `net/openvswitch` as an external module (the README's quick start).
 */
export function kbuildSetup(options: KbuildCommandOptions, io: CliIo): KbuildSetup | number {
  const env = io.env ?? process.env;
  const variables: [string, string][] = [];
  const paths: string[] = [];
  for (const w of options.words) {
    if (assignment.test(w)) {
      const eq = w.indexOf('=');
      variables.push([w.slice(0, eq), w.slice(eq + 1)]);
    } else paths.push(w);
  }
  let directory = options.directory === undefined ? io.cwd : resolve(io.cwd, options.directory);
  if (options.directory === undefined && !isKernelDirectory(directory) && !variables.some(([n]) => n === 'M')) {
    const fallback = defaultKernel(env);
    if (fallback === undefined) {
      return fail(io, 'C004', `${directory} is not a kernel tree (no Makefile with scripts/Makefile.build beside it); run in a kernel tree, pass -C DIR, or fetch the default Debian kernel with \`npm run corpus\``);
    }
    directory = fallback.headers;
    variables.push(['M', fallback.module]);
    io.stderr(`kbuild-graph: no kernel tree given; using Debian's ${fallback.version} headers with ${fallback.module} as an external module\n`);
  }
  if (!existsSync(join(directory, 'Makefile'))) return fail(io, 'C004', `${directory}: no Makefile here; -C must name a kernel tree or a kernel headers (build) directory`);
  // Relative `M=` and `O=` mean the user's directory here, as a shell's `$(pwd)` would say it.
  for (const v of variables) if ((v[0] === 'M' || v[0] === 'O') && v[1] !== '') v[1] = resolve(io.cwd, v[1]);
  const m = variables.find(([n]) => n === 'M');
  if (m !== undefined && !existsSync(m[1])) return fail(io, 'C004', `M=${m[1]}: no such directory`);
  // kbuild's top Makefile would make a missing O= directory; kbuild-graph writes nothing, so it asks for one.
  const o = variables.findLast(([n]) => n === 'O');
  if (o !== undefined && o[1] !== '' && !existsSync(o[1])) return fail(io, 'C004', `O=${o[1]}: no such directory; kbuild would make it, kbuild-graph never writes: make it (mkdir -p) with the .config in it, or pass --config FILE`);
  // kbuild builds an external module against its headers' prepared auto.conf and reads no .config.
  const config = variables.findLast(([n]) => n === 'KCONFIG_CONFIG');
  if (m !== undefined && config !== undefined) {
    io.stderr(diagnosticText('C007', `--config (KCONFIG_CONFIG=${config[1]}) is not read with M=: kbuild builds an external module against the configuration ${directory} was prepared with (include/config/auto.conf)`, 'warning'));
  }
  const store = options.shellCache === undefined ? undefined : fileStore(resolve(io.cwd, options.shellCache));
  const envMap = new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'MAKEFLAGS' && e[0] !== 'MAKELEVEL'));
  const probes = options.allowShell ? startProbes(JSON.stringify(['kbuild', directory, variables]), envMap, env) : undefined;
  const base = nodeHost(options.allowShell, probes);
  const host = store === undefined ? base : cachingHost(base, store.store);
  const save = (): void => {
    probes?.save();
    try {
      store?.save();
    } catch (e) {
      io.stderr(`kbuild-graph: warning[C003]: cannot write shell cache ${options.shellCache}: ${(e as Error).message}\n`);
    }
  };
  const shellResults = {
    added: () => store?.added() ?? [],
    add: (entries: readonly [string, ShellResult][]) => {
      for (const [key, result] of entries) store?.store.set(key, result);
    },
  };
  const start = (known?: (key: string) => boolean, lazily?: boolean): void => probes?.start((key) => store?.store.has?.(key) === true || known?.(key) === true, lazily);
  const keptShell = (command: string, cwd: string, env: ReadonlyMap<string, string>): ShellResult | undefined => store?.store.get(shellCacheKey(command, cwd, env));
  return { directory, variables, paths, external: m?.[1], env: envMap, host, save, startProbes: start, shellResults, keptShell };
}

/**
 * Runs kbuild for the options, or returns the exit status after printing why it cannot
 * (see `kbuildSetup` for the default kernel).
 */
export function analyse(options: KbuildCommandOptions, io: CliIo): Analysis | number {
  const setup = kbuildSetup(options, io);
  if (typeof setup === 'number') return setup;
  const { directory, paths, host } = setup;
  const debug = (io.env ?? process.env).KBG_DEBUG === '1';
  const cacheFile = options.analysisCache === undefined ? undefined : resolve(io.cwd, options.analysisCache);
  const key = cacheFile === undefined ? '' : analysisKey(options, setup);
  const base = { host, shell: 'allow', version: '4.3' } as const;
  const read = cacheFile === undefined ? undefined : readAnalysis(cacheFile, key, { files: nodeHost(false), keptShell: setup.keptShell }, base);
  let kept = read === undefined || 'reason' in read ? undefined : read;
  if (debug && read !== undefined) io.stderr(`kbuild-graph: analysis cache ${cacheFile}: ${'reason' in read ? `not taken (${read.reason})` : 'taken: nothing it read has changed'}\n`);
  const fresh = kept === undefined;
  if (kept === undefined) {
    // Every question the run asks is noted, to keep the analysis with them.
    const recording = cacheFile === undefined ? undefined : recordingHost(host);
    setup.startProbes();
    const progress = progressLine(io);
    // A tree's directories are shared out over threads; an external module is too small to pay for them.
    // A run that is to be kept has none: what helpers ask, this thread does not see.
    const helpers = setup.external === undefined && recording === undefined ? startHelpers(options, io, setup, options.jobs ?? defaultThreads()) : undefined;
    const { value, diagnostics } = analyzeKbuild({ ...kbuildOptionsOf(options, setup), host: recording?.host ?? host, onDirectory: progress.update, split: helpers?.split });
    helpers?.finish();
    const split = value.split;
    if (helpers !== undefined && split !== undefined && debug) {
      io.stderr(`kbuild-graph: analysis over ${helpers.split.sides} threads: ${split.taken} directory makes from helpers, ${split.redone} evaluated again, ${split.waitedMs.toFixed(0)} ms waiting for them\n`);
    }
    progress.done();
    kept = { run: value, diagnostics };
    const questions = recording?.questions();
    if (cacheFile !== undefined && questions !== undefined && value.facts.directories.size > 0 && !diagnostics.some((d) => d.code.startsWith('K') && d.severity === 'error')) {
      try {
        writeAnalysis(cacheFile, key, questions, kept);
      } catch (e) {
        io.stderr(`kbuild-graph: warning[C003]: cannot write analysis cache ${options.analysisCache}: ${(e as Error).message}\n`);
      }
    } else if (recording !== undefined && questions === undefined && debug) io.stderr(`kbuild-graph: analysis not kept: ${recording.spoiledBy()}\n`);
  }
  const value = kept.run;
  const diagnostics = kept.diagnostics;
  // The .config's own problems (K001-K008) with their lines, then make's messages about makefiles
  // (`file:line: ...`); the dry run's expected stops at the link steps are not shown.
  for (const d of diagnostics) if (d.code.startsWith('K')) io.stderr(`${renderDiagnostic(d, sourceOf(d.span.file))}\n`);
  if (diagnostics.some((d) => d.code.startsWith('K') && d.severity === 'error')) return 2;
  let makefileErrors = 0;
  for (const l of value.messages) {
    if (!/^[^\s:]+:\d+: /.test(l.text)) continue;
    io.stderr(l.text);
    if (/^[^\s:]+:\d+: \*\*\* /.test(l.text)) makefileErrors++;
  }
  // A kept analysis asked nothing new of the shell cache or of kbuild's probes.
  if (fresh) setup.save();
  if (value.facts.directories.size === 0) {
    for (const l of value.messages) io.stderr(l.text);
    for (const d of diagnostics) if (!d.code.startsWith('K') && d.code !== 'M002') io.stderr(`${renderDiagnostic(d, undefined)}\n`);
    return fail(io, 'C004', `kbuild descended into no directory under ${directory}; see make's messages above`);
  }
  if (!options.allowShell) {
    io.stderr('kbuild-graph: note: $(shell) commands were not run (pass --allow-shell, with --shell-cache=FILE to keep results); compiler flags that kbuild probes for are missing\n');
  }
  return { graph: new KbuildGraph(value.facts), run: value, directory, external: setup.external, paths, cwd: io.cwd, host, makefileErrors };
}

/**
 * What a kept analysis is for besides the answers to its questions (`analysis-cache.ts`): this
 * build of kbuild-graph, the kernel directory, the `VAR=VALUE` words, the environment, the shell
 * policy and the machine. The environment is taken in name order (as the shell cache takes it,
 * and as GNU make's variable table holds it), less what no kernel makefile reads: the shell's own
 * variables that change with how kbuild-graph was started (`_`, `SHLVL`, `OLDPWD`), and
 * kbuild-graph's own (`KBG_DEBUG=1`, to see why a file is not taken, would otherwise be why).
 */
function analysisKey(options: KbuildCommandOptions, setup: KbuildSetup): string {
  const env = keyedEnvironment(setup.env).filter(([n]) => !n.startsWith('KBG_'));
  return JSON.stringify([toolIdentity(), setup.directory, setup.variables, env, options.allowShell, machine()]);
}

/**
 * How many threads a tree's analysis uses by default: one per core beyond the first, at most four.
 * One thread already keeps more than a core busy (V8 collects garbage and compiles beside it): on
 * two cores, two threads took as long as one (9.4 s, median of five runs each) for a third more
 * processor time.
 */
function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** How the Kbuild commands run kbuild (the same in every thread of a split analysis). */
export function kbuildOptionsOf(options: KbuildCommandOptions, setup: KbuildSetup): KbuildOptions {
  return { host: setup.host, directory: setup.directory, variables: setup.variables, env: setup.env, shell: options.allowShell ? 'allow' : 'deny', machine: machine() };
}

/** A file's text for showing a diagnostic's line, when it can be read. */
function sourceOf(path: string): RenderSource | undefined {
  try {
    const text = readFileSync(path, 'latin1');
    return { path, text, index: lineIndex(text) };
  } catch {
    return undefined;
  }
}

/** Prints an error `code` of the command line and gives exit status 2. */
export function fail(io: CliIo, code: DiagnosticCode, message: string): number {
  io.stderr(diagnosticText(code, message));
  return 2;
}

/** A diagnostic of the command line as it prints (`kbuild-graph: error[C004]: ...`), with its line end. */
export function diagnosticText(code: DiagnosticCode, message: string, severity: 'error' | 'warning' = 'error'): string {
  return `${renderDiagnostic(diagnostic(code, severity, message, span('kbuild-graph', 0)), undefined)}\n`;
}

/** Whether `dir` looks like a kernel tree or a headers dir: a Makefile, and kbuild's scripts. */
function isKernelDirectory(dir: string): boolean {
  return existsSync(join(dir, 'Makefile')) && (existsSync(join(dir, 'scripts', 'Makefile.build')) || existsSync(join(dir, 'Module.symvers')));
}

/** The Debian kernel `npm run corpus` fetched: its headers dir and its `net/openvswitch`. */
function defaultKernel(env: Readonly<Record<string, string | undefined>>): { headers: string; module: string; version: string } | undefined {
  const root = packageRoot();
  if (root === undefined && env.KBG_CACHE_DIR === undefined) return undefined;
  const base = env.KBG_CACHE_DIR !== undefined ? resolve(env.KBG_CACHE_DIR) : join(root!, '.cache', 'kernel');
  let versions: string[];
  try {
    versions = readdirSync(base).filter((v) => !v.startsWith('.')).sort();
  } catch {
    return undefined;
  }
  for (const version of versions.reverse()) {
    try {
      const stamp = JSON.parse(readFileSync(join(base, version, 'stamp.json'), 'utf8')) as { paths: { source: string; headers: string } };
      const module = join(base, version, stamp.paths.source, 'net', 'openvswitch');
      const headers = join(base, version, stamp.paths.headers);
      if (existsSync(module) && existsSync(headers)) return { headers, module, version };
    } catch {
      // An incomplete cache folder: try the next one.
    }
  }
  return undefined;
}

/** The folder of kbuild-graph's package.json, above this module (in `src`, `dist` or the bundle in `bin`). */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'kbuild-graph') return dir;
    } catch {
      // No package.json here: look further up.
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** A progress line on stderr, only on a terminal and only once the run has taken a second. */
function progressLine(io: CliIo): { update: (obj: string, count: number) => void; done: () => void } {
  const tty = io.stderrIsTerminal === true;
  const line = terminalLine(io.stderr, io.columns);
  const started = Date.now();
  let last = 0;
  return {
    update(obj, count) {
      if (!tty) return;
      const now = Date.now();
      if (now - started < 1000 || now - last < 100) return;
      last = now;
      line.show(`kbuild-graph: ${count} directories, ${obj}`);
    },
    done() {
      line.end(false);
    },
  };
}

/** The directories to show: the arguments as `$(obj)` names, or the one kbuild entered first. */
export function selectedDirectories(a: Analysis): string[] | string {
  const all = a.graph.directories();
  // With no argument: the module's directory, or the top of the tree (its subdirectories).
  if (a.paths.length === 0) return a.external !== undefined ? [a.external] : all.includes('.') ? ['.'] : all.slice(0, 1);
  const out: string[] = [];
  for (const p of a.paths) {
    const obj = objNames(a, p).find((n) => all.includes(n));
    if (obj === undefined) return `${p}: kbuild does not descend into this directory with this configuration`;
    out.push(obj);
  }
  return out;
}

/**
 * The names a directory or file argument may have in the graph, the likelier first: the path from
 * the current directory, when it lies in the tree (or in the `M=` directory), then the path as
 * kbuild names it (from the top of the tree, or from `M=`). So `fat/nfs.c` run beside an external
 * `fat/` and `nfs.c` both name `M=`'s `nfs.c`, and in a tree's `net/`, `openvswitch` names
 * `net/openvswitch`.
 */
export function objNames(a: Analysis, path: string): string[] {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const top = a.external ?? a.directory;
  const names: string[] = [];
  const here = resolve(a.cwd, clean);
  const inside = relative(top, here);
  if (inside !== '..' && !inside.startsWith('../') && !isAbsolute(inside)) names.push(a.external !== undefined ? here : inside === '' ? '.' : inside);
  const kbuild = a.external !== undefined ? resolve(a.external, clean) : clean.replace(/^(\.\/)+/, '') || '.';
  if (!names.includes(kbuild)) names.push(kbuild);
  return names;
}

/** `kbuild-graph [DIR...]` as a tree. */
export function renderTree(a: Analysis, dirs: readonly string[]): string {
  const g = a.graph;
  const lines: string[] = [];
  for (const obj of dirs) {
    const dir = g.directory(obj);
    const shown = a.external !== undefined ? obj : `${obj}/`;
    lines.push(shown);
    const children: Entry[] = [];
    for (const { id, edge } of g.inputs(directoryId(obj))) {
      const node = g.node(id);
      if (node?.kind === 'module') children.push({ label: local(obj, id), origin: edge.origin, children: members(a, obj, id) });
    }
    for (const { id } of g.inputs(directoryId(obj))) {
      const node = g.node(id);
      if (node?.kind !== 'archive') continue;
      const inputs = g.inputs(id).filter((i) => g.node(i.id)?.kind !== 'archive');
      if (inputs.length > 0) children.push({ label: `${local(obj, id)} (built in)`, origin: undefined, children: inputs.map((i) => objectEntry(a, obj, i.id, i.edge.origin)) });
    }
    const subdirs = g.inputs(directoryId(obj)).filter((i) => g.node(i.id)?.kind === 'directory');
    if (subdirs.length > 0) {
      children.push({ label: 'subdirectories', origin: undefined, children: subdirs.map((s) => ({ label: `${local(obj, g.node(s.id)!.path)}/`, origin: s.edge.origin, children: [] })) });
    }
    const off = g.offMembers(obj);
    if (off.length > 0) children.push({ label: 'off', origin: undefined, children: off.map((o) => ({ label: o.word, origin: o.origin, children: [], off: true })) });
    if (dir !== undefined && children.length === 0) children.push({ label: '(nothing to build with this configuration)', origin: undefined, children: [] });
    draw(children, '', lines);
  }
  return `${lines.join('\n')}\n`;
}

interface Entry {
  readonly label: string;
  readonly origin: WordOrigin | undefined;
  readonly children: readonly Entry[];
  readonly off?: boolean;
}

/** A module's members: its composite object's, or its one object. */
function members(a: Analysis, obj: string, module: string): Entry[] {
  const top = a.graph.inputs(module)[0]?.id;
  if (top === undefined) return [];
  const entry = objectEntry(a, obj, top, undefined);
  return a.graph.node(top)?.kind === 'composite' ? [...entry.children] : [entry];
}

function objectEntry(a: Analysis, obj: string, id: string, origin: WordOrigin | undefined): Entry {
  const g = a.graph;
  const node = g.node(id);
  if (node?.kind === 'composite') {
    const children = g.inputs(id).map((i) => objectEntry(a, obj, i.id, i.edge.origin));
    for (const o of g.offMembers(obj, id)) children.push({ label: o.word, origin: o.origin, children: [], off: true });
    return { label: local(obj, id), origin, children };
  }
  const source = g.sourcesOf(id)[0];
  return { label: source === undefined ? local(obj, id) : `${local(obj, id)} ← ${sourceName(a, obj, source)}`, origin, children: [] };
}

function sourceName(a: Analysis, obj: string, source: string): string {
  const abs = resolve(a.directory, source);
  const dir = a.external ?? undefined;
  if (dir !== undefined) return relative(dir, abs);
  const slash = abs.lastIndexOf(`/${obj}/`);
  return slash >= 0 ? abs.slice(slash + obj.length + 2) : source;
}

function local(obj: string, path: string): string {
  return path.startsWith(`${obj}/`) ? path.slice(obj.length + 1) : path;
}

function draw(entries: readonly Entry[], indent: string, lines: string[]): void {
  entries.forEach((e, i) => {
    const last = i === entries.length - 1;
    const note = e.origin === undefined ? '' : `  ${describeOrigin(e.origin)}`;
    lines.push(`${indent}${last ? '└── ' : '├── '}${e.off ? `${e.label} (off)` : e.label}${note}`);
    draw(e.children, `${indent}${last ? '    ' : '│   '}`, lines);
  });
}

/** `[CONFIG_X=m] Makefile:6` for an edge. */
export function describeOrigin(o: WordOrigin): string {
  const configs = describeConfigs(o.configs);
  const file = o.file.slice(o.file.lastIndexOf('/') + 1);
  return `${configs === '' ? '' : `[${configs}] `}${file}:${o.line}`;
}
