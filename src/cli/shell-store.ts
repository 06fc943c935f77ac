/** `--shell-cache=FILE`: `$(shell)` results kept in a JSON file between runs. */
import { readFileSync } from 'node:fs';
import type { ShellResult } from '../base/index.js';
import type { ShellCacheStore } from '../eval/make/index.js';
import { writeAtomically } from './files.js';

/**
 * A shell-result cache kept in a JSON file: read once, written back (atomically, through a
 * temporary file and a rename) only when a command ran that was not in it.
 */
export function fileStore(path: string): { store: ShellCacheStore; save: () => void; added: () => [string, ShellResult][] } {
  // A missing or unreadable cache is an empty one; it is rewritten after this run.
  const entries = readRecord<ShellResult>(path);
  const added = new Map<string, ShellResult>();
  let dirty = false;
  return {
    store: {
      get: (key) => entries[key],
      has: (key) => entries[key] !== undefined,
      set: (key, result) => {
        entries[key] = result;
        added.set(key, result);
        dirty = true;
      },
    },
    added: () => [...added],
    save: () => {
      if (!dirty) return;
      writeAtomically(path, JSON.stringify(entries));
    },
  };
}


/** The JSON object in the file at `path` (a cache this CLI wrote), or an empty one when it is missing or unreadable. */
export function readRecord<T>(path: string): Record<string, T> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, T>;
  } catch {
    // Missing, or not JSON.
  }
  return {};
}
