/**
 * What the corpus scripts (fetch-kernel.mjs, kbuild-oracle.mjs) share: failures and logging, child processes, the cache's location and stamp, and installing a finished folder with rename(2).
 * Each script runs its main() through runMain(), which cleans up children and the unfinished folder on failure or a signal.
 */

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const manifestPath = path.join(repoRoot, 'test', 'corpus', 'manifest.json');
export const stampName = 'stamp.json';
// Bump this when the cache layout changes, so that old caches are fetched again.
export const stampFormat = 1;
export const roles = ['source', 'headers', 'headersCommon', 'kbuild', 'image'];

/** An expected failure: its message is printed without a stack trace. */
export class Failure extends Error {}

export const startedAt = performance.now();
/** What cleanUp() must undo: the children still running and the unfinished folder (removed on failure). */
export const running = { tmpDir: undefined, children: new Set() };
// The word each log line starts with; runMain() sets it to the script's name.
let prefix = 'corpus';

export function log(message) {
  console.log(`${prefix}: ${message}`);
}

export function seconds(fromMs) {
  return `${((performance.now() - fromMs) / 1000).toFixed(1)} s`;
}

export function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

export function sha256(text) {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

// ---------------------------------------------------------------------------
// Manifest and cache location.

export async function readManifest() {
  let text;
  try {
    text = await fsp.readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new Failure(`cannot read the manifest ${manifestPath}: ${error.message}`);
  }
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Failure(`${manifestPath} is not valid JSON: ${error.message}`);
  }
  for (const key of ['series', 'version', 'abi', 'flavour']) {
    if (typeof manifest[key] !== 'string' || manifest[key] === '') {
      throw new Failure(`${manifestPath}: "${key}" must be a non-empty string`);
    }
  }
  for (const role of roles) {
    if (typeof manifest.packages?.[role] !== 'string') {
      throw new Failure(`${manifestPath}: "packages.${role}" must name a package`);
    }
  }
  if (!Array.isArray(manifest.source?.fileNames) || !Array.isArray(manifest.source?.fullDirectories)) {
    throw new Failure(`${manifestPath}: "source.fileNames" and "source.fullDirectories" must be arrays`);
  }
  return { manifest, hash: sha256(text) };
}

/** The folder that holds one subfolder per kernel version: $KBG_CACHE_DIR, else <repo>/.cache/kernel. */
export function cacheBase() {
  const fromEnv = process.env.KBG_CACHE_DIR;
  return fromEnv ? path.resolve(fromEnv) : path.join(repoRoot, '.cache', 'kernel');
}

export async function readStamp(versionDir) {
  try {
    return JSON.parse(await fsp.readFile(path.join(versionDir, stampName), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Finds a complete cache for this manifest: the pinned version's folder first, then any folder that a fallback filled for the same pin.
 * A stamp written for another manifest text is stale and does not count.
 */
export async function findCompleteCache(base, manifest, hash) {
  let names = [];
  try {
    names = (await fsp.readdir(base)).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return undefined;
  }
  const ordered = [manifest.version, ...names.filter((name) => name !== manifest.version)];
  for (const name of ordered) {
    const dir = path.join(base, name);
    const stamp = await readStamp(dir);
    if (stamp === undefined || stamp.pinnedVersion !== manifest.version) continue;
    if (stamp.format === stampFormat && stamp.manifestHash === hash) return { dir, stamp };
    log(`the cache in ${dir} was made from another manifest or layout; fetching again`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Child processes.

export function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      // Not in this PATH entry.
    }
  }
  return false;
}

export function tail(text, lines = 15) {
  return text.trimEnd().split('\n').slice(-lines).map((line) => `    ${line}`).join('\n');
}

/**
 * Runs a pipeline of commands (stdout of each into stdin of the next) and resolves with the last one's stdout.
 * Options: cwd; env (the children's environment, else ours); stdoutFile (write the last stdout there); echo (print the last stdout's lines, indented, as they come).
 * A non-zero exit, a signal or a missing program rejects with a Failure that quotes stderr.
 */
export function pipeline(commands, options = {}) {
  return new Promise((resolve, reject) => {
    const stderr = commands.map(() => '');
    let stdout = '';
    let pending = commands.length;
    const failures = [];
    const outFd = options.stdoutFile === undefined ? undefined : fs.openSync(options.stdoutFile, 'w');
    let previous;
    commands.forEach(([command, args], index) => {
      const last = index === commands.length - 1;
      const stdin = previous?.stdout ?? 'ignore';
      const out = last && outFd !== undefined ? outFd : 'pipe';
      const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: [stdin, out, 'pipe'] });
      // The child now holds its own copy of the pipe; closing ours lets a writer see EPIPE if its reader dies.
      previous?.stdout?.destroy();
      previous = child;
      running.children.add(child);
      let finished = false;
      const finish = (problem) => {
        if (finished) return;
        finished = true;
        running.children.delete(child);
        if (problem) failures.push(problem);
        pending -= 1;
        if (pending > 0) return;
        if (outFd !== undefined) fs.closeSync(outFd);
        // A writer whose reader died fails with a broken pipe; the reader's own failure is the one worth showing.
        const failure = failures.find((f) => !f.brokenPipe) ?? failures[0];
        if (failure) reject(failure);
        else resolve(stdout);
      };
      child.stderr.on('data', (chunk) => {
        stderr[index] += chunk;
      });
      if (last && child.stdout) {
        let partial = '';
        child.stdout.on('data', (chunk) => {
          const text = chunk.toString();
          stdout += text;
          if (!options.echo) return;
          partial += text;
          const lines = partial.split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) if (line.trim() !== '') console.log(`    ${line.trim()}`);
        });
      }
      child.on('error', (error) => {
        finish(
          error.code === 'ENOENT'
            ? new Failure(`${command} is not installed`)
            : new Failure(`${command}: ${error.message}`),
        );
      });
      child.on('close', (code, signal) => {
        if (code === 0 && !signal) return finish(undefined);
        const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
        const said = stderr[index].trim() === '' ? '' : `:\n${tail(stderr[index])}`;
        const problem = new Failure(`\`${[command, ...args].join(' ')}\` ${how}${said}`);
        problem.stderr = stderr[index];
        problem.brokenPipe = signal === 'SIGPIPE' || /broken pipe/i.test(stderr[index]);
        finish(problem);
      });
    });
  });
}

export function run(command, args, options = {}) {
  return pipeline([[command, args]], options);
}

export async function walk(dir, visit) {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    await visit(full, entry);
    if (entry.isDirectory()) await walk(full, visit);
  }
}

// ---------------------------------------------------------------------------
// Installing into place.

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Removes temporary folders left by runs that were killed before they could clean up. */
export async function removeAbandoned(base) {
  for (const name of await fsp.readdir(base)) {
    const match = /^\.(tmp|old)-.*-([0-9]+)$/.exec(name);
    if (match === null || pidAlive(Number(match[2]))) continue;
    log(`removing ${path.join(base, name)}, left by an interrupted run`);
    await fsp.rm(path.join(base, name), { recursive: true, force: true });
  }
}

/** Moves the finished tmpDir to finalDir with rename(2), replacing whatever stale folder is there. */
export async function install(tmpDir, finalDir) {
  try {
    await fsp.rename(tmpDir, finalDir);
    return;
  } catch (error) {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  }
  const old = path.join(path.dirname(finalDir), `.old-${path.basename(finalDir)}-${process.pid}`);
  log(`replacing the old ${finalDir}`);
  await fsp.rename(finalDir, old);
  await fsp.rename(tmpDir, finalDir);
  await fsp.rm(old, { recursive: true, force: true });
}

/** Stops our children, waits (up to 3 s) until they are gone, and removes the unfinished folder. */
async function cleanUp() {
  const children = [...running.children];
  const gone = children.map((child) => new Promise((resolve) => child.once('close', resolve)));
  for (const child of children) {
    // A child spawned detached leads its own process group (a make and its sub-makes): stop the whole group.
    if (child.ownGroup) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    } else {
      child.kill('SIGTERM');
    }
  }
  await Promise.race([Promise.all(gone), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
  if (running.tmpDir !== undefined) {
    // Should this fail, the next run removes the folder: its name carries our pid (see removeAbandoned).
    await fsp.rm(running.tmpDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    running.tmpDir = undefined;
  }
}

/**
 * Runs a script's main(): a Failure is printed as `<name>: error: ...` with exit status 1, after cleanUp();
 * SIGINT, SIGTERM and SIGHUP clean up too, and exit with 128 plus the signal's number.
 */
export async function runMain(name, main, interruptedNote) {
  prefix = name;
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.once(signal, () => {
      console.error(`\n${name}: interrupted by ${signal}; ${interruptedNote}`);
      void cleanUp().finally(() => process.exit(status));
    });
  }
  try {
    await main();
  } catch (error) {
    await cleanUp();
    if (error instanceof Failure) {
      console.error(`${name}: error: ${error.message}`);
      console.error(`${name}: failed after ${seconds(startedAt)}`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
