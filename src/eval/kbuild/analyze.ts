/**
 * Running kbuild through the make engine: the kernel's own top `Makefile` (or a headers dir's, for
 * `M=`), dry run, in one process, with every `scripts/Makefile.build` sub-make reporting to a
 * collector. This is `make -n -k` of kbuild without its output: the structure comes from kbuild.
 */
import type { Diagnostic, Host, ShellPolicy } from '../../base/index.js';
import { evaluate, type MakeVersion, type OutputLine, type ParsedMakefile } from '../make/index.js';
import { kbuildCollector, type KbuildFacts } from './collect.js';

/** How to run kbuild: `make -C directory VAR=VALUE... goals`. */
export interface KbuildOptions {
  readonly host: Host;
  /** The kernel tree, or the headers (build) dir for an external module; absolute. */
  readonly directory: string;
  /** `VAR=VALUE` arguments as kbuild takes them (`O=`, `M=`, `ARCH=`, `CC=gcc-12`, `LLVM=1`). */
  readonly variables: readonly (readonly [string, string])[];
  /** The environment make starts with. */
  readonly env: ReadonlyMap<string, string>;
  /** The goals; `modules` for an external module, `all` for a tree, by default. */
  readonly goals?: readonly string[];
  /** Whether `$(shell)` may run commands (kbuild's compiler checks need it for exact flags). */
  readonly shell: ShellPolicy;
  readonly version?: MakeVersion;
  /** Called as kbuild enters each directory, with how many it has entered so far. */
  readonly onDirectory?: (obj: string, count: number) => void;
  /** A parse cache to share with earlier runs (the editor case). */
  readonly parsed?: Map<string, ParsedMakefile>;
}

/** What a kbuild run gave. */
export interface KbuildRun {
  readonly facts: KbuildFacts;
  /** make's exit status: a dry run of kbuild normally ends with 2 at the first link step. */
  readonly status: number;
  /** What make printed on stderr (the commands it would run are not kept). */
  readonly messages: readonly OutputLine[];
}

/**
 * Runs kbuild's makefiles as `make -n -k` would, and collects each directory's facts. Only the
 * recipe lines that run `$(MAKE)` are expanded (that is how kbuild descends); other commands are
 * not printed, and the compile commands come from the collector.
 */
export function analyzeKbuild(options: KbuildOptions): { value: KbuildRun; diagnostics: readonly Diagnostic[] } {
  const facts: KbuildFacts = { directories: new Map() };
  const external = options.variables.some(([name]) => name === 'M' || name === 'KBUILD_EXTMOD');
  const { value, diagnostics } = evaluate({
    host: withoutDirectoryMaking(options.host),
    cwd: options.directory,
    env: options.env,
    commandLine: options.variables,
    makefiles: [],
    includeDirs: [],
    goals: options.goals ?? [external ? 'modules' : 'all'],
    dryRun: true,
    silent: true,
    printDirectory: false,
    makeflags: 'nks',
    recipes: 'sub-makes',
    parsed: options.parsed,
    shell: options.shell,
    version: options.version ?? '4.3',
    program: 'make',
    level: 0,
    observer: kbuildCollector(facts, options.onDirectory),
  });
  return { value: { facts, status: value.status, messages: value.output.filter((l) => l.stream === 'stderr') }, diagnostics };
}

/** `mkdir -p` of plain paths: how kbuild makes output directories while it reads (`$(shell mkdir -p $(obj-dirs))`). */
const mkdirOnly = /^mkdir -p( +[^\s;&|<>`$'"\\()*?[\]]+)+$/;

/**
 * The host, except that kbuild's `$(shell mkdir -p DIR...)` succeeds without running: analysis
 * writes nothing into the build tree, and those commands print nothing that kbuild reads.
 */
function withoutDirectoryMaking(host: Host): Host {
  return {
    ...host,
    shell(command, cwd, env) {
      if (mkdirOnly.test(command.trim())) return { stdout: '', stderr: '', status: 0 };
      return host.shell(command, cwd, env);
    },
  };
}
