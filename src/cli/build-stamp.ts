/**
 * Writing the stamp that `up-to-date.ts` checks: a host layer that notes every path kbuild's
 * evaluations look at, and the stamp written once a build has succeeded.
 */
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Host } from '../base/index.js';
import { pathState, stampEnvironment, stampName, tool, type NinjaCheck, type PathState, type Stamp } from './up-to-date.js';
import { version } from './version.js';

/** `host`, noting in `paths` every path it is asked about, and the files named in the commands it runs. */
export function recordingHost(host: Host, paths: Set<string>): Host {
  const programs: ProgramLookups = new Map();
  return {
    ...host,
    readFile: (path) => (paths.add(path), host.readFile(path)),
    stat: (path) => (paths.add(path), host.stat(path)),
    lstat: host.lstat === undefined ? undefined : (path) => (paths.add(path), host.lstat!(path)),
    realPath: (path) => (paths.add(path), host.realPath(path)),
    readDirectory: (path) => (paths.add(path), host.readDirectory(path)),
    shell(command, cwd, env) {
      for (const path of commandInputs(command, cwd, env.get('PATH'), programs)) paths.add(path);
      return host.shell(command, cwd, env);
    },
  };
}

/**
 * Where each word was found on `PATH` (by `PATH` and word), or undefined: kbuild's checks name the
 * same few programs again and again, among a hundred compiler options each, and one build does not
 * change the programs it runs. A map lives as long as one build.
 */
export type ProgramLookups = Map<string, string | undefined>;

/**
 * What a command's answer depends on, as far as its text tells: the files it names (`cat
 * modules.order`, a script), and the programs it runs by name as found on `PATH` (`gcc-12`: a
 * new compiler may answer kbuild's checks differently). Absolute paths. Any word that could name
 * a program counts (more inputs than needed only make a stamp stricter), except options (`-O2`).
 */
export function commandInputs(command: string, cwd: string, path: string | undefined, programs: ProgramLookups = new Map()): string[] {
  const out = new Set<string>();
  for (const word of command.match(/[^\s'"`;|&<>()]+/g) ?? []) {
    if (word.startsWith('-')) continue;
    if (word.includes('/')) {
      const file = resolve(cwd, word);
      if (isFile(file)) out.add(file);
    } else if (/^[\w.+-]+$/.test(word) && !/^\d/.test(word)) {
      const key = `${path ?? ''}\0${word}`;
      let program = programs.get(key);
      if (!programs.has(key)) {
        program = (path ?? '').split(':').filter((d) => d !== '').map((d) => join(resolve(cwd, d), word)).find(isFile);
        programs.set(key, program);
      }
      if (program !== undefined) out.add(program);
    }
  }
  return [...out];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Removes the stamp in `dir`, if any: a build is starting there. */
export function removeStamp(dir: string): void {
  try {
    rmSync(join(dir, stampName), { force: true });
  } catch {
    // It cannot be removed (a directory the user cannot write): then it cannot be written either,
    // and the build itself reports what it cannot write.
  }
}

/**
 * Writes the stamp of a build that succeeded into `dir`. The file is made first and then filled in
 * place, so that making it does not change the state of `dir` that the stamp records; a stamp cut
 * short is not valid JSON, which reads as "not up to date".
 */
export function writeStamp(dir: string, argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>, paths: ReadonlySet<string>, ninja?: NinjaCheck): void {
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
  const stamp: Stamp = { tool: tool(version), argv, cwd, env: stampEnvironment(env), paths: states, ...(ninja === undefined ? {} : { ninja }) };
  writeFileSync(file, JSON.stringify(stamp));
}
