/**
 * The no-op check of `kbuild-graph build`: after a build that succeeded, a stamp file in the
 * module's output directory records the command line, the environment and the state (modification
 * time, change time, size) of every path the build's kbuild evaluations looked at. A later `build`
 * with the same command line and environment, where none of those paths changed, would evaluate
 * the same makefiles against the same files and find every target up to date, as kbuild's own
 * second run does; so it stops before loading anything else.
 *
 * This module imports only Node's `fs`, `path` and `child_process`: `bin/kbuild-graph.js` runs the
 * check before it loads the rest of the CLI, so a no-op costs little more than starting Node.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** What a build that finds nothing changed since the last one prints (ninja's wording). */
export const nothingToDo = 'kbuild-graph: no work to do.\n';

/** The stamp's name in the module's output (`M=`) directory. */
export const stampName = '.kbuild-graph-build.json';

/** A path's state: `[mtimeMs, ctimeMs, size]`, or `null` when nothing is there. */
export type PathState = readonly [number, number, number] | null;

/** What the stamp holds. */
export interface Stamp {
  /** Which kbuild-graph wrote it (`tool` below): another version may plan differently. */
  readonly tool: string;
  /** The words after `kbuild-graph`, as given. */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The environment, without the variables a shell changes between commands (`ignoredVariables`). */
  readonly env: Readonly<Record<string, string>>;
  /** Every path the build looked at, with its state once the build was done. */
  readonly paths: Readonly<Record<string, PathState>>;
  /** The ninja backend's: ninja itself says whether there is work (its build.ninja regenerates itself when kbuild's files change). */
  readonly ninja?: NinjaCheck;
}

/** A dry run of ninja (`ninja -n`) that prints `noWork` when everything is up to date. */
export interface NinjaCheck {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly noWork: string;
}

/**
 * Variables an interactive shell sets on its own between two commands; kbuild never reads them, so
 * a change in them does not make a build out of date.
 */
const ignoredVariables = new Set(['_', 'OLDPWD']);

/** The environment as the stamp records it. */
export function stampEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (value !== undefined && !ignoredVariables.has(name)) out[name] = value;
  }
  return out;
}

/** The state of `path` now. */
export function pathState(path: string): PathState {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    return s === undefined ? null : [s.mtimeMs, s.ctimeMs, s.size];
  } catch {
    return null;
  }
}

/**
 * This build of kbuild-graph: its version and the state of the script Node runs (`bin/kbuild-graph.js`,
 * which every build of the bundle writes anew), so that a rebuilt tool plans again. The launcher and
 * the stamp's writer run in one process, so both see the same script.
 */
export function tool(version: string): string {
  const script = process.argv[1];
  return `${version} ${script === undefined ? '' : JSON.stringify(pathState(script))}`;
}

/**
 * What `kbuild-graph build` with `argv` (the words after `kbuild-graph`, `build` first) prints when
 * it would do nothing, or undefined when it may have work: some directory named on the command line
 * holds a stamp written by the same tool for the same command line, working directory and
 * environment, no path it lists changed, and (the ninja backend's) ninja's dry run finds nothing
 * to do. Anything unreadable or unexpected means "not known to be up to date".
 */
export function upToDateMessage(argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>, toolName: string): string | undefined {
  const found = matchingStamp(argv, cwd, env, toolName);
  if (found === undefined || !Object.entries(found.stamp.paths).every(([path, state]) => sameState(pathState(path), state))) return undefined;
  if (found.stamp.ninja === undefined) return nothingToDo;
  // ninja's own words, as the backend would show them after running ninja.
  return ninjaHasNoWork(found.stamp.ninja) ? found.stamp.ninja.noWork : undefined;
}

/**
 * Whether ninja's dry run says there is nothing to do. Anything else (work to do, a build.ninja
 * written for other options or gone, no ninja) leaves it to the whole CLI, which runs ninja for
 * real or says what is wrong.
 */
function ninjaHasNoWork(check: NinjaCheck): boolean {
  const [program, ...args] = check.argv;
  if (program === undefined) return false;
  const r = spawnSync(program, args, { cwd: check.cwd, env: check.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0 && r.stdout === check.noWork && r.stderr === '';
}

/**
 * The paths that changed since the last build with this command line, working directory and
 * environment, with the directory holding its stamp; undefined when there is no such build.
 */
export function changesSinceStamp(argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>, toolName: string): { dir: string; changed: string[] } | undefined {
  const found = matchingStamp(argv, cwd, env, toolName);
  if (found === undefined || found.stamp.ninja !== undefined) return undefined;
  const changed = Object.entries(found.stamp.paths).filter(([path, state]) => !sameState(pathState(path), state)).map(([path]) => path);
  return { dir: found.dir, changed };
}

/** The stamp of the last build with the same command line, working directory, environment and tool, and where it is. */
function matchingStamp(argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>, toolName: string): { dir: string; stamp: Stamp } | undefined {
  if (argv[0] !== 'build') return undefined;
  const environment = JSON.stringify(stampEnvironment(env));
  for (const dir of candidateDirectories(argv, cwd)) {
    let stamp: Stamp;
    try {
      stamp = JSON.parse(readFileSync(join(dir, stampName), 'utf8')) as Stamp;
    } catch {
      continue;
    }
    if (stamp.tool !== toolName || stamp.cwd !== cwd || JSON.stringify(stamp.argv) !== JSON.stringify(argv)) continue;
    if (JSON.stringify(stamp.env) !== environment) continue;
    return { dir, stamp };
  }
  return undefined;
}

/** The directories a `build` command line names (its words and `VAR=` values that are not options), where a stamp may be. */
function candidateDirectories(argv: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const word of argv.slice(1)) {
    if (word.startsWith('-')) continue;
    const value = /^M=/.test(word) ? word.slice(2) : word.includes('=') ? '' : word;
    if (value !== '') out.push(isAbsolute(value) ? value : resolve(cwd, value));
  }
  return out;
}

/** Whether two recorded states are the same. */
export function sameState(a: PathState, b: PathState): boolean {
  return a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}
