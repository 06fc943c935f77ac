/**
 * `kbuild-graph build --launcher CMD`: kbuild's compiler runs through a launcher (ccache, distcc,
 * any command) while kbuild's commands stay exactly kbuild's, so that its `.cmd` files, what `-v`
 * prints and `compile_commands.json` never mention the launcher and switching launchers rebuilds
 * nothing. As ccache's masquerade mode does it: a temporary directory first on the commands' PATH
 * holds a script named as the first word of kbuild's `CC` (`gcc-12`), which takes that directory off
 * PATH again and runs `CMD gcc-12 ARGS...`; the launcher then finds the real compiler by its name.
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { ProcessResult, ProcessRunner } from '../backend/build/index.js';

/** A launcher command: the program, absolute, and the words that follow it. */
export interface Launcher {
  readonly program: string;
  readonly args: readonly string[];
}

/**
 * Reads `--launcher CMD`: words split at blanks (no quoting), the first a program found on `path`
 * (the PATH variable) or, when it holds a `/`, a path from `cwd`. A message saying why not otherwise.
 */
export function findLauncher(text: string, cwd: string, path: string | undefined): Launcher | string {
  const [name, ...args] = text.trim().split(/\s+/);
  if (name === undefined || name === '') return '--launcher takes a command (ccache, distcc, or a program with its arguments)';
  const candidates = name.includes('/') ? [resolve(cwd, name)] : (path ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(resolve(cwd, d), name));
  const program = candidates.find(executable);
  if (program === undefined) return name.includes('/') ? `launcher ${name}: not an executable file` : `launcher ${name}: not found on PATH`;
  return { program, args };
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A runner whose commands reach kbuild's compiler through the launcher, and its clean-up. */
export interface LauncherRunner {
  readonly runner: ProcessRunner;
  /** Removes the temporary directory. */
  readonly dispose: () => void;
}

/**
 * Wraps `base` so that each command runs with the shim directory first on its PATH; or says why
 * the directory cannot be made. The shim is named from the `CC` that kbuild exports to its
 * commands (its first word). A `CC` that is a path (`CC=/usr/bin/gcc-12`,
 * `CROSS_COMPILE=/opt/x/bin/aarch64-linux-gnu-`) bypasses PATH, so no shim can stand in for it:
 * then `refuse` is told once why, and no command runs (each fails with status 2).
 */
export function launcherRunner(base: ProcessRunner, launcher: Launcher, refuse: (problem: string) => void): LauncherRunner | string {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'kbuild-graph-launcher-'));
  } catch (e) {
    return `cannot make the launcher's directory in ${tmpdir()}: ${(e as Error).message}`;
  }
  const shims = new Set<string>();
  let refused = false;
  const refuseAll = (problem: string): Promise<ProcessResult> => {
    if (!refused) refuse(problem);
    refused = true;
    return Promise.resolve({ status: 2, stdout: '', stderr: '' });
  };
  // The commands' environment with the shim directory first on PATH, or why no command can run.
  const shimmed = (env: ReadonlyMap<string, string>): ReadonlyMap<string, string> | string => {
    if (refused) return '';
    const compiler = (env.get('CC') ?? '').trim().split(/\s+/)[0];
    if (compiler === '') return env;
    if (compiler.includes('/')) {
      return `--launcher cannot reach kbuild's compiler ${compiler}: it is a path, which no program first on PATH stands in for; name the compiler instead (CROSS_COMPILE=aarch64-linux-gnu- with its directory on PATH)`;
    }
    if (!shims.has(compiler)) {
      const quoted = [launcher.program, ...launcher.args, compiler].map(quote).join(' ');
      // The launcher and the compiler under it see the commands' own PATH, without the shim.
      const script = `#!/bin/sh\n# kbuild-graph --launcher: kbuild's ${compiler} through the launcher.\nPATH=\${PATH#${quote(dir)}}\nPATH=\${PATH#:}\nexec ${quoted} "$@"\n`;
      try {
        writeFileSync(join(dir, compiler), script, { mode: 0o755 });
      } catch (e) {
        return `cannot write the launcher's script for ${compiler} in ${dir}: ${(e as Error).message}`;
      }
      shims.add(compiler);
    }
    const path = env.get('PATH');
    return new Map(env).set('PATH', path === undefined ? dir : `${dir}:${path}`);
  };
  const sequence = base.sequence;
  const runner: ProcessRunner = Object.assign(
    (command: string, directory: string, env: ReadonlyMap<string, string>, output?: (stream: 'stdout' | 'stderr', text: string) => void) => {
      const e = shimmed(env);
      return typeof e === 'string' ? refuseAll(e) : base(command, directory, e, output);
    },
    sequence === undefined ? {} : {
      sequence: async (commands: readonly string[], directory: string, env: ReadonlyMap<string, string>) => {
        const e = shimmed(env);
        return typeof e === 'string' ? [await refuseAll(e)] : sequence(commands, directory, e);
      },
    },
  );
  return { runner, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `word` quoted for `/bin/sh`. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
