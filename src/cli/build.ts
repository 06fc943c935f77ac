/**
 * `kbuild-graph build DIR --kernel HEADERS`: builds an external module as `make -C HEADERS M=DIR
 * modules` does, by one of the build backends, running commands through `/bin/sh -c`.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backends, type BuildResult } from '../backend/build/index.js';
import { recordingHost, removeStamp, writeStamp } from './build-stamp.js';
import { buildStatus } from './build-status.js';
import { checkStore } from './check-store.js';
import { earlySteps, readCompiles, writeCompiles } from './compile-store.js';
import { writeAtomically } from './files.js';
import { diagnosticText, fail, kbuildSetup, type KbuildCommandOptions } from './kbuild.js';
import { findLauncher, launcherRunner } from './launcher.js';
import type { CliIo } from './main.js';
import { shadowProblem, syncShadowTree } from './shadow-tree.js';
import { forwardSignals, shellRunner, signalNumber } from './shell-runner.js';
import { changesSinceStamp, nothingToDo, tool } from './up-to-date.js';
import { version } from './version.js';

/** `kbuild-graph build`'s options beyond the common ones. */
export interface BuildCommandOptions extends KbuildCommandOptions {
  readonly backend: string;
  /** `-j N`; the number of cores when undefined. */
  readonly jobs: number | undefined;
  readonly keepGoing: boolean;
  /** `-v`: kbuild's `V=1`, every command in full. */
  readonly verbose: boolean;
  /** `-o OUTDIR`: build in a shadow tree of the module directory there, which stays untouched. */
  readonly outDir?: string;
  /** `--launcher CMD`: kbuild's compiler runs through CMD (ccache, distcc, ...). */
  readonly launcher?: string;
  /** The words after `kbuild-graph` (`build` first), as the no-op stamp records them. */
  readonly argv: readonly string[];
  /** `--generate` (ninja backend): write build.ninja from a new plan and do not run ninja. */
  readonly generate?: boolean;
}

/** `kbuild-graph build`. */
export async function buildCommand(options: BuildCommandOptions, io: CliIo): Promise<number> {
  const backend = backends.get(options.backend);
  if (backend === undefined) {
    io.stderr(`kbuild-graph: error[C002]: unknown backend '${options.backend}' (${[...backends.keys()].join(', ')})\n`);
    return 2;
  }
  // ninja runs build.ninja's commands in the environment kbuild gives them, where no shim can stand first on PATH.
  if (options.launcher !== undefined && backend.name === 'ninja') return fail(io, 'C006', '--launcher works with the gcc backend; with ninja, give kbuild the launcher in CC (CC="ccache gcc-12"), as kbuild itself takes it');
  // The module is named, never taken from the default kernel that the analysis commands fall back
  // to: that would build into the fetched Debian sources, which nobody asked to write into.
  if (!options.words.some((w) => w.startsWith('M='))) {
    return fail(io, 'C004', 'build needs the module directory (DIR or M=DIR); only external modules are built for now');
  }
  const env = io.env ?? process.env;
  // What changed since the last build with this command line: nothing means nothing to do; only
  // sources means their compiles can start at once (below).
  const since = backend.name === 'gcc' ? changesSinceStamp(options.argv, io.cwd, env, tool(version)) : undefined;
  if (since !== undefined && since.changed.length === 0) {
    io.stdout(nothingToDo);
    return 0;
  }
  const launcher = options.launcher === undefined ? undefined : findLauncher(options.launcher, io.cwd, env.PATH);
  if (typeof launcher === 'string') return fail(io, 'C006', launcher);
  // The paths the build looks at, for the stamp that makes the next run with nothing changed a no-op.
  const paths = new Set<string>();
  const words = options.outDir === undefined ? options.words : shadowed(options.words, options.outDir, io, paths);
  if (typeof words === 'number') return words;
  // Building needs kbuild's compiler checks: $(shell) always runs.
  const setup = kbuildSetup({ ...options, words, allowShell: true }, io);
  if (typeof setup === 'number') return setup;
  if (setup.external === undefined) {
    return fail(io, 'C004', 'build needs the module directory (DIR or M=DIR); only external modules are built for now');
  }
  const variables = options.verbose && !setup.variables.some(([n]) => n === 'V') ? [...setup.variables, ['V', '1'] as const] : setup.variables;
  // The status line stands for kbuild's short lines; with V=1 (or V=2) its lines print as they are.
  const quiet = variables.every(([n, v]) => n !== 'V' || v === '' || v === '0');
  const status = quiet && backend.name !== 'dry-run' ? buildStatus(io) : undefined;
  const print = status?.print ?? ((stream: 'stdout' | 'stderr', text: string) => (stream === 'stdout' ? io.stdout(text) : io.stderr(text)));
  const launched = launcher === undefined ? undefined : launcherRunner(shellRunner, launcher, (problem) => print('stderr', diagnosticText('C006', problem)));
  if (typeof launched === 'string') return fail(io, 'C006', launched);
  const kept = backend.name === 'gcc' ? readCompiles(setup.external) : [];
  const early = since === undefined || since.dir !== setup.external ? undefined : earlySteps(kept, since.changed);
  if (backend.name !== 'dry-run') removeStamp(setup.external);
  const checks = backend.name === 'gcc' ? checkStore(setup.external) : undefined;
  // The ninja backend plans only when build.ninja's inputs changed.
  setup.startProbes(checks?.store.has, backend.name === 'ninja');
  const release = forwardSignals();
  let result: BuildResult;
  try {
    result = await backend.build({
      host: backend.name === 'gcc' ? recordingHost(setup.host, paths) : setup.host,
      directory: setup.directory,
      variables,
      env: setup.env,
      runner: launched?.runner ?? shellRunner,
      jobs: options.jobs ?? availableParallelism(),
      keepGoing: options.keepGoing,
      print,
      progress: status?.progress,
      ninja: { write: writeAtomically, self: selfCommand(), generate: options.generate === true },
      checks: checks?.store,
      early,
      remove: (path) => {
        try {
          rmSync(path, { force: true });
        } catch (e) {
          io.stderr(`kbuild-graph: warning[C003]: cannot remove ${path}: ${(e as Error).message}\n`);
        }
      },
    });
  } finally {
    status?.end();
    launched?.dispose();
  }
  const stopped = release();
  setup.save();
  try {
    checks?.save();
  } catch (e) {
    io.stderr(`kbuild-graph: warning[C003]: cannot write ${setup.external}: ${(e as Error).message}; the next build runs kbuild's compiler checks again\n`);
  }
  // Last: the stamp records the output directory as this build leaves it.
  if (backend.name === 'gcc' && result.status === 0 && stopped === undefined) {
    // The compile steps for the next build: this build's, and the kept ones of targets it did not
    // compile (a build plans commands only for what it runs). A kept step whose commands are out of
    // date costs an early compile no step takes; the plan's own step then runs as always.
    try {
      writeCompiles(setup.external, [...kept, ...(result.compiles ?? [])]);
    } catch (e) {
      io.stderr(`kbuild-graph: warning[C003]: cannot write ${setup.external}: ${(e as Error).message}; the next build does not start compiles early\n`);
    }
    for (const path of checks?.inputs() ?? []) paths.add(path);
    try {
      writeStamp(setup.external, options.argv, io.cwd, env, paths);
    } catch (e) {
      io.stderr(`kbuild-graph: warning[C003]: cannot write ${setup.external}: ${(e as Error).message}; the next build evaluates kbuild again\n`);
    }
  }
  // The ninja backend's stamp: the next build with the same command line and environment asks
  // ninja's dry run alone whether there is work (a no-op then costs no kbuild setup).
  const check = result.check;
  if (backend.name === 'ninja' && check !== undefined && result.status === 0 && stopped === undefined) {
    try {
      writeStamp(setup.external, options.argv, io.cwd, env, paths, { argv: check.argv, cwd: check.directory, env: Object.fromEntries(check.env), noWork: check.noWork });
    } catch (e) {
      io.stderr(`kbuild-graph: warning[C003]: cannot write ${setup.external}: ${(e as Error).message}; the next build sets kbuild up again\n`);
    }
  }
  return stopped === undefined ? result.status : 128 + signalNumber(stopped);
}

/**
 * The words with `M=DIR` replaced by `M=OUTDIR`, once OUTDIR is a shadow tree of DIR; or the exit
 * status after printing why it cannot be. DIR's directories go into `paths`.
 */
function shadowed(words: readonly string[], outDir: string, io: CliIo, paths: Set<string>): string[] | number {
  const at = words.findLastIndex((w) => w.startsWith('M='));
  if (at < 0) return fail(io, 'C005', '-o needs the module directory (DIR or M=DIR)');
  const source = resolve(io.cwd, words[at].slice(2));
  const out = resolve(io.cwd, outDir);
  if (!isDirectory(source)) return fail(io, 'C004', `M=${source}: no such directory`);
  const problem = shadowProblem(source, out);
  if (problem !== undefined) return fail(io, 'C005', problem);
  try {
    const sync = syncShadowTree(source, out);
    // A file made or removed in the module directory changes the shadow tree: its directories count as looked at.
    for (const dir of sync.directories) paths.add(dir);
    for (const own of sync.own) {
      io.stderr(diagnosticText('C005', `${join(out, own)} is not a link to ${join(source, own)}; it is left as it is, and the build uses it`, 'warning'));
    }
  } catch (e) {
    return fail(io, 'C005', `cannot make ${out} a shadow tree of ${source}: ${(e as Error).message}`);
  }
  return words.map((w, i) => (i === at ? `M=${out}` : w));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The command that runs this kbuild-graph again (for build.ninja's regeneration edge): node and
 * the script it was started as, or else the package's `bin/kbuild-graph.js` (under a test runner).
 */
function selfCommand(): readonly string[] {
  const script = process.argv[1];
  if (script !== undefined && /^kbuild-graph(\.js)?$/.test(basename(script))) return [process.execPath, resolve(script)];
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const bin = join(dir, 'bin', 'kbuild-graph.js');
    if (existsSync(bin)) return [process.execPath, bin];
  }
  return [process.execPath, resolve(script ?? 'kbuild-graph')];
}
