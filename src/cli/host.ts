/** The real `Host`: the file system through `node:fs`, commands through `/bin/sh -c`. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { Host } from '../base/index.js';

/** Makes a host over the real file system; `allowShell` decides whether commands run. */
export function nodeHost(allowShell: boolean): Host {
  return {
    readFile(path) {
      try {
        return readFileSync(path);
      } catch {
        return undefined;
      }
    },
    stat(path) {
      try {
        const s = statSync(path);
        return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', mtimeMs: s.mtimeMs };
      } catch {
        return undefined;
      }
    },
    realPath(path) {
      try {
        return realpathSync(path);
      } catch {
        return undefined;
      }
    },
    readDirectory(path) {
      try {
        return readdirSync(path);
      } catch {
        return undefined;
      }
    },
    shell(command, cwd, env) {
      if (!allowShell) return undefined;
      const r = spawnSync('/bin/sh', ['-c', command], { cwd, env: Object.fromEntries(env), encoding: 'latin1', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 });
      return { stdout: r.stdout ?? '', status: r.status ?? 127 };
    },
  };
}
