/**
 * The `ninja` backend: the plan of a whole clean build (`cleanBuildPlan`) written down as a
 * `build.ninja` in the module's directory (one edge per kbuild step, depfiles from fixdep's `.cmd`
 * files, `restat`, a regeneration edge), then Debian's `ninja` run on it. build.ninja is planned
 * again only when the options or environment changed; ninja itself regenerates it when a file the
 * plan read changed.
 */
import { createHash } from 'node:crypto';
import { diagnostic, renderDiagnostic, span, type DiagnosticCode, type HostStat } from '../../base/index.js';
import { resolvePath } from '../../eval/make/index.js';
import type { BuildBackend, BuildOptions, BuildResult } from './backends.js';
import { ninjaText, ninjaWritable, shellWord, type NinjaEdge, type NinjaFile, type NinjaVariable } from './ninja-text.js';
import type { BuildStep } from './plan.js';
import { cleanBuildPlan, type CleanPlan } from './planning.js';

/** What the ninja backend needs beyond every backend's options. */
export interface NinjaOptions {
  /** Writes a file atomically (build.ninja); throws what writing throws. */
  readonly write: (path: string, text: string) => void;
  /** The command that runs kbuild-graph (`node` and its script), for build.ninja's regeneration edge. */
  readonly self: readonly string[];
  /** Plan and write build.ninja even when it is up to date, and do not run ninja (what the regeneration edge runs). */
  readonly generate: boolean;
}

/** How the manifest is made: where, and how build.ninja is made again. */
export interface ManifestOptions {
  /** The module's directory (`M=`): where build.ninja is and ninja runs. */
  readonly outdir: string;
  /** The lines of the leading comment (the options stamp among them). */
  readonly comments: readonly string[];
  /** The regeneration edge's command (plain shell text), and the files it runs besides those the plan read (kbuild-graph's script). */
  readonly regenerate: string;
  readonly regenerateInputs: readonly string[];
  /** What is at a path now (sources are files; a directory is never an input). */
  readonly stat: (path: string) => HostStat | undefined;
  /** The environment ninja runs in (the build's own), against which each step's make environment is written as a change. */
  readonly env: ReadonlyMap<string, string>;
}

/** The file name, in the module's directory. */
const manifestName = 'build.ninja';

/**
 * The plan as a ninja file: each step with commands is an edge whose output is its target (or a
 * stamp file for a phony target), whose explicit inputs are its non-phony prerequisites and whose
 * order-only inputs are the steps it waits for in make's order (through a `phony` edge per phony
 * step); a step that runs fixdep gets a depfile from its `.cmd` file; modpost's `.mod.c` files are
 * implicit outputs of its edge. Returns the paths ninja cannot name instead, when there are any.
 */
export function ninjaManifest(plan: CleanPlan, options: ManifestOptions): { readonly file: NinjaFile } | { readonly unnamable: readonly string[] } {
  const steps = plan.steps;
  const pathOf = (s: BuildStep): string => resolvePath(s.directory, s.target);
  // Which command step makes each file: the last one (an earlier part, before a sub-make, gets a stamp).
  const owner = new Map<string, number>();
  for (const s of steps) if (s.commands.length > 0 && s.phony !== true) owner.set(pathOf(s), s.id);
  const extraOwner = new Map<string, number>();
  for (const [path, extras] of plan.extraOutputs) {
    const id = owner.get(path);
    if (id !== undefined) for (const e of extras) if (!owner.has(e)) extraOwner.set(e, id);
  }
  const stamps = new Map<number, string>();
  const stampNames = new Set<string>();
  const stampOf = (s: BuildStep): string => {
    let name = `${options.outdir}/.${s.target.replace(/[^A-Za-z0-9_.-]/g, '_')}.ninja-stamp`;
    if (stampNames.has(name)) name = name.replace(/\.ninja-stamp$/, `.${s.id}.ninja-stamp`);
    stampNames.add(name);
    return name;
  };
  for (const s of steps) if (s.commands.length > 0 && (s.phony === true || owner.get(pathOf(s)) !== s.id)) stamps.set(s.id, stampOf(s));

  const edges: NinjaEdge[] = [];
  // The ninja node a step stands for, if any: its output, a source file, or a phony edge over what it waits for.
  const nodes = new Map<number, string | undefined>();
  const node = (id: number): string | undefined => {
    if (nodes.has(id)) return nodes.get(id);
    nodes.set(id, undefined);
    const s = steps[id];
    let n: string | undefined;
    if (s.commands.length > 0) n = stamps.get(id) ?? pathOf(s);
    else if (s.phony !== true && (owner.has(pathOf(s)) || extraOwner.has(pathOf(s)) || options.stat(pathOf(s))?.kind === 'file')) n = pathOf(s);
    else {
      const inner = waitsFor(s);
      if (inner.length > 0) {
        n = `kbuild-graph/step-${id}`;
        edges.push({ outputs: [n], rule: 'phony', inputs: inner });
      }
    }
    nodes.set(id, n);
    return n;
  };
  const waitsFor = (s: BuildStep): string[] => [...new Set(s.after.map(node).filter((n): n is string => n !== undefined))];

  // A step's commands run in ninja's own environment (the one the build was planned in) with
  // what that step's make changed in it: make's exports, MAKEFLAGS, MAKELEVEL, its unexports. Only
  // those changes are command text, so a variable make does not touch (`_`, `OLDPWD`) changes no
  // command and rebuilds nothing, as under kbuild, whose `.cmd` files compare commands only.
  const environments = new Map<string, string>();
  const variables: NinjaVariable[] = [];
  const environment = (env: ReadonlyMap<string, string>): string => {
    const value = environmentChange(options.env, env);
    let name = environments.get(value);
    if (name === undefined) {
      name = `env_${environments.size}`;
      environments.set(value, name);
      variables.push({ name, value });
    }
    return name;
  };
  const dollars = (t: string): string => t.replace(/\$/g, '$$$$');

  for (const s of steps) {
    if (s.commands.length === 0) continue;
    const output = node(s.id)!;
    const inputs = [...new Set((s.inputs ?? []).filter((i) => steps[i].phony !== true).map(node).filter((n): n is string => n !== undefined && n !== output))];
    const implicitOutputs = stamps.has(s.id) ? [] : [...extraOwner].filter(([, id]) => id === s.id).map(([e]) => e);
    const own = new Set([output, ...implicitOutputs, ...inputs]);
    const orderOnly = waitsFor(s).filter((n) => !own.has(n));
    const commands = [...s.commands];
    const depfile = fixdepRecord(s);
    const vars: NinjaVariable[] = [];
    if (depfile !== undefined) {
      commands.push(depfileCommand(output, depfile.record, s.directory, depfile.depfile));
      vars.push({ name: 'depfile', value: depfile.depfile });
    }
    const run = commands.length === 1
      ? `/bin/sh -c ${shellWord(commands[0])}`
      : `/bin/sh -c ${shellWord('for c; do /bin/sh -c "$c" || exit; done')} sh ${commands.map(shellWord).join(' ')}`;
    const stamp = stamps.get(s.id);
    const cmd = `${dollars(`cd ${shellWord(s.directory)} && env `)}$${environment(s.env)}${dollars(` ${run}${stamp === undefined ? '' : ` && : > ${shellWord(stamp)}`}`)}`;
    vars.unshift({ name: 'cmd', value: cmd, raw: true });
    edges.push({ outputs: [output], implicitOutputs, rule: depfile === undefined ? 'kbuild' : 'kbuild_dep', inputs, orderOnly, variables: vars });
  }
  edges.push({ outputs: [manifestName], rule: 'regenerate', implicitInputs: [...new Set([...plan.reads, ...options.regenerateInputs])].filter((r) => options.stat(r)?.kind === 'file'), variables: [{ name: 'cmd', value: options.regenerate }] });

  const unnamable = edges.flatMap((e) => [...e.outputs, ...(e.implicitOutputs ?? []), ...(e.inputs ?? []), ...(e.implicitInputs ?? []), ...(e.orderOnly ?? [])]).filter((p) => !ninjaWritable(p));
  if (unnamable.length > 0) return { unnamable: [...new Set(unnamable)] };
  return {
    file: {
      comments: options.comments,
      variables,
      rules: [
        { name: 'kbuild', variables: [['command', '$cmd'], ['restat', '1']] },
        { name: 'kbuild_dep', variables: [['command', '$cmd'], ['depfile', '$depfile'], ['deps', 'gcc'], ['restat', '1']] },
        { name: 'regenerate', variables: [['command', '$cmd'], ['generator', '1'], ['restat', '1'], ['description', 'kbuild-graph: regenerating build.ninja']] },
      ],
      edges,
    },
  };
}

/**
 * `env` arguments that turn `base` into `env`: `-u NAME` for each variable `env` lacks, then
 * `NAME=VALUE` for each one it adds or changes, as shell words.
 */
export function environmentChange(base: ReadonlyMap<string, string>, env: ReadonlyMap<string, string>): string {
  const words: string[] = [];
  for (const name of base.keys()) if (!env.has(name)) words.push(`-u ${shellWord(name)}`);
  for (const [name, value] of env) if (base.get(name) !== value) words.push(shellWord(`${name}=${value}`));
  return words.join(' ');
}

/**
 * Where a step's commands have kbuild's fixdep record the compiler's dependencies
 * (`scripts/basic/fixdep DEPFILE TARGET 'CMD' > RECORD`, kbuild's `cmd_and_fixdep`), and the
 * depfile for ninja beside it.
 */
function fixdepRecord(s: BuildStep): { readonly record: string; readonly depfile: string } | undefined {
  for (const c of s.commands) {
    const m = /(?:^|[\s;&|])\S*scripts\/basic\/fixdep\s+\S+\s+\S+\s+'(?:[^']|'\\'')*'\s*>\s*([^\s;&|]+)/.exec(c);
    if (m !== null) {
      const record = resolvePath(s.directory, m[1]);
      return { record, depfile: record.replace(/(\.cmd)?$/, '.ninja.d') };
    }
  }
  return undefined;
}

/**
 * The command that turns fixdep's record (the `deps_<target> := \` block of the `.cmd` file) into
 * a depfile ninja reads (`deps = gcc`): each file, made absolute from the command's directory, and
 * each `$(wildcard F)` that exists now, as make would take it.
 */
function depfileCommand(output: string, record: string, directory: string, depfile: string): string {
  const program = [
    'BEGIN { printf "%s:", t }',
    '/^deps_/ { on = 1; next }',
    'on && /^$/ { exit }',
    'on {',
    '  sub(/ *\\\\$/, ""); sub(/^ +/, "")',
    '  if ($0 ~ /^\\$\\(wildcard /) { f = substr($0, 12, length($0) - 12); if ((getline x < f) < 0) next; close(f); $0 = f }',
    '  if ($0 !~ /^\\//) $0 = d "/" $0',
    '  printf " \\\\\\n  %s", $0',
    '}',
    'END { print "" }',
  ].join('\n');
  return `awk -v t=${shellWord(output)} -v d=${shellWord(directory)} ${shellWord(program)} ${shellWord(record)} > ${shellWord(depfile)}`;
}

/** What ninja prints when it finds everything up to date (with `--quiet` too). */
const noWorkToDo = 'ninja: no work to do.\n';

/** The stamp that says which options and environment a build.ninja was written for. */
export function optionsStamp(options: BuildOptions, ninja: NinjaOptions): string {
  const identity = JSON.stringify({
    format: 1, self: ninja.self, directory: options.directory, variables: options.variables, env: [...options.env].sort(),
  });
  return `options ${createHash('sha256').update(identity).digest('hex')}`;
}

/** The `M=` directory: where build.ninja goes. */
function moduleDirectory(options: BuildOptions): string | undefined {
  return options.variables.findLast(([n]) => n === 'M')?.[1];
}

function report(options: BuildOptions, code: DiagnosticCode, message: string): BuildResult {
  options.print('stderr', `${renderDiagnostic(diagnostic(code, 'error', message, span('kbuild-graph', 0)), undefined)}\n`);
  return { status: 2, stages: 0, commands: 0 };
}

/**
 * `ninja`: writes build.ninja in the module's directory when it is missing or was written for
 * other options (or always, with `generate`), then runs `ninja -C DIR` on it (unless `generate`).
 */
export const ninjaBackend: BuildBackend = {
  name: 'ninja',
  async build(options) {
    const ninja = options.ninja;
    if (ninja === undefined) return report(options, 'B003', 'the ninja backend was given no way to write build.ninja');
    const outdir = moduleDirectory(options);
    if (outdir === undefined) return report(options, 'B002', 'the ninja backend builds external modules only (M=DIR)');
    const path = `${outdir}/${manifestName}`;
    const stamp = optionsStamp(options, ninja);
    const existing = options.host.readFile(path);
    const old = existing === undefined ? undefined : Buffer.from(existing).toString('utf8');
    let stages = 0;
    if (ninja.generate || old === undefined || !old.slice(0, 1000).split('\n').includes(`# ${stamp}`)) {
      stages = 1;
      const plan = cleanBuildPlan({ ...options, outputs: outdir });
      if (plan.status !== 0) {
        for (const l of plan.messages) options.print('stderr', l.text);
        return report(options, 'B002', "kbuild's dry run of a clean build did not get through; see make's messages above");
      }
      const regenerate = `cd ${shellWord(outdir)} && env -i ${[...options.env].map(([k, v]) => shellWord(`${k}=${v}`)).join(' ')} ${[
        ...ninja.self, 'build', `M=${outdir}`, '--kernel', options.directory,
        ...options.variables.filter(([n]) => n !== 'M').map(([n, v]) => `${n}=${v}`), '--backend', 'ninja', '--generate',
      ].map(shellWord).join(' ')}`;
      const manifest = ninjaManifest(plan, {
        outdir,
        comments: [`written by kbuild-graph for make -C ${options.directory} M=${outdir}; regenerated by ninja when a file the plan read changes`, stamp],
        regenerate,
        regenerateInputs: ninja.self.slice(1),
        stat: (p) => options.host.stat(p),
        env: options.env,
      });
      if ('unnamable' in manifest) return report(options, 'B002', `ninja cannot name these paths: ${manifest.unnamable.join(', ')}`);
      const text = ninjaText(manifest.file);
      // An unchanged file is left as it was: the regeneration edge is `restat`.
      if (text !== old) {
        try {
          ninja.write(path, text);
        } catch (e) {
          return report(options, 'B003', `cannot write ${path}: ${(e as Error).message}`);
        }
      }
    }
    if (ninja.generate) return { status: 0, stages, commands: 0 };
    const argv = ['ninja', '-C', outdir, '-j', String(options.jobs), '--quiet', ...(options.keepGoing ? ['-k', '0'] : [])];
    const result = await options.runner(argv.map(shellWord).join(' '), outdir, options.env, options.print);
    if (result.status === 127) return report(options, 'B001', `no ninja to run ${path} (install Debian's ninja-build)`);
    const check = { argv: [...argv, '-n'], directory: outdir, env: options.env, noWork: noWorkToDo };
    return { status: result.status === 0 ? 0 : 2, stages, commands: 1, check };
  },
};
