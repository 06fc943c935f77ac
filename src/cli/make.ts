/**
 * `kbuild-graph make`: GNU make's command line (`-C`, `-f`, `-I`, `-n`, `-s`, `VAR=VALUE`, goals)
 * over the engine. Output and exit status follow GNU make; no recipe is ever executed.
 *
 * The engine and the parser are loaded only once the probes the last run with this command line
 * asked for have started (`probe-history.ts`): loading them takes about 25 ms here, which the
 * probes now spend running. So this module takes from the engine's layer only its start-up barrel
 * (`eval/make/startup.ts`: the command line's reader and the shell cache's key), and a test checks
 * that the bundle keeps the two apart.
 */
import { resolve } from 'node:path';
import { parseMakeArgs } from '../eval/make/startup.js';
import type { CliIo } from './main.js';
import { nodeHost } from './host.js';
import { startProbes } from './probe-history.js';
import { fileStore } from './shell-store.js';

/** Runs `kbuild-graph make ARGS...`; resolves to the exit status. */
export async function makeCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseMakeArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`make: ${args}\n`);
    return 2;
  }
  const env = io.env ?? process.env;
  const envMap = new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const cache = args.shellCache === undefined ? undefined : fileStore(resolve(io.cwd, args.shellCache));
  // The directory as the command line names it (the `-C` words from where make started): the
  // engine, which checks them, is not loaded yet.
  const setup = JSON.stringify(['make', io.cwd, args.directories, args.makefiles, args.includeDirs, args.commandLine, args.goals, args.dryRun]);
  const probes = args.allowShell ? startProbes(setup, envMap, env) : undefined;
  probes?.start((key) => cache?.store.has?.(key) ?? false);
  const { cachingHost, enterDirectories, evaluate } = await import('../eval/make/index.js');
  const entered = enterDirectories(nodeHost(false), io.cwd, args.directories);
  if ('problem' in entered) {
    io.stderr(`make: ${entered.problem}\n`);
    // Ends whatever started early.
    probes?.save();
    return 2;
  }
  const cwd = entered.cwd;
  const level = Number(envMap.get('MAKELEVEL') ?? '0') || 0;
  const program = level > 0 ? `make[${level}]` : 'make';
  // GNU make prints the directory with -C (it implies -w), and always in a sub-make, unless -s;
  // --no-print-directory wins over everything, wherever it stands.
  const printDirectory = args.longOptions.includes('--no-print-directory')
    ? false
    : args.printDirectory ?? ((args.directories.length > 0 || level > 0) && !args.silent);
  const host = cache === undefined ? nodeHost(args.allowShell, probes) : cachingHost(nodeHost(args.allowShell, probes), cache.store);
  const { value } = evaluate({
    host,
    cwd,
    env: envMap,
    commandLine: args.commandLine,
    makefiles: args.makefiles,
    includeDirs: args.includeDirs,
    goals: args.goals,
    dryRun: args.dryRun,
    silent: args.silent,
    printDirectory,
    makeflags: [args.letters, ...args.longOptions].join(' '),
    shell: args.allowShell ? 'allow' : 'deny',
    version: args.version,
    program,
    level,
  });
  for (const line of value.output) (line.stream === 'stdout' ? io.stdout : io.stderr)(line.text);
  probes?.save();
  try {
    cache?.save();
  } catch (e) {
    io.stderr(`kbuild-graph: warning[C003]: cannot write shell cache ${args.shellCache}: ${(e as Error).message}\n`);
  }
  return value.status;
}
