/** `--shell-cache=FILE`: `$(shell)` results kept in a JSON file between runs. */
import { readFileSync } from 'node:fs';
import type { ShellResult } from '../base/index.js';
import type { ShellCacheStore } from '../eval/make/index.js';
import { writeAtomically } from './files.js';

/**
 * A shell-result cache kept in a JSON file: read once, written back (atomically, through a
 * temporary file and a rename) only when a command ran that was not in it.
 */
export function fileStore(path: string): { store: ShellCacheStore; save: () => void } {
  let entries: Record<string, ShellResult> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed !== null && typeof parsed === 'object') entries = parsed as Record<string, ShellResult>;
  } catch {
    // A missing or unreadable cache is an empty one; it is rewritten after this run.
  }
  let dirty = false;
  return {
    store: {
      get: (key) => entries[key],
      set: (key, result) => {
        entries[key] = result;
        dirty = true;
      },
    },
    save: () => {
      if (!dirty) return;
      writeAtomically(path, JSON.stringify(entries));
    },
  };
}

