/**
 * Helpers for the build tests: `kbuild-graph build` through the CLI, kbuild's own `make -C <headers>
 * M=<dir>` of the same directory, fresh copies of kernel directories, and a build's products.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { main } from '../../src/cli/index.js';
import { kernelTree } from '../corpus/kernel.js';

/** What a command printed and its exit status. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

/** Only `PATH`: both kbuild and kbuild-graph see the same, minimal environment. */
export const environment: Readonly<Record<string, string>> = { PATH: process.env.PATH ?? '' };

/**
 * Runs the `kbuild-graph` CLI in-process from `cwd`, with `environment` and `env`; `terminal` makes
 * stdout and stderr look like a terminal `columns` wide.
 */
export async function cli(argv: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}, terminal?: { columns: number }): Promise<Run & { interleaved: string }> {
  let stdout = '';
  let stderr = '';
  let interleaved = '';
  const started = Date.now();
  const code = await main([...argv], {
    stdout: (t) => ((stdout += t), (interleaved += t)),
    stderr: (t) => ((stderr += t), (interleaved += t)),
    cwd,
    env: { ...environment, ...env },
    ...(terminal === undefined ? {} : { stdoutIsTerminal: true, stderrIsTerminal: true, columns: terminal.columns }),
  });
  return { code, stdout, stderr, interleaved, ms: Date.now() - started };
}

/** Runs kbuild's own `make -C headers M=dir ...args`, with `environment` and `env`. */
export function kbuild(headers: string, dir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Run {
  const started = Date.now();
  const r = spawnSync('make', ['-C', headers, `M=${dir}`, ...args], { encoding: 'utf8', env: { ...environment, ...env } });
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/**
 * A fresh copy at `dir` (whatever was there is removed first) of `source`: a directory of the kernel
 * tree, or an absolute path (a fixture).
 */
export function freshCopy(source: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  cpSync(isAbsolute(source) ? source : join(kernelTree()!, source), dir, { recursive: true });
}

/**
 * The build's products under `dir`: every `.o` and `.ko`, `Module.symvers` and each `modules.order`,
 * by path relative to `dir`, sorted.
 */
export function products(dir: string): Map<string, Buffer> {
  const names = (readdirSync(dir, { recursive: true }) as string[])
    .filter((n) => /\.(o|ko)$/.test(n) || /(^|\/)(Module\.symvers|modules\.order)$/.test(n))
    .sort();
  return new Map(names.map((n) => [n, readFileSync(join(dir, n))]));
}

/** The names in `theirs` whose bytes differ from (or are missing in) `ours`. */
export function differences(theirs: ReadonlyMap<string, Buffer>, ours: ReadonlyMap<string, Buffer>): string[] {
  return [...theirs].filter(([name, bytes]) => ours.get(name)?.equals(bytes) !== true).map(([name]) => name);
}

/** Seconds, for the timing lines the tests print. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The modification time of every product under `dir` (as `products` picks them), by relative path. */
export function mtimes(dir: string): Map<string, number> {
  return new Map([...products(dir).keys()].map((n) => [n, statSync(join(dir, n)).mtimeMs]));
}
