/**
 * The build backends behind one interface: `gcc` runs kbuild's commands directly (a clean build
 * from one plan, a rebuild stage by stage);
 * `dry-run` prints the commands of the first stage, as `make -n` would; `ninja` (`ninja.ts`)
 * writes the whole build down for ninja.
 */
import type { Host, HostStat, ShellResult } from '../../base/index.js';
import { resolvePath, shellCacheKey, type ParsedMakefile, type ShellCacheStore } from '../../eval/make/index.js';
import { ninjaBackend, type NinjaOptions } from './ninja.js';
import { commandRecord, kbuildPlan, leavesFilesAlone, type BuildPlan, type BuildStep } from './plan.js';
import { cleanBuildPlan, type CleanPlan } from './planning.js';
import { runMemory, runSteps, startEarly, stepKey, type EarlyRun, type ProcessResult, type ProcessRunner, type RunMemory } from './run.js';

/** What every backend takes. */
export interface BuildOptions {
  readonly host: Host;
  /** The kernel headers (build) dir: `make -C`. */
  readonly directory: string;
  /** `VAR=VALUE` for kbuild, `M=` (absolute) among them. */
  readonly variables: readonly (readonly [string, string])[];
  /** The environment make starts with (no `MAKEFLAGS`, no `MAKELEVEL`). */
  readonly env: ReadonlyMap<string, string>;
  readonly runner: ProcessRunner;
  /** `-j N`. */
  readonly jobs: number;
  /** `-k`. */
  readonly keepGoing: boolean;
  /** Where the backend's messages and the commands' output go. */
  readonly print: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Told how many steps each stage plans and when each finishes (a status line's `[done/total]`). */
  readonly progress?: BuildProgress;
  /** What the `ninja` backend needs: how to write build.ninja and to run kbuild-graph again. */
  readonly ninja?: NinjaOptions;
  /** Removes a file: a target that a failed or stopped step had changed (as make deletes it). */
  readonly remove?: (path: string) => void;
  /**
   * Where answers of kbuild's compiler checks are kept between builds (the `gcc` backend asks it
   * before running a check, and tells it each answer). It answers only while nothing a check
   * depends on changed; without it, the checks run once per build.
   */
  readonly checks?: ShellCacheStore;
  /**
   * Steps of the last build to start at once, before kbuild is evaluated (the `gcc` backend's
   * rebuilds; at most `jobs` of them): the compiles of sources that changed when nothing else did.
   * A step of the first plan with the same directory, target, commands and environment takes their
   * results; the plan itself sees their files as they were before they started.
   */
  readonly early?: readonly SavedStep[];
}

/** A step with commands that compiles one source file, as a build saves it for the next (`BuildResult.compiles`). */
export interface SavedStep {
  readonly directory: string;
  readonly target: string;
  readonly env: ReadonlyMap<string, string>;
  readonly commands: readonly string[];
  /** Its first normal prerequisite (make's `$<`), absolute. */
  readonly source: string;
}

/**
 * What a backend tells about its progress. The total is the sum of the steps with commands of the
 * stages planned so far: each stage's dry run adds its own, including the steps the stage before
 * already ran (they come again and finish at once).
 */
export interface BuildProgress {
  /** A stage's plan is ready, with `steps` steps that have commands. */
  stage(steps: number): void;
  /** A step with commands finished: it ran (`ok`: without a failure), or had nothing left to do. */
  finished(step: BuildStep, ok: boolean): void;
}

/** What a build gave. */
export interface BuildResult {
  /** 0 when everything was built, 2 otherwise (make's status). */
  readonly status: number;
  /** How many dry runs of kbuild (stages) it took. */
  readonly stages: number;
  /** How many commands ran. */
  readonly commands: number;
  /**
   * The `ninja` backend's dry run (`ninja -n` with the build's own options), with where and in
   * what environment it ran: a later build with the same options and environment finds out from it
   * alone whether ninja has any work to do (`noWork` in the output means none).
   */
  readonly check?: { readonly argv: readonly string[]; readonly directory: string; readonly env: ReadonlyMap<string, string>; readonly noWork: string };
  /** The `gcc` backend's compile steps with commands, from every plan of this build (a later one wins). */
  readonly compiles?: readonly SavedStep[];
}

/** A build backend. */
export interface BuildBackend {
  readonly name: 'gcc' | 'dry-run' | 'ninja';
  build(options: BuildOptions): Promise<BuildResult>;
}

/**
 * kbuild's dry run of `modules` stops where a stage needs what the one before makes (modpost needs
 * `modules.order`, the final link the `.mod.c` files modpost writes). Stages repeat until a dry run
 * gets through and finds nothing left to do; more than this means something is wrong.
 */
const maxStages = 6;

/**
 * `gcc`: a clean build (no output of an earlier build in the module's directory) runs the plan of
 * the whole build that one dry run gives (`cleanBuildPlan`, which the ninja backend writes down).
 * A rebuild goes stage by stage: each stage is a dry run of kbuild whose commands are then run, so
 * that the next dry run sees their files (and kbuild's `.cmd` files make finished targets `:`).
 */
export const gccBackend: BuildBackend = {
  name: 'gcc',
  async build(options) {
    const parsed = new Map<string, ParsedMakefile>();
    const memory = runMemory();
    const output = options.variables.findLast(([n]) => n === 'M')?.[1];
    // kbuild's compiler checks give the same answers in every stage.
    const host = rememberingChecks(options.host, output, options.checks);
    let commands = 0;
    let previous: string | undefined;
    let previousRun: string | undefined;
    let before = snapshot(options.host, output);
    const compiles = new Map<string, SavedStep>();
    if (output !== undefined && isClean(before)) {
      const plan = cleanBuildPlan({ ...options, host, parsed, outputs: output });
      // A plan that does not get through is left to the stages, whose messages say where kbuild stops.
      if (plan.status === 0) {
        options.progress?.stage(plan.steps.filter((s) => s.commands.length > 0).length);
        saveCompiles(compiles, options.host, plan.steps);
        const result = await run(options, orderedByOutputs(plan), memory, new Set());
        return { status: result.failed ? 2 : 0, stages: 1, commands: result.commands, compiles: [...compiles.values()] };
      }
    }
    // The early steps' files, as the first dry run sees them: as they were before the steps started.
    // At most -j of them: the rest run when the plan gets to them.
    const starting = (options.early ?? []).slice(0, Math.max(1, options.jobs));
    const frozen = frozenFiles(options.host, starting);
    const early = new Map<string, EarlyRun>(starting.map((s) => [stepKey(s), startEarly(s, options.runner, (path) => options.host.stat(path)?.mtimeMs)]));
    try {
      for (let stage = 1; stage <= maxStages; stage++) {
        const plan = kbuildPlan({ ...options, host: stage === 1 ? frozenView(host, frozen) : host, parsed, asRun: true });
        options.progress?.stage(plan.steps.filter((s) => s.commands.length > 0).length);
        saveCompiles(compiles, options.host, plan.steps);
        if (stage > 1) before = snapshot(options.host, output);
        // The files the steps that ran were planned to write: their targets, and kbuild's record of each target's command.
        const planned = new Set<string>();
        const result = await run(options, plan.steps, memory, planned, stage === 1 ? early : undefined);
        commands += result.commands;
        // An early step that no step took still changes files: the next dry run must see them.
        if (stage === 1) await Promise.all([...early.values()].map((e) => e.done));
        if (result.failed) return { status: 2, stages: stage, commands };
        // Done once a dry run gets through and its commands changed no file in the module's
        // directory but those the plan knew they would write (so took as remade). Otherwise the next
        // dry run looks again: a command may have changed a file no rule names (modpost's `.mod.c`
        // files), which a real make would have seen when it got to it. Commands that come back in
        // every dry run (a phony target's) do not keep it going.
        if (plan.status === 0) {
          const ran = plan.sequence.join('\n');
          if (changes(before, snapshot(options.host, output)).every((path) => planned.has(path)) || ran === previousRun) {
            return { status: 0, stages: stage, commands, compiles: [...compiles.values()] };
          }
          previousRun = ran;
          continue;
        }
        // A stage that stops where the one before stopped made nothing new: make's messages say why.
        const messages = plan.messages.map((l) => l.text).join('');
        if (messages === previous) {
          options.print('stderr', messages);
          return { status: 2, stages: stage, commands };
        }
        previous = messages;
      }
      options.print('stderr', `kbuild-graph: kbuild's dry run did not get through in ${maxStages} stages\n`);
      return { status: 2, stages: maxStages, commands };
    } finally {
      // An early step that no step of the plan took (its commands changed after all) still ends
      // before the build does; the plan's own step has run (or not) with the plan's commands.
      await Promise.all([...early.values()].map((e) => e.done));
    }
  },
};

/**
 * Adds the compile steps of `steps` to `out` by target: steps with commands whose first normal
 * prerequisite is a file no step makes (make's `$<`, the source).
 */
function saveCompiles(out: Map<string, SavedStep>, host: Host, steps: readonly BuildStep[]): void {
  for (const step of steps) {
    const source = step.commands.length === 0 ? undefined : sourceOf(step, steps);
    if (source === undefined) continue;
    const path = resolvePath(source.directory, source.target);
    if (host.stat(path)?.kind !== 'file') continue;
    // As a rebuild's plan has them (`asRun`): without the lines that change no file (a clean
    // plan keeps kbuild's trap-only lines), so that the plan's step has the same commands.
    const commands = step.commands.filter((c) => !leavesFilesAlone(c));
    out.set(resolvePath(step.directory, step.target), { directory: step.directory, target: step.target, env: step.env, commands, source: path });
  }
}

/** What the first dry run of a build with early steps sees of the files those steps write. */
interface FrozenFiles {
  /** Each target's and `.X.cmd` file's state. */
  readonly stats: ReadonlyMap<string, { stat: HostStat | undefined; lstat: HostStat | undefined }>;
  /** The text of each `.X.cmd` file, which make includes. make reads only a target's times, never its bytes. */
  readonly records: ReadonlyMap<string, Uint8Array | undefined>;
  readonly listings: ReadonlyMap<string, readonly string[] | undefined>;
}

/**
 * The state, before they start, of the files early steps write: each target, kbuild's record of
 * its command (`.X.cmd`), and the listing of its directory (the compiler's dependency file comes
 * and goes there while it runs).
 */
function frozenFiles(host: Host, steps: readonly SavedStep[]): FrozenFiles {
  const stats = new Map<string, { stat: HostStat | undefined; lstat: HostStat | undefined }>();
  const records = new Map<string, Uint8Array | undefined>();
  const listings = new Map<string, readonly string[] | undefined>();
  for (const step of steps) {
    const target = resolvePath(step.directory, step.target);
    const record = commandRecord(target);
    for (const path of [target, record]) {
      const stat = host.stat(path);
      stats.set(path, { stat, lstat: host.lstat?.(path) ?? stat });
    }
    records.set(record, stats.get(record)!.stat?.kind === 'file' ? host.readFile(record) : undefined);
    const dir = target.slice(0, target.lastIndexOf('/')) || '/';
    if (!listings.has(dir)) listings.set(dir, host.readDirectory(dir));
  }
  return { stats, records, listings };
}

/** `host`, with the frozen files' answers in place of the files' own. */
function frozenView(host: Host, frozen: FrozenFiles): Host {
  if (frozen.stats.size === 0) return host;
  return {
    ...host,
    stat: (path) => (frozen.stats.has(path) ? frozen.stats.get(path)!.stat : host.stat(path)),
    lstat: (path) => (frozen.stats.has(path) ? frozen.stats.get(path)!.lstat : (host.lstat ?? host.stat)(path)),
    readFile: (path) => (frozen.records.has(path) ? frozen.records.get(path) : host.readFile(path)),
    readDirectory: (path) => (frozen.listings.has(path) ? frozen.listings.get(path) : host.readDirectory(path)),
  };
}

/**
 * Runs `steps` as the gcc backend does: what the commands print is shown, a failure is reported
 * with its command, and the files the steps that ran were planned to write (their targets and
 * kbuild's records of their commands) are added to `planned`.
 */
async function run(options: BuildOptions, steps: readonly BuildStep[], memory: RunMemory, planned: Set<string>, early?: ReadonlyMap<string, EarlyRun>): Promise<{ failed: boolean; commands: number }> {
  const result = await runSteps(steps, {
    runner: options.runner, jobs: options.jobs, keepGoing: options.keepGoing, memory, early,
    mtime: (path) => options.host.stat(path)?.mtimeMs,
    report: (step, _command, r) => {
      const target = resolvePath(step.directory, step.target);
      planned.add(target);
      planned.add(commandRecord(target));
      show(options, r);
    },
    finished: options.progress?.finished.bind(options.progress),
    cost: stepCost(options.host, steps),
    remove: options.remove === undefined ? undefined : (path) => {
      options.print('stderr', `kbuild-graph: *** Deleting file '${path}'\n`);
      options.remove!(path);
    },
  });
  for (const f of result.failed) options.print('stderr', `kbuild-graph: *** [${f.step.target}] Error ${f.status}\n  command: ${f.command}\n`);
  return { failed: result.failed.length > 0, commands: result.commands };
}

/**
 * What a step is expected to cost, for the order in which ready steps start: a step with commands
 * costs a fixed part (starting the compiler and reading the kernel headers every object includes)
 * plus the size of its first normal prerequisite that no step makes (make's `$<`: the source a
 * compile reads). With gcc-12 on net/openvswitch a compile took about 0.6 s plus 1.1 s per 100 KB
 * of source (0.6 s for the 2 KB `dp_notify.c`, 1.8 s for the 103 KB `flow_netlink.c`).
 */
function stepCost(host: Host, steps: readonly BuildStep[]): (step: BuildStep) => number {
  const fixed = 55_000;
  return (step) => {
    if (step.commands.length === 0) return 0;
    const source = sourceOf(step, steps);
    return fixed + (source === undefined ? 0 : host.stat(resolvePath(source.directory, source.target))?.size ?? 0);
  };
}

/** The step of `step`'s first normal prerequisite (make's `$<`) when no step makes that file: its source. */
function sourceOf(step: BuildStep, steps: readonly BuildStep[]): BuildStep | undefined {
  const first = step.inputs?.[0];
  const source = first === undefined ? undefined : steps[first];
  return source === undefined || source.commands.length > 0 || source.phony === true ? undefined : source;
}

/** Whether a snapshot of the module's directory holds no output of an earlier build: no kbuild record of a command (`.X.cmd`). */
function isClean(files: ReadonlyMap<string, number>): boolean {
  for (const path of files.keys()) if (/\/\.[^/]+\.cmd$/.test(path)) return false;
  return true;
}

/**
 * The clean plan's steps, where a step for a file that another step writes besides its target
 * (a `.mod.c`, written by modpost) also waits for that step, as ninja's implicit outputs order them.
 */
function orderedByOutputs(plan: CleanPlan): BuildStep[] {
  const writer = new Map<string, number>();
  for (const s of plan.steps) {
    const extras = s.commands.length > 0 ? plan.extraOutputs.get(resolvePath(s.directory, s.target)) : undefined;
    for (const e of extras ?? []) writer.set(e, s.id);
  }
  return plan.steps.map((s) => {
    const w = writer.get(resolvePath(s.directory, s.target));
    return w === undefined || w === s.id || s.after.includes(w) ? s : { ...s, after: [...s.after, w] };
  });
}

/** `dry-run`: the commands of the first stage, in make's order. */
export const dryRunBackend: BuildBackend = {
  name: 'dry-run',
  async build(options) {
    const plan: BuildPlan = kbuildPlan(options);
    let commands = 0;
    for (const c of plan.sequence) {
      options.print('stdout', `${c}\n`);
      commands++;
    }
    if (plan.status !== 0) {
      options.print('stderr', 'kbuild-graph: the later stages (modpost, the .mod.c compiles, the final link) need the files this stage makes; a dry run stops here, as make -n does\n');
    }
    return { status: 0, stages: 1, commands };
  },
};

/**
 * The host, where a command that names no file of the module's directory `dir` (a compiler check,
 * `uname -m`) runs once per build: later stages get its first answer, and with `kept`, later
 * builds too, while what it depends on is unchanged. Commands that name files
 * there (`cat modules.order`) read what the stage before made, and run each time. The checks'
 * temporary files there (`.tmp_$$`, named by the shell's process id) do not count.
 */
function rememberingChecks(host: Host, dir: string | undefined, kept: ShellCacheStore | undefined): Host {
  const answers = new Map<string, ShellResult | undefined>();
  return {
    ...host,
    shell(command, cwd, env) {
      if (dir === undefined || namesFileIn(command, dir)) return host.shell(command, cwd, env);
      const key = shellCacheKey(command, cwd, env);
      // An answer given again ran nothing (`replayed`): what the dry run knows of the files still holds.
      if (answers.has(key)) {
        const again = answers.get(key);
        return again === undefined ? undefined : { ...again, replayed: true };
      }
      let answer = kept?.get(key);
      if (answer === undefined) {
        answer = host.shell(command, cwd, env);
        if (answer !== undefined) kept?.set(key, answer);
      } else {
        answer = { ...answer, replayed: true };
      }
      answers.set(key, answer);
      return answer;
    },
  };
}

/** Whether `command` names a path in `dir` (or `dir` itself), other than a temporary one (with `$$`). */
function namesFileIn(command: string, dir: string): boolean {
  for (let at = command.indexOf(dir); at >= 0; at = command.indexOf(dir, at + 1)) {
    const next = command[at + dir.length];
    if (next !== undefined && next !== '/' && !/[\s'";|&<>()]/.test(next)) continue;
    const path = /^[^\s'";|&<>()]*/.exec(command.slice(at))![0];
    if (!path.includes('$$')) return true;
  }
  return false;
}

/** Every file under `dir` (all of it but the sources, which no build command changes) with its modification time. */
function snapshot(host: Host, dir: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string): void => {
    for (const name of host.readDirectory(d) ?? []) {
      const path = `${d}/${name}`;
      const s = host.stat(path);
      if (s?.kind === 'directory') walk(path);
      else if (s !== undefined) out.set(path, s.mtimeMs);
    }
  };
  if (dir !== undefined) walk(dir);
  return out;
}

/** The paths made, changed or removed between two snapshots. */
function changes(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): string[] {
  const out = [...a].filter(([path, mtime]) => b.get(path) !== mtime).map(([path]) => path);
  for (const path of b.keys()) if (!a.has(path)) out.push(path);
  return out;
}

function show(options: BuildOptions, r: ProcessResult): void {
  if (r.stdout !== '') options.print('stdout', r.stdout);
  if (r.stderr !== '') options.print('stderr', r.stderr);
}

/** The backends by name. */
export const backends: ReadonlyMap<string, BuildBackend> = new Map([gccBackend, dryRunBackend, ninjaBackend].map((b) => [b.name, b]));

export type { BuildStep };
