/**
 * The out-of-tree scenario of the tests: a copy of a kernel directory built against Debian's
 * headers, and what GNU make prints for `make -C <headers> M=<copy> -n modules`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { corpusStatus } from './kernel.js';

/** One directory copied for an external build, and GNU make's dry run of it. */
export interface OutOfTree {
  readonly headers: string;
  readonly copy: string;
  /** The environment both makes run with: no inherited make variables, the C locale. */
  readonly env: NodeJS.ProcessEnv;
  readonly gnu: SpawnSyncReturns<string>;
}

/** Copies `dir` of the kernel corpus into `work` and runs GNU make's `-n modules` on it. */
export function outOfTree(work: string, dir: string): OutOfTree {
  const status = corpusStatus();
  const headers = status.headers;
  const tree = status.tree;
  if (headers === undefined || tree === undefined) throw new Error(status.reason);
  const copy = join(work, dir.replace(/\//g, '_'));
  cpSync(join(tree, dir), copy, { recursive: true });
  const env = { ...process.env, MAKEFLAGS: undefined, MAKELEVEL: undefined, LANG: 'C', LC_ALL: 'C' };
  const gnu = spawnSync('make', ['-C', headers, `M=${copy}`, '-n', 'modules'], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  return { headers, copy, env, gnu };
}
