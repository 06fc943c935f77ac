/**
 * The shell policy "allow with a result cache": a `Host` whose commands are answered from a
 * store when the same command ran before in the same directory and environment.
 */
import type { Host, ShellResult } from '../../base/index.js';

/** Where cached command results live; the CLI backs it with a file, tests with a map. */
export interface ShellCacheStore {
  get(key: string): ShellResult | undefined;
  set(key: string, result: ShellResult): void;
  /** Whether `get` would answer `key`, without counting it as asked. */
  has?(key: string): boolean;
}

/**
 * Variables every shell sets for itself, which change with how kbuild-graph was started (`_` is
 * the last command's path, `SHLVL` the shell depth) and which no build command reads.
 */
export const volatileVariables: ReadonlySet<string> = new Set(['_', 'SHLVL', 'OLDPWD']);

/** An environment as a key takes it: its entries in name order, less `volatileVariables`. */
export function keyedEnvironment(env: ReadonlyMap<string, string>): [string, string][] {
  return [...env].filter(([name]) => !volatileVariables.has(name)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The cache key of a command: the command, its directory and its environment (`keyedEnvironment`). */
export function shellCacheKey(command: string, cwd: string, env: ReadonlyMap<string, string>): string {
  return JSON.stringify([command, cwd, keyedEnvironment(env)]);
}

/**
 * Wraps a host so that its commands go through `store`: a hit is answered without running
 * anything; a miss runs the command (if the host's policy allows it) and records the result.
 *
 * @example
 * const host = cachingHost(nodeHost(true), mapStore(new Map()));
 */
export function cachingHost(host: Host, store: ShellCacheStore): Host {
  // Hosts are plain objects of functions, so spreading keeps every capability but the shell.
  return {
    ...host,
    shell(command, cwd, env) {
      const key = shellCacheKey(command, cwd, env);
      const hit = store.get(key);
      if (hit !== undefined) return { ...hit, replayed: true };
      const result = host.shell(command, cwd, env);
      if (result !== undefined) store.set(key, result);
      return result;
    },
  };
}
