/**
 * Small measuring helpers shared by the benchmarks: medians, timing a child process, and reading
 * a child's peak resident set size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The median of a non-empty list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs a command to completion and times it with the monotonic clock, wall time from spawn to
 * exit. Output is captured (not inherited), so the terminal's speed is not part of the figure.
 *
 * @returns `{ ms, status, signal, stdout, stderr, error }`.
 */
export function timeCommand(command, args, options = {}) {
  const t0 = performance.now();
  const r = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = performance.now() - t0;
  return { ms, status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/**
 * Calls `runA` and `runB` alternately (either may be null), `warmups` times each with the results
 * dropped and then `runs` times each, so that drift in the machine's speed hits both sides alike.
 *
 * @returns `{ a: results[], b: results[] }`, timed runs only.
 */
export function alternate(runA, runB, runs, warmups = 1) {
  for (let i = 0; i < warmups; i++) {
    if (runA) runA();
    if (runB) runB();
  }
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    if (runA) a.push(runA());
    if (runB) b.push(runB());
  }
  return { a, b };
}

const hookPath = fileURLToPath(new URL('./maxrss-hook.mjs', import.meta.url));

/** Whether `/usr/bin/time` (GNU time) is present; it gives any program's peak RSS. */
export function hasGnuTime() {
  if (!existsSync('/usr/bin/time')) return false;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/m.test(r.stderr ?? '');
}

/**
 * Runs a command once and reads its peak resident set size in kilobytes. It uses GNU time
 * (`/usr/bin/time -f %M`) when present; otherwise, for a Node script only (`isNode`), it preloads
 * a hook that writes `process.resourceUsage().maxRSS` at exit.
 *
 * @returns `{ kb, method, status, signal, stdout, stderr }`; `kb` is null when neither way works.
 */
export function peakRss(command, args, options = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kbg-bench-rss-'));
  const out = path.join(dir, 'maxrss');
  try {
    if (hasGnuTime()) {
      const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, command, ...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      return { kb: readKb(out), method: '/usr/bin/time -f %M', ...outcome(r) };
    }
    if (options.isNode) {
      const r = spawnSync(command, ['--import', pathToFileURL(hookPath).href, ...args], {
        cwd: options.cwd,
        env: { ...(options.env ?? process.env), KBG_BENCH_MAXRSS_OUT: out },
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      return { kb: readKb(out), method: 'process.resourceUsage().maxRSS at exit', ...outcome(r) };
    }
    return { kb: null, method: 'none (install GNU time: apt-get install -y time)', status: null, signal: null, stdout: '', stderr: '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function outcome(r) {
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function readKb(file) {
  try {
    const m = /(\d+)\s*$/.exec(readFileSync(file, 'utf8').trim());
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
