/**
 * The answers of kbuild's compiler checks, kept between builds in `.kbuild-graph-checks.json` in
 * the module's output directory: each with the state of what it depends on (`commandInputs`: the
 * files the check names and the programs it runs), and given again only while that is unchanged.
 * A build that only touched a source then does not run kbuild's few dozen checks again. Only the
 * checks the last build asked about are kept.
 */
import { join } from 'node:path';
import type { ShellResult } from '../base/index.js';
import type { ShellCacheStore } from '../eval/make/index.js';
import { commandInputs, type ProgramLookups } from './build-stamp.js';
import { writeAtomically } from './files.js';
import { readRecord } from './shell-store.js';
import { pathState, sameState, type PathState } from './up-to-date.js';

/** The file's name in the output directory. */
export const checksName = '.kbuild-graph-checks.json';

interface Kept {
  readonly result: ShellResult;
  readonly inputs: Readonly<Record<string, PathState>>;
}

/**
 * The checks kept in `dir`; `save` to write them back once the build is over (atomically); and
 * `inputs`, what the answers given this build depend on (an answer given from here ran nothing,
 * so no other layer saw its inputs: the no-op stamp takes them from here).
 */
export function checkStore(dir: string): { store: ShellCacheStore; save: () => void; inputs: () => Iterable<string> } {
  const file = join(dir, checksName);
  // None kept yet, or unreadable: every check runs, and the file is written anew.
  const entries = readRecord<Kept>(file);
  let dirty = false;
  const used = new Set<string>();
  // The checks this build asked about: only they are written back, so that answers for another
  // environment or compiler do not pile up build after build.
  const asked = new Set<string>();
  const states = new Map<string, PathState>();
  const programs: ProgramLookups = new Map();
  const state = (path: string): PathState => {
    if (!states.has(path)) states.set(path, pathState(path));
    return states.get(path)!;
  };
  const valid = (kept: Kept): boolean => Object.entries(kept.inputs).every(([path, s]) => sameState(state(path), s));
  return {
    store: {
      has: (key) => entries[key] !== undefined && valid(entries[key]),
      get(key) {
        asked.add(key);
        const kept = entries[key];
        if (kept === undefined) return undefined;
        if (valid(kept)) {
          for (const path of Object.keys(kept.inputs)) used.add(path);
          return kept.result;
        }
        delete entries[key];
        dirty = true;
        return undefined;
      },
      set(key, result) {
        // The key is shellCacheKey's: [command, directory, environment entries].
        const [command, cwd, env] = JSON.parse(key) as [string, string, [string, string][]];
        const path = env.find(([name]) => name === 'PATH')?.[1];
        const inputs: Record<string, PathState> = {};
        for (const input of commandInputs(command, cwd, path, programs)) {
          inputs[input] = state(input);
          used.add(input);
        }
        entries[key] = { result, inputs };
        asked.add(key);
        dirty = true;
      },
    },
    save() {
      const kept: Record<string, Kept> = {};
      for (const key of asked) if (entries[key] !== undefined) kept[key] = entries[key];
      if (dirty || Object.keys(kept).length !== Object.keys(entries).length) writeAtomically(file, JSON.stringify(kept));
    },
    inputs: () => used,
  };
}
