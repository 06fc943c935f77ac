/**
 * `kbuild-graph make`: GNU make's command line (`-C`, `-f`, `-I`, `-n`, `-s`, `VAR=VALUE`, goals)
 * over the engine. Output and exit status follow GNU make; no recipe is ever executed.
 */
import { resolve } from 'node:path';
import { evaluate } from '../eval/make/index.js';
import type { CliIo } from './main.js';
import { nodeHost } from './host.js';

/** What the make command line says. */
interface MakeArgs {
  directory: string | undefined;
  makefiles: string[];
  includeDirs: string[];
  commandLine: [string, string][];
  goals: string[];
  dryRun: boolean;
  silent: boolean;
  printDirectory: boolean | undefined;
  allowShell: boolean;
  version: '4.3' | '4.4';
}

/** GNU make's options that take an argument, joined (`-fFILE`) or separate (`-f FILE`). */
const withArgument = new Set(['C', 'f', 'I', 'j', 'l', 'o', 'W', 'E']);

function parseArgs(argv: readonly string[]): MakeArgs | string {
  const a: MakeArgs = {
    directory: undefined, makefiles: [], includeDirs: [], commandLine: [], goals: [], dryRun: false, silent: false,
    printDirectory: undefined, allowShell: false, version: '4.3',
  };
  const take = (opt: string, value: string): string | undefined => {
    switch (opt) {
      case 'C':
        a.directory = a.directory === undefined ? value : resolve(a.directory, value);
        return undefined;
      case 'f':
        a.makefiles.push(value);
        return undefined;
      case 'I':
        a.includeDirs.push(value);
        return undefined;
      default:
        return undefined;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      a.goals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      switch (name) {
        case 'allow-shell': a.allowShell = true; break;
        case 'make-version': if (inline === '4.3' || inline === '4.4') a.version = inline; else return `--make-version takes 4.3 or 4.4`; break;
        case 'dry-run': case 'just-print': case 'recon': a.dryRun = true; break;
        case 'silent': case 'quiet': a.silent = true; break;
        case 'no-print-directory': a.printDirectory = false; break;
        case 'print-directory': a.printDirectory = true; break;
        case 'directory': take('C', inline ?? argv[++i] ?? ''); break;
        case 'file': case 'makefile': take('f', inline ?? argv[++i] ?? ''); break;
        case 'include-dir': take('I', inline ?? argv[++i] ?? ''); break;
        case 'no-builtin-rules': case 'no-builtin-variables': case 'keep-going': case 'jobs': case 'warn-undefined-variables': break;
        default: return `unrecognized option '${arg}'`;
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const c = arg[k];
        if (withArgument.has(c)) {
          const value = k + 1 < arg.length ? arg.slice(k + 1) : argv[++i];
          if (value === undefined) return `option requires an argument -- '${c}'`;
          take(c, value);
          break;
        }
        switch (c) {
          case 'n': a.dryRun = true; break;
          case 's': a.silent = true; break;
          case 'w': a.printDirectory = true; break;
          case 'r': case 'R': case 'k': case 'B': case 'e': case 'i': break;
          default: return `invalid option -- '${c}'`;
        }
      }
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      // `VAR:=value` defines a simple variable; the engine reads the trailing colon.
      a.commandLine.push([arg.slice(0, eq), arg.slice(eq + 1)]);
      continue;
    }
    a.goals.push(arg);
  }
  return a;
}

/** Runs `kbuild-graph make ARGS...`; returns the exit status. */
export function makeCommand(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`make: ${args}\n`);
    return 2;
  }
  const env = io.env ?? process.env;
  const cwd = args.directory === undefined ? io.cwd : resolve(io.cwd, args.directory);
  const envMap = new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const level = Number(envMap.get('MAKELEVEL') ?? '0') || 0;
  const program = level > 0 ? `make[${level}]` : 'make';
  const printDirectory = args.printDirectory ?? (args.directory !== undefined && !args.silent);
  if (printDirectory) io.stdout(`${program}: Entering directory '${cwd}'\n`);
  const { value } = evaluate({
    host: nodeHost(args.allowShell),
    cwd,
    env: envMap,
    commandLine: args.commandLine,
    makefiles: args.makefiles,
    includeDirs: args.includeDirs,
    goals: args.goals,
    dryRun: args.dryRun,
    shell: args.allowShell ? 'allow' : 'deny',
    version: args.version,
    program,
    level,
  });
  for (const line of value.output) (line.stream === 'stdout' ? io.stdout : io.stderr)(line.text);
  if (printDirectory) io.stdout(`${program}: Leaving directory '${cwd}'\n`);
  return value.status;
}
