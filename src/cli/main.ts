/**
 * The command line: argument parsing with commander, the `parse` command, and exit codes.
 * Output goes only through the `CliIo` it is given, so tests can run it in-process.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  diagnostic,
  lineIndex,
  renderDiagnostic,
  sourceFile,
  span,
  type Diagnostic,
  type RenderSource,
  type SourceFile,
} from '../base/index.js';
import type { ParseResult } from '../parser/index.js';
import { inputFiles, systemReason } from './files.js';
import { version } from './version.js';

/** Where the CLI writes and what it runs in; `bin/kbuild-graph.js` passes the real process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Relative paths on the command line are resolved against this directory. */
  readonly cwd: string;
  /** Environment variables; `process.env` when left out. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (a progress line is shown only there). */
  readonly stderrIsTerminal?: boolean;
  /** Whether stdout is a terminal (`build`'s status line is shown only when both are). */
  readonly stdoutIsTerminal?: boolean;
  /** The terminal's width, for lines rewritten in place (cut to fit). */
  readonly columns?: number;
}

/** Exit codes. 2 follows the usual "usage error" convention, 70 is `EX_SOFTWARE` from sysexits.h. */
const exitCodes = { ok: 0, diagnostics: 1, usage: 2, internal: 70 } as const;

/** The options of `kbuild-graph parse`. */
interface ParseOptions {
  readonly json: boolean;
  readonly stats: boolean;
  readonly quiet: boolean;
}

/**
 * Runs kbuild-graph with `argv` (without the `node` and script entries) and resolves to the exit code.
 * It never rejects: a bug becomes an `X000` message and exit code 70. With `KBG_DEBUG=1` the stack trace
 * follows; for positions in `src/` rather than in the bundle, also set `NODE_OPTIONS=--enable-source-maps`.
 *
 * @example
 * const code = await main(['parse', 'Makefile'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir });
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    return internalError(error, io);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  // `make` takes GNU make's own command line (`-rR`, `-C DIR`, `VAR=VALUE`), which commander cannot read.
  if (argv[0] === 'make') {
    const { makeCommand } = await import('./make.js');
    return makeCommand(argv.slice(1), io);
  }
  // `kbuild-graph --version` is what scripts call to probe the tool, so it skips loading commander;
  // the output is the same as commander's own `--version`.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout(`${version}\n`);
    return exitCodes.ok;
  }
  const { Command, CommanderError, InvalidArgumentError } = await import('commander');
  // The action records its exit code here; commander itself ignores what actions return.
  const result = { code: exitCodes.ok as number };
  const program = new Command('kbuild-graph')
    .description("Tells what the Linux kernel's build system will do, without running the build.")
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(usageMessage(text)),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });

  program
    .command('parse')
    .description('parse makefiles and report syntax errors; a directory means every Makefile, Kbuild, Makefile.*, Kbuild.include and *.mk under it')
    .argument('<paths...>', 'makefiles or directories to parse')
    .option('--json', 'print the syntax trees as one JSON array of {path, tree, diagnostics} on stdout')
    .option('--stats', 'print file, byte, error and warning counts and the read+parse time on stdout')
    .option('-q, --quiet', 'print no diagnostics; only the exit code tells')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      result.code = await parseCommand(
        paths,
        { json: options.json === true, stats: options.stats === true, quiet: options.quiet === true },
        io,
      );
    });

  // The Kbuild commands share `-C`, the shell policy and `VAR=VALUE` words (kbuild's own command line).
  const kbuild = (command: InstanceType<typeof Command>): InstanceType<typeof Command> =>
    command
      .option('-C, --directory <dir>', 'the kernel tree, or the kernel headers (build) dir with M=DIR (default: the current directory)')
      .option('--allow-shell', "let kbuild's $(shell) commands run (compiler checks); without it they are not run")
      .option('--shell-cache <file>', 'keep $(shell) results in FILE between runs (with --allow-shell)')
      .option('--config <file>', 'the kernel configuration to read (default: .config in the build dir, or KCONFIG_CONFIG)');
  // A tree's analysis spreads its directories over threads; `build` has a -j of its own, for commands.
  const analysis = (command: InstanceType<typeof Command>): InstanceType<typeof Command> =>
    kbuild(command)
      .option('-j, --jobs <n>', "threads for a kernel tree's analysis (default: one per core beyond the first, at most 4)", (value: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('It takes a positive number of threads.');
        return n;
      })
      .option('--analysis-cache <file>', 'keep the analysis in FILE, and take it from there while nothing it read has changed (files, listings, the command line and environment, --shell-cache results)');
  const common = (words: string[], o: Record<string, unknown>) => ({
    directory: typeof o.directory === 'string' ? o.directory : undefined,
    // `build`'s own -j is a string, and means commands.
    jobs: typeof o.jobs === 'number' ? o.jobs : undefined,
    allowShell: o.allowShell === true,
    shellCache: typeof o.shellCache === 'string' ? o.shellCache : undefined,
    analysisCache: typeof o.analysisCache === 'string' ? o.analysisCache : undefined,
    // kbuild's own way to name another configuration file; relative names mean the user's directory.
    words: typeof o.config === 'string' ? [...words, `KCONFIG_CONFIG=${resolve(io.cwd, o.config)}`] : words,
  });
  analysis(
    program
      .command('show', { isDefault: true })
      .description("(the default command) each directory's modules with their objects and sources, its built-in objects and subdirectories, with the CONFIG_ options that decide them")
      .argument('[args...]', 'directories (from here, or as kbuild names them: from the top of the tree, or from M=), and VAR=VALUE for kbuild: M=, O=, ARCH=, CC=, LLVM=')
      .option('--json', 'print the directories as JSON')
      .option('--dot', 'print the graph in Graphviz DOT')
      .option('--svg', 'print the graph as SVG'),
  ).action(async (words: string[], o: Record<string, unknown>) => {
    const { showCommand } = await import('./kbuild-commands.js');
    const format = o.json === true ? 'json' : o.dot === true ? 'dot' : o.svg === true ? 'svg' : 'tree';
    result.code = await showCommand({ ...common(words, o), format }, io);
  });
  analysis(
    program
      .command('modules')
      .description('print modules.order as kbuild writes it')
      .argument('[args...]', 'VAR=VALUE for kbuild: M=, O=, ARCH=, CC=, LLVM='),
  ).action(async (words: string[], o: Record<string, unknown>) => {
    const { modulesCommand } = await import('./kbuild-commands.js');
    result.code = modulesCommand(common(words, o), io);
  });
  analysis(
    program
      .command('builtin')
      .description('print modules.builtin as kbuild makes it: the built-in objects that declare a module license, in link order')
      .argument('[args...]', 'VAR=VALUE for kbuild: O=, ARCH=, CC=, LLVM='),
  ).action(async (words: string[], o: Record<string, unknown>) => {
    const { builtinCommand } = await import('./kbuild-commands.js');
    result.code = builtinCommand(common(words, o), io);
  });
  analysis(
    program
      .command('compile-commands')
      .description('write compile_commands.json: every object with the exact command kbuild would compile it with')
      .argument('[args...]', 'directories to limit it to, and VAR=VALUE for kbuild')
      .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
      .option('--clangd', 'drop the gcc-only options that clang and clangd reject'),
  ).action(async (words: string[], o: Record<string, unknown>) => {
    const { compileCommandsCommand } = await import('./kbuild-commands.js');
    result.code = compileCommandsCommand({ ...common(words, o), output: typeof o.output === 'string' ? o.output : undefined, clangd: o.clangd === true }, io);
  });
  kbuild(
    program
      .command('build')
      .description('build an external module as `make -C HEADERS M=DIR modules` does, from the commands kbuild\'s own makefiles give')
      .argument('[args...]', 'the module directory (or M=DIR), and VAR=VALUE for kbuild: KBUILD_EXTRA_SYMBOLS=, V=, CC=')
      .option('--kernel <dir>', 'the kernel headers (build) dir, as for make -C')
      .option('-j, --jobs <n>', 'how many commands run at once (default: the number of cores)')
      .option('--backend <name>', 'gcc (run the commands), ninja (write build.ninja and run ninja) or dry-run (print the first stage\'s commands)', 'gcc')
      .option('--generate', 'with --backend ninja: write build.ninja from a new dry run, and do not run ninja')
      .option('-k, --keep-going', 'after a failed command, go on with what does not depend on it')
      .option('-v, --verbose', 'print every command in full (kbuild\'s V=1)')
      .option('-o, --out-dir <dir>', 'build in DIR (a tree of links to the sources, then the outputs) and leave the module directory untouched')
      .option('--launcher <cmd>', 'run the compiler through CMD (ccache, distcc, or a program and its arguments); kbuild\'s recorded commands do not change'),
  ).action(async (words: string[], o: Record<string, unknown>) => {
    const { buildCommand } = await import('./build.js');
    const [dir, ...rest] = words;
    const args = dir !== undefined && !dir.includes('=') ? [`M=${dir}`, ...rest] : words;
    const jobs = typeof o.jobs === 'string' ? Number.parseInt(o.jobs, 10) : undefined;
    if (jobs !== undefined && !(jobs >= 1)) {
      io.stderr(usageMessage(`error: -j takes a number of jobs, not '${String(o.jobs)}'`));
      result.code = exitCodes.usage;
      return;
    }
    const directory = typeof o.kernel === 'string' ? o.kernel : typeof o.directory === 'string' ? o.directory : undefined;
    result.code = await buildCommand({
      ...common(args, o), directory, backend: String(o.backend), jobs, keepGoing: o.keepGoing === true, verbose: o.verbose === true, argv, generate: o.generate === true,
      outDir: typeof o.outDir === 'string' ? o.outDir : undefined, launcher: typeof o.launcher === 'string' ? o.launcher : undefined,
    }, io);
  });
  analysis(
    program
      .command('why')
      .description('explain why a source, object or module is built or not: the Kbuild lines and CONFIG_ values')
      .argument('<file>', 'a source, object or module path (relative to the tree, or to M=)')
      .argument('[args...]', 'VAR=VALUE for kbuild'),
  ).action(async (file: string, words: string[], o: Record<string, unknown>) => {
    const { whyCommand } = await import('./kbuild-commands.js');
    result.code = whyCommand(file, common(words, o), io);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // With `exitOverride`, help, `--version` and usage errors arrive here instead of calling process.exit.
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    throw error;
  }
  return result.code;
}

/** Commander's `error: unknown option '--jsn'\n(Did you mean --json?)` as one GCC-shaped C002 line. */
function usageMessage(text: string): string {
  const message = text.trim().replace(/^error:\s*/, '').replace(/\s*\n\s*/g, ' ');
  return `${renderDiagnostic(diagnostic('C002', 'error', message, span('kbuild-graph', 0)), undefined)}\n`;
}

function internalError(error: unknown, io: CliIo): number {
  try {
    const message = error instanceof Error ? error.message : String(error);
    const d = diagnostic('X000', 'error', `internal error: ${message}`, span('kbuild-graph', 0));
    io.stderr(`${renderDiagnostic(d, undefined)}\n`);
    const env = io.env ?? process.env;
    if (env.KBG_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  } catch {
    // The error stream itself failed; the exit code is all that is left to report with.
  }
  return exitCodes.internal;
}

/** One file's entry in the `--json` output. */
interface JsonEntry {
  readonly path: string;
  readonly tree: ParseResult['value'] | null;
  readonly diagnostics: readonly Diagnostic[];
}

async function parseCommand(paths: readonly string[], options: ParseOptions, io: CliIo): Promise<number> {
  // Loaded here, not at the top, so that `--version` and `--help` never load Chevrotain or build the parser.
  const { parse } = await import('../parser/index.js');
  const totals = { files: 0, bytes: 0, errors: 0, warnings: 0, ms: 0 };
  const json = { first: true };
  if (options.json) io.stdout('[');

  const report = (path: string, file: SourceFile | undefined, tree: JsonEntry['tree'], diagnostics: readonly Diagnostic[]): void => {
    for (const d of diagnostics) {
      if (d.severity === 'error') totals.errors++;
      else if (d.severity === 'warning') totals.warnings++;
    }
    if (!options.quiet && diagnostics.length > 0) io.stderr(renderAll(diagnostics, file));
    if (options.json) {
      const entry: JsonEntry = { path, tree, diagnostics };
      io.stdout(`${json.first ? '\n' : ',\n'}${JSON.stringify(entry)}`);
      json.first = false;
    }
  };

  const parseFile = (path: string, read: ReadSource, started: number): void => {
    const file = read.file;
    let parsed: ParseResult;
    try {
      parsed = parse(file);
    } catch (error) {
      // The parser promises never to throw, so this is our bug; say which file triggered it.
      const message = error instanceof Error ? error.message : String(error);
      const wrapped = new Error(`${message} (while parsing ${path})`);
      if (error instanceof Error && error.stack) wrapped.stack = error.stack;
      throw wrapped;
    }
    totals.ms += performance.now() - started;
    totals.files++;
    totals.bytes += read.bytes;
    report(path, file, parsed.value, parsed.diagnostics);
  };

  const here = process.cwd();
  for (const path of paths) {
    // Most arguments are files (`parse $(find ...)`), so each is first simply read: reading fails
    // on a directory, and a file then costs no `stat` of its own. Any failure takes the general
    // path below, which tells directories from files and reports what cannot be read.
    const started = performance.now();
    let read: ReadSource | undefined;
    try {
      read = readSource(path, simplePath(path, io.cwd, here) ?? resolve(io.cwd, path));
    } catch {
      read = undefined;
    }
    if (read !== undefined) {
      parseFile(path, read, started);
      continue;
    }
    for (const input of inputFiles([path], io.cwd)) {
      if (input.kind === 'unreadable') {
        report(input.path, undefined, null, [cannotRead(input.path, input.reason)]);
        continue;
      }
      const started = performance.now();
      try {
        read = readSource(input.path, simplePath(input.path, io.cwd, here) ?? input.absolute);
      } catch (error) {
        totals.ms += performance.now() - started;
        report(input.path, undefined, null, [cannotRead(input.path, systemReason(error))]);
        continue;
      }
      parseFile(input.path, read, started);
    }
  }

  if (options.json) io.stdout(json.first ? ']\n' : '\n]\n');
  if (options.stats) {
    io.stdout(
      `files ${totals.files}, bytes ${totals.bytes}, errors ${totals.errors}, warnings ${totals.warnings}, time ${totals.ms.toFixed(1)} ms\n`,
    );
  }
  return totals.errors > 0 ? exitCodes.diagnostics : exitCodes.ok;
}

/**
 * `path` itself when the system can open it as it stands: relative to `cwd`, which is the process's
 * own directory (`here`), and without `..` (which the system and `resolve` may read differently
 * through symbolic links). The system then looks up a few names rather than a whole absolute path,
 * which is measurably faster over thousands of files. Otherwise undefined.
 */
function simplePath(path: string, cwd: string, here: string): string | undefined {
  const simple = cwd === here && path !== '' && !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
  return simple ? path : undefined;
}

/** A file read for parsing, and its size in bytes. */
interface ReadSource {
  readonly file: SourceFile;
  readonly bytes: number;
}

/**
 * Reads the file at `location` (shown as `path`) as `sourceFile` would make it from the file's bytes.
 * Node decodes UTF-8 while reading much faster than a separate read and decode do; the decoded text
 * holds U+FFFD where the bytes were not UTF-8, so a file whose text has one (rare: it may also be in
 * the file) is read again as bytes and left to `sourceFile` to judge. Throws what reading throws.
 */
function readSource(path: string, location: string): ReadSource {
  const text = readFileSync(location, 'utf8');
  if (!text.includes('\uFFFD')) return { file: sourceFile(path, text), bytes: Buffer.byteLength(text, 'utf8') };
  const bytes = readFileSync(location);
  return { file: sourceFile(path, bytes), bytes: bytes.byteLength };
}

function cannotRead(path: string, reason: string): Diagnostic {
  return diagnostic('C001', 'error', `cannot read file: ${reason}`, span(path, 0));
}

/** Renders a file's diagnostics in source order, each with its source line and caret. */
function renderAll(diagnostics: readonly Diagnostic[], file: SourceFile | undefined): string {
  const source: RenderSource | undefined = file && { path: file.path, text: file.text, index: lineIndex(file.text) };
  const ordered = [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  for (const d of ordered) {
    const own = source !== undefined && d.span.file === source.path;
    out += `${renderDiagnostic(d, own ? source : undefined)}\n`;
  }
  return out;
}
