/**
 * Writing the stamp that `up-to-date.ts` checks: a host layer that notes every path kbuild's
 * evaluations look at, and the stamp written once a build has succeeded.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Host } from '../base/index.js';
import { pathState, stampEnvironment, stampName, tool, type PathState, type Stamp } from './up-to-date.js';
import { version } from './version.js';

/** `host`, noting in `paths` every path it is asked about, and the files named in the commands it runs. */
export function recordingHost(host: Host, paths: Set<string>): Host {
  return {
    ...host,
    readFile: (path) => (paths.add(path), host.readFile(path)),
    stat: (path) => (paths.add(path), host.stat(path)),
    lstat: host.lstat === undefined ? undefined : (path) => (paths.add(path), host.lstat!(path)),
    realPath: (path) => (paths.add(path), host.realPath(path)),
    readDirectory: (path) => (paths.add(path), host.readDirectory(path)),
    shell(command, cwd, env) {
      // A command's input files (`cat modules.order`) count as read: whatever it names that is a file.
      for (const word of command.match(/[^\s'"`;|&<>()]+/g) ?? []) {
        const path = resolve(cwd, word);
        if (host.stat(path)?.kind === 'file') paths.add(path);
      }
      return host.shell(command, cwd, env);
    },
  };
}

/** Removes the stamp in `dir`, if any: a build is starting there. */
export function removeStamp(dir: string): void {
  rmSync(join(dir, stampName), { force: true });
}

/**
 * Writes the stamp of a build that succeeded into `dir`. The file is made first and then filled in
 * place, so that making it does not change the state of `dir` that the stamp records; a stamp cut
 * short is not valid JSON, which reads as "not up to date".
 */
export function writeStamp(dir: string, argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>, paths: ReadonlySet<string>): void {
  const file = join(dir, stampName);
  writeFileSync(file, '');
  const states: Record<string, PathState> = {};
  for (const path of [...paths].sort()) {
    const state = pathState(path);
    if (state !== null) {
      states[path] = state;
      continue;
    }
    // A path that is not there stays away as long as the nearest directory above it that is there
    // keeps its modification time (making an entry changes it): one directory stands for the many
    // files kbuild looks for and does not find.
    let dir = dirname(path);
    while (pathState(dir) === null && dirname(dir) !== dir) dir = dirname(dir);
    states[dir] = pathState(dir);
  }
  const stamp: Stamp = { tool: tool(version), argv, cwd, env: stampEnvironment(env), paths: states };
  writeFileSync(file, JSON.stringify(stamp));
}
