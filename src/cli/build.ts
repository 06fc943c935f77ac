/**
 * `kbuild-graph build DIR --kernel HEADERS`: builds an external module as `make -C HEADERS M=DIR
 * modules` does, by one of the build backends, running commands through `/bin/sh -c`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { backends, type ProcessRunner } from '../backend/build/index.js';
import { writeAtomically } from './files.js';
import { kbuildSetup, type KbuildCommandOptions } from './kbuild.js';
import type { CliIo } from './main.js';

/** `kbuild-graph build`'s options beyond the common ones. */
export interface BuildCommandOptions extends KbuildCommandOptions {
  readonly backend: string;
  /** `-j N`; the number of cores when undefined. */
  readonly jobs: number | undefined;
  readonly keepGoing: boolean;
  /** `-v`: kbuild's `V=1`, every command in full. */
  readonly verbose: boolean;
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
  // Building needs kbuild's compiler checks: $(shell) always runs.
  const setup = kbuildSetup({ ...options, allowShell: true }, io);
  if (typeof setup === 'number') return setup;
  if (setup.external === undefined) {
    io.stderr('kbuild-graph: error[C004]: build needs the module directory (DIR or M=DIR); only external modules are built for now\n');
    return 2;
  }
  const variables = options.verbose && !setup.variables.some(([n]) => n === 'V') ? [...setup.variables, ['V', '1'] as const] : setup.variables;
  const release = forwardSignals();
  const result = await backend.build({
    host: setup.host,
    directory: setup.directory,
    variables,
    env: setup.env,
    runner: shellRunner,
    jobs: options.jobs ?? availableParallelism(),
    keepGoing: options.keepGoing,
    print: (stream, text) => (stream === 'stdout' ? io.stdout(text) : io.stderr(text)),
    ninja: { write: writeAtomically, self: selfCommand(), generate: options.generate === true },
  });
  const stopped = release();
  setup.save();
  return stopped === undefined ? result.status : 128 + signalNumber(stopped);
}

/** The commands running now; each is its own process group, so a signal reaches the compiler under the shell too. */
const running = new Set<ChildProcess>();
/** The signal that stopped the build, once one came: no new command starts then. */
let stopping: NodeJS.Signals | undefined;

/**
 * Until the returned function is called, SIGINT, SIGTERM and SIGHUP stop the build as make stops:
 * each running command's process group gets the signal (kbuild's recipes then remove the file
 * they were writing), no new command starts, and the build waits for the running ones to end.
 * The returned function removes the handlers and says which signal came, if one did.
 */
function forwardSignals(): () => NodeJS.Signals | undefined {
  stopping = undefined;
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = (): void => {
      stopping = signal;
      for (const child of running) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // The command ended in the meantime.
        }
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    return stopping;
  };
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

/**
 * Runs a command as make does: `/bin/sh -c`, its output captured and shown once it ends, or
 * handed to `output` as it comes.
 */
const shellRunner: ProcessRunner = (command, directory, env, output) =>
  new Promise((resolve) => {
    if (stopping !== undefined) {
      resolve({ status: 128 + signalNumber(stopping), stdout: '', stderr: '' });
      return;
    }
    const child = spawn('/bin/sh', ['-c', command], { cwd: directory, env: Object.fromEntries(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    child.on('exit', () => running.delete(child));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // The commands' output goes to a terminal or file that reads it as UTF-8 (gcc's quotes in a UTF-8 locale).
    const streams = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    child.stdout.on('data', (b: Buffer) => (output === undefined ? out.push(b) : output('stdout', streams.stdout.write(b))));
    child.stderr.on('data', (b: Buffer) => (output === undefined ? err.push(b) : output('stderr', streams.stderr.write(b))));
    child.on('error', (e) => resolve({ status: 127, stdout: '', stderr: `${e.message}\n` }));
    child.on('close', (code, signal) => {
      const status = code ?? 128 + (signal === null ? 0 : signalNumber(signal));
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}
