/**
 * Running a build plan: each step's commands in order through an injected process runner, steps in
 * parallel as their prerequisites finish (make's `-j`), stopping after a failure unless told to
 * keep going (`-k`).
 */
import { resolvePath } from '../../eval/make/index.js';
import type { BuildStep } from './plan.js';

/** What running one command gave. */
export interface ProcessResult {
  /** The exit status; 128 + the signal number when a signal ended it. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one shell command (`/bin/sh -c command`) in `directory` with exactly `env`. The only way a
 * backend runs anything, so tests can fake it. With `output`, what the command prints goes there
 * as it comes (ninja's whole build), and the result's `stdout` and `stderr` are empty.
 */
export type ProcessRunner = ((
  command: string, directory: string, env: ReadonlyMap<string, string>, output?: (stream: 'stdout' | 'stderr', text: string) => void,
) => Promise<ProcessResult>) & {
  /**
   * Optional: runs a target's commands one after another until one fails, as the calls above
   * would, but started as one process (a step's eight kbuild lines cost one start from this
   * process instead of eight). The results of the commands that ran, in order.
   */
  readonly sequence?: (commands: readonly string[], directory: string, env: ReadonlyMap<string, string>) => Promise<ProcessResult[]>;
};

/**
 * Runs `commands` in `directory` one after another until one fails, as make runs a target's recipe
 * lines: the results of those that ran. Through the runner's `sequence` when it has one.
 */
export async function runCommands(runner: ProcessRunner, commands: readonly string[], directory: string, env: ReadonlyMap<string, string>): Promise<ProcessResult[]> {
  if (runner.sequence !== undefined && commands.length > 1) return runner.sequence(commands, directory, env);
  const results: ProcessResult[] = [];
  for (const command of commands) {
    const result = await runner(command, directory, env);
    results.push(result);
    if (result.status !== 0) break;
  }
  return results;
}

/** How to run steps. */
export interface RunOptions {
  readonly runner: ProcessRunner;
  /** How many steps may run at once (at least 1). */
  readonly jobs: number;
  /** After a failure, go on with the steps that do not depend on it. */
  readonly keepGoing: boolean;
  /**
   * What earlier runs of this build did, for steps that come again in a later stage: a step whose
   * exact commands already ran after every prerequisite last changed is skipped, as a real make
   * skips it by modification times (a dry run takes every remade prerequisite as newer).
   */
  readonly memory?: RunMemory;
  /**
   * A file's modification time (undefined when it does not exist): a step whose run left its target
   * as it was (kbuild's recipes that only print, or check and do nothing) changed nothing for the
   * steps after it, as make sees it when it looks at the file again. Without it, every run counts as a change.
   */
  readonly mtime?: (path: string) => number | undefined;
  /** Called after each command with what it printed. */
  readonly report?: (step: BuildStep, command: string, result: ProcessResult) => void;
  /**
   * Called once for each step with commands that finished: it ran (`ok` tells whether every
   * command succeeded), or it had already run since its prerequisites last changed. Not called for
   * steps without commands, nor for steps that never start because one they wait for failed.
   */
  readonly finished?: (step: BuildStep, ok: boolean) => void;
  /**
   * Removes a file. A step whose commands failed (or were stopped by a signal) after they changed
   * its target has the target removed, as make does (kbuild's `.DELETE_ON_ERROR`, and make's own
   * rule for an interrupted recipe): a later build must not take a half-made file, such as an
   * object whose `.cmd` file lacks the symbol versions a later line would have added, as up to
   * date. Needs `mtime` to tell a changed target.
   */
  readonly remove?: (path: string) => void;
  /**
   * How long a step's commands are expected to take, in any unit (only comparisons matter). With
   * more than one job, the ready step with the longest expected path to the end of the build starts
   * first (critical-path list scheduling): a long compile started last would leave the other jobs
   * idle while it finishes. Without it, or with one job, ready steps start in plan order, which is
   * make's own order.
   */
  readonly cost?: (step: BuildStep) => number;
  /**
   * Steps started before the plan was made (`startEarly`), by `stepKey`: a step of the plan with
   * the same directory, target, commands and environment takes that run's results instead of
   * running again, as if it had started then. Ready steps that have one are taken first.
   */
  readonly early?: ReadonlyMap<string, EarlyRun>;
}

/** A step started ahead of its plan (`startEarly`). */
export interface EarlyRun {
  /** The target's modification time before the step started. */
  readonly before: number | undefined;
  /** The environment its commands ran with: a step is taken only by a plan step with the same. */
  readonly env: ReadonlyMap<string, string>;
  /** Each command with what it gave, in order; the last one failed if any did. */
  readonly done: Promise<readonly (readonly [string, ProcessResult])[]>;
}

/** The key a step is matched by: its directory, its target and its exact commands (and then its environment). */
export function stepKey(step: Pick<BuildStep, 'directory' | 'target' | 'commands'>): string {
  return `${step.directory}\0${step.target}\0${step.commands.join('\n')}`;
}

/**
 * Starts a step's commands now, one after another until one fails, as `runSteps` runs them. The
 * gcc backend starts the compile of a changed source this way while kbuild is still being
 * evaluated; the plan's step then takes the results (`RunOptions.early`).
 */
export function startEarly(step: Pick<BuildStep, 'directory' | 'target' | 'commands' | 'env'>, runner: ProcessRunner, mtime?: (path: string) => number | undefined): EarlyRun {
  const before = mtime?.(resolvePath(step.directory, step.target));
  const done = runCommands(runner, step.commands, step.directory, step.env).then((results) => results.map((r, i) => [step.commands[i], r] as const));
  return { before, env: step.env, done };
}

/** When each target was last written and each command list last ran, on one clock per build. */
export interface RunMemory {
  clock: number;
  /** By directory and target. */
  readonly written: Map<string, number>;
  /** By directory, target and commands. */
  readonly ran: Map<string, number>;
}

/** A fresh memory for one build. */
export function runMemory(): RunMemory {
  return { clock: 0, written: new Map(), ran: new Map() };
}

/** What running steps gave. */
export interface RunResult {
  /** The steps whose command failed, with the failing command. */
  readonly failed: readonly { readonly step: BuildStep; readonly command: string; readonly status: number }[];
  /** Steps not run because a step they wait for failed (or, without `-k`, because the build stopped). */
  readonly skipped: number;
  /** How many commands ran. */
  readonly commands: number;
}

/**
 * Runs `steps` (as `kbuildPlan` gives them: every step after the ones it waits for) and resolves
 * once nothing more can run. Ready steps start in plan order, which is make's own order, or by
 * their expected path to the end (`cost`).
 */
export async function runSteps(steps: readonly BuildStep[], options: RunOptions): Promise<RunResult> {
  const waiting = steps.map((s) => s.after.length);
  const dependents: number[][] = steps.map(() => []);
  for (const s of steps) for (const a of s.after) dependents[a].push(s.id);
  const failed: { step: BuildStep; command: string; status: number }[] = [];
  const blocked = new Set<number>();
  let commands = 0;
  let stopped = false;
  const jobs = Math.max(1, options.jobs);
  const rank = jobs > 1 && options.cost !== undefined ? pathCosts(steps, dependents, options.cost) : undefined;
  const byPlan = rank === undefined ? (a: number, b: number): boolean => a < b : (a: number, b: number): boolean => rank[a] > rank[b] || (rank[a] === rank[b] && a < b);
  // Steps already running early come first: taking them starts nothing, and counts them among the jobs.
  const isEarly = options.early === undefined ? undefined : steps.map((s) => options.early!.has(stepKey(s)));
  const ahead = isEarly === undefined ? byPlan : (a: number, b: number): boolean => (isEarly[a] !== isEarly[b] ? isEarly[a] : byPlan(a, b));
  // Ready steps, first to start first (a binary heap would do; plans are small).
  const ready: number[] = [];
  for (const s of steps) if (s.after.length === 0) insert(ready, s.id, ahead);
  let running = 0;
  let finishedCount = 0;
  const memory = options.memory ?? runMemory();
  // When each step's output (or, for steps that run nothing, its inputs) last changed.
  const stamps = steps.map(() => 0);
  const targetKey = (s: Pick<BuildStep, 'directory' | 'target'>): string => `${s.directory}\0${s.target}`;
  const commandKey = stepKey;
  const earlyTaken = new Set<string>();
  // The early runs by target (`targetKey`): their keys are `stepKey`s, directory and target first.
  const earlyByTarget = new Map<string, EarlyRun[]>();
  for (const [key, run] of options.early ?? []) {
    const [directory, target] = key.split('\0', 2);
    const k = targetKey({ directory, target });
    earlyByTarget.set(k, [...(earlyByTarget.get(k) ?? []), run]);
  }
  const inputs = (s: BuildStep): number => Math.max(memory.written.get(targetKey(s)) ?? 0, ...s.after.map((a) => stamps[a]));
  return new Promise<RunResult>((resolve, reject) => {
    const settle = (): void => {
      if (running > 0) return;
      if (ready.length > 0 && !stopped) return;
      resolve({ failed, skipped: steps.length - finishedCount - failed.length, commands });
    };
    const done = (id: number, ok: boolean): void => {
      if (ok) finishedCount++;
      for (const d of dependents[id]) {
        if (!ok || blocked.has(id)) blocked.add(d);
        if (--waiting[d] === 0 && !blocked.has(d)) insert(ready, d, ahead);
      }
    };
    const pump = (): void => {
      while (!stopped && running < jobs && ready.length > 0) {
        const id = ready.shift()!;
        const step = steps[id];
        const last = memory.ran.get(commandKey(step));
        if (step.commands.length === 0 || (last !== undefined && last > Math.max(0, ...step.after.map((a) => stamps[a])))) {
          // Nothing to run (a phony target, a source file), or nothing changed since it ran: done at once.
          stamps[id] = inputs(step);
          if (step.commands.length > 0) options.finished?.(step, true);
          done(id, true);
          continue;
        }
        running++;
        const path = resolvePath(step.directory, step.target);
        const key = commandKey(step);
        const candidate = earlyTaken.has(key) ? undefined : options.early?.get(key);
        const early = candidate !== undefined && sameEnvironment(candidate.env, step.env) ? candidate : undefined;
        if (early !== undefined) earlyTaken.add(key);
        // An early run of the same target that this step does not take (its commands changed after
        // all) writes the same files: the step runs once it has ended, or the older commands' output
        // could land last.
        const overlapping = early === undefined ? earlyByTarget.get(targetKey(step)) : undefined;
        let before = early !== undefined ? early.before : undefined;
        const started = early !== undefined
          ? takeEarly(step, early)
          : Promise.all((overlapping ?? []).map((e) => e.done)).then(() => {
            before = options.mtime?.(path);
            return runStep(step);
          });
        started.then((ok) => {
          if (!ok && options.remove !== undefined && options.mtime !== undefined && before !== options.mtime(path) && options.mtime(path) !== undefined) {
            options.remove(path);
          }
          running--;
          if (ok) {
            const changed = options.mtime === undefined || options.mtime(path) !== before;
            const now = ++memory.clock;
            if (changed) memory.written.set(targetKey(step), now);
            memory.ran.set(commandKey(step), now);
            stamps[id] = changed ? now : inputs(step);
          }
          options.finished?.(step, ok);
          done(id, ok);
          if (!ok && !options.keepGoing) stopped = true;
          pump();
          settle();
        }, reject);
      }
      settle();
    };
    // Counts and reports one command's result; false when it failed.
    const record = (step: BuildStep, command: string, result: ProcessResult): boolean => {
      commands++;
      options.report?.(step, command, result);
      if (result.status === 0) return true;
      failed.push({ step, command, status: result.status });
      return false;
    };
    // An early run's results, reported as if the step had run now.
    const takeEarly = async (step: BuildStep, early: EarlyRun): Promise<boolean> => (await early.done).every(([command, result]) => record(step, command, result));
    const runStep = async (step: BuildStep): Promise<boolean> => (await runCommands(options.runner, step.commands, step.directory, step.env)).every((r, i) => record(step, step.commands[i], r));
    pump();
  });
}

/** Whether two recipe environments hold the same variables with the same values. */
function sameEnvironment(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (b.get(name) !== value) return false;
  return true;
}

/** Inserts `id` into `ready`, kept sorted so that `before(a, b)` holds for every `a` ahead of `b`. */
function insert(ready: number[], id: number, before: (a: number, b: number) => boolean): void {
  let i = ready.length;
  while (i > 0 && before(id, ready[i - 1])) i--;
  ready.splice(i, 0, id);
}

/**
 * For each step, its cost plus the largest such sum among the steps that wait for it: the expected
 * time from its start to the end of the build. Steps are visited depth first along `dependents`
 * (a plan has no cycles; a step met again while it is being visited counts as 0).
 */
function pathCosts(steps: readonly BuildStep[], dependents: readonly number[][], cost: (step: BuildStep) => number): number[] {
  const total: (number | undefined)[] = steps.map(() => undefined);
  const visiting = new Set<number>();
  const visit = (root: number): void => {
    // An explicit stack: a chain of steps can be long.
    const stack: [number, number][] = [[root, 0]];
    visiting.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [id, next] = top;
      if (next < dependents[id].length) {
        top[1]++;
        const d = dependents[id][next];
        if (total[d] === undefined && !visiting.has(d)) {
          visiting.add(d);
          stack.push([d, 0]);
        }
        continue;
      }
      let longest = 0;
      for (const d of dependents[id]) longest = Math.max(longest, total[d] ?? 0);
      total[id] = cost(steps[id]) + longest;
      visiting.delete(id);
      stack.pop();
    }
  };
  for (const s of steps) if (total[s.id] === undefined) visit(s.id);
  return total.map((t) => t ?? 0);
}
