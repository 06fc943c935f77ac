/**
 * The compile steps of the last build, kept in `.kbuild-graph-compiles.json` in the module's output
 * directory for the next one. When the only paths that changed since the last build are sources
 * of these steps (an edited `.c` file), their compiles start at once, while kbuild is still being
 * evaluated (`BuildOptions.early`); the plan's own step then takes their results.
 */
import { join } from 'node:path';
import type { SavedStep } from '../backend/build/index.js';
import { resolvePath } from '../eval/make/index.js';
import { writeAtomically } from './files.js';
import { readRecord } from './shell-store.js';

/** The file's name in the output directory. */
export const compilesName = '.kbuild-graph-compiles.json';

/** The file's content: each distinct environment once, and the steps naming theirs by index. */
interface Kept {
  readonly envs: readonly (readonly [string, string])[][];
  readonly steps: readonly { readonly d: string; readonly t: string; readonly e: number; readonly c: readonly string[]; readonly s: string }[];
}

/** The steps kept in `dir`; empty when there are none or the file is unreadable. */
export function readCompiles(dir: string): SavedStep[] {
  const kept = readRecord<unknown>(join(dir, compilesName)) as Partial<Kept>;
  if (!Array.isArray(kept.envs) || !Array.isArray(kept.steps)) return [];
  const envs = kept.envs.map((e) => new Map<string, string>(e));
  const out: SavedStep[] = [];
  for (const s of kept.steps) {
    const env = envs[s.e];
    if (env === undefined || typeof s.d !== 'string' || typeof s.t !== 'string' || typeof s.s !== 'string' || !Array.isArray(s.c)) return [];
    out.push({ directory: s.d, target: s.t, env, commands: s.c, source: s.s });
  }
  return out;
}

/** Writes `steps` into `dir` (atomically), each target once: a later step for a target replaces an earlier one, in its place. */
export function writeCompiles(dir: string, steps: readonly SavedStep[]): void {
  const byTarget = new Map<string, SavedStep>();
  for (const s of steps) byTarget.set(resolvePath(s.directory, s.target), s);
  // Each distinct environment once: the steps of one make share theirs.
  const envs: [string, string][][] = [];
  const index = new Map<string, number>();
  const kept = [...byTarget.values()].map((s) => {
    const entries = [...s.env];
    const text = JSON.stringify(entries);
    let e = index.get(text);
    if (e === undefined) {
      e = envs.push(entries) - 1;
      index.set(text, e);
    }
    return { d: s.directory, t: s.target, e, c: s.commands, s: s.source };
  });
  writeAtomically(join(dir, compilesName), JSON.stringify({ envs, steps: kept }));
}

/**
 * The kept steps to start early when `changed` paths changed since the last build: those whose
 * source changed, when every changed path is such a source; otherwise none (a makefile, a header,
 * the configuration or a tool changed, and only kbuild's evaluation can say what that means).
 */
export function earlySteps(kept: readonly SavedStep[], changed: readonly string[]): SavedStep[] | undefined {
  const bySource = new Map<string, SavedStep[]>();
  for (const s of kept) {
    const steps = bySource.get(s.source);
    if (steps === undefined) bySource.set(s.source, [s]);
    else steps.push(s);
  }
  const out: SavedStep[] = [];
  for (const path of changed) {
    const steps = bySource.get(path);
    if (steps === undefined) return undefined;
    out.push(...steps);
  }
  return out;
}
