/**
 * The build backends behind one interface: `gcc` runs kbuild's commands directly, stage by stage;
 * `dry-run` prints the commands of the first stage, as `make -n` would; `ninja` (`ninja.ts`)
 * writes the whole build down for ninja.
 */
import type { Host } from '../../base/index.js';
import type { ParsedMakefile } from '../../eval/make/index.js';
import { ninjaBackend, type NinjaOptions } from './ninja.js';
import { kbuildPlan, type BuildPlan, type BuildStep } from './plan.js';
import { runMemory, runSteps, type ProcessResult, type ProcessRunner } from './run.js';

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
  /** What the `ninja` backend needs: how to write build.ninja and to run kbuild-graph again. */
  readonly ninja?: NinjaOptions;
}

/** What a build gave. */
export interface BuildResult {
  /** 0 when everything was built, 2 otherwise (make's status). */
  readonly status: number;
  /** How many dry runs of kbuild (stages) it took. */
  readonly stages: number;
  /** How many commands ran. */
  readonly commands: number;
}

/** A build backend. */
export interface BuildBackend {
  readonly name: 'gcc' | 'dry-run' | 'ninja';
  build(options: BuildOptions): Promise<BuildResult>;
}

/**
 * kbuild's dry run of `modules` stops where a stage needs what the one before makes (modpost needs
 * `modules.order`, the final link the `.mod.c` files modpost writes). Stages repeat until a dry run
 * gets through; more than this means something is wrong.
 */
const maxStages = 6;

/**
 * `gcc`: each stage is a dry run of kbuild whose commands are then run, so that the next dry run
 * sees their files (and kbuild's `.cmd` files make finished targets `:`, as in a rebuild).
 */
export const gccBackend: BuildBackend = {
  name: 'gcc',
  async build(options) {
    const parsed = new Map<string, ParsedMakefile>();
    const memory = runMemory();
    let commands = 0;
    let previous: string | undefined;
    for (let stage = 1; stage <= maxStages; stage++) {
      const plan = kbuildPlan({ ...options, parsed });
      const result = await runSteps(plan.steps, {
        runner: options.runner, jobs: options.jobs, keepGoing: options.keepGoing, memory,
        mtime: (path) => options.host.stat(path)?.mtimeMs,
        report: (_step, _command, r) => show(options, r),
      });
      commands += result.commands;
      if (result.failed.length > 0) {
        for (const f of result.failed) options.print('stderr', `kbuild-graph: *** [${f.step.target}] Error ${f.status}\n  command: ${f.command}\n`);
        return { status: 2, stages: stage, commands };
      }
      if (plan.status === 0) return { status: 0, stages: stage, commands };
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
  },
};

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

function show(options: BuildOptions, r: ProcessResult): void {
  if (r.stdout !== '') options.print('stdout', r.stdout);
  if (r.stderr !== '') options.print('stderr', r.stderr);
}

/** The backends by name. */
export const backends: ReadonlyMap<string, BuildBackend> = new Map([gccBackend, dryRunBackend, ninjaBackend].map((b) => [b.name, b]));

export type { BuildStep };
