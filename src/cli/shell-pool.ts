/**
 * `$(shell)` commands run by long-lived helper shells instead of one `spawnSync` each.
 *
 * Node's start of a process costs it several milliseconds of its own (a fork of a large process,
 * pipes, the JavaScript around `spawnSync`): 11 ms per `/bin/sh -c true` on the 2-core VM, where a
 * shell starts one in 5 ms. kbuild's top Makefile runs about forty commands while it is read,
 * and make waits for each. A helper here is a `/bin/sh` that reads job numbers from a FIFO, runs
 * each job's command as `/bin/sh -c` in a subshell (in its directory, with exactly its
 * environment, standard input from `/dev/null`, both outputs into files) and writes the status
 * to a second FIFO. The engine is synchronous, so waiting for a job is a blocking read of that
 * FIFO, which ends with its answer or, once the helper died, with the end of the file (only the
 * helper holds the write end). Before the helper has opened its end, a read ends at once with
 * nothing, so its first line (`R`) is awaited by reading again after a short sleep, checking that
 * the helper is still there. (Polling all along cost Node a fifth of a core.)
 *
 * Helper 0 runs the commands the engine asks for. The others run commands ahead of time
 * (`prefetch`, for `probe-history.ts`); their queued jobs can be called off (`cancel`, `drain`).
 * Nothing here is specific to kbuild.
 *
 * When anything is missing (`mkfifo`, `/usr/bin/env`, `/proc`), a command cannot be written as a
 * job (an empty environment name), or a helper is lost, the caller runs the command itself with
 * `spawnSync`, as before.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellResult } from '../base/index.js';

/** One command to run: what `Host.shell` is given. */
export interface ShellJob {
  readonly command: string;
  readonly cwd: string;
  readonly env: Iterable<readonly [string, string]>;
}

interface Helper {
  readonly pid: number;
  /** Where jobs are asked for: the request FIFO, opened for reading and writing (never blocks). */
  readonly requests: number;
  /** Where statuses come back: the response FIFO's read end (blocking). */
  readonly responses: number;
  /** A response line not yet whole. */
  pending: string;
  /** The helper has opened its response FIFO (its first line, `R`). */
  ready: boolean;
  lost: boolean;
}

/** How a job ended: its status, `cancelled` (never run), `nowhere` (its directory could not be entered), or `lost`. */
type Outcome = number | 'cancelled' | 'nowhere' | 'lost';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleepCell, 0, 0, ms);

/** `text` as one word of sh, in single quotes. */
const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** The script of each helper: `$1` is the pool's directory, `$2` the helper's number. */
const helperScript = 'exec <"$1/q$2" 3>"$1/r$2" || exit 1; echo R >&3; while read -r n; do . "$1/j$n"; done';

/**
 * The helper shells of one process (or thread); see the file's comment. Made on first use by
 * `shellPool()`, ended when the process exits.
 */
export class ShellPool {
  private readonly helpers: Helper[] = [];
  private readonly outcomes = new Map<number, Outcome>();
  /** How long each finished job ran, in milliseconds. */
  private readonly times = new Map<number, number>();
  /** The helper of each job given and not yet answered. */
  private readonly owner = new Map<number, Helper>();
  private nextJob = 1;
  /** Jobs prefetched from now on are called off by the file `stop<generation>`; `cancel` makes it and moves on. */
  private generation = 0;
  private closed = false;

  private constructor(private readonly dir: string) {}

  /** A pool with its first helper, or undefined when helpers cannot be made here. */
  static start(): ShellPool | undefined {
    if (!existsSync('/usr/bin/env') || !existsSync('/proc/self/stat')) return undefined;
    sweep();
    let dir: string;
    try {
      dir = mkdtempSync(join(tmpdir(), `${dirPrefix}${process.pid}-`));
    } catch {
      return undefined;
    }
    const pool = new ShellPool(dir);
    if (!pool.grow(1)) {
      pool.close();
      return undefined;
    }
    return pool;
  }

  /** Makes `count` more helpers (FIFOs first, with one `mkfifo`); false when they could not be made. */
  grow(count: number): boolean {
    const first = this.helpers.length;
    const names = Array.from({ length: count }, (_, i) => [join(this.dir, `q${first + i}`), join(this.dir, `r${first + i}`)]).flat();
    if (spawnSync('mkfifo', names, { stdio: 'ignore' }).status !== 0) return false;
    for (let i = first; i < first + count; i++) {
      let requests: number | undefined;
      let responses: number | undefined;
      try {
        // Linux opens a FIFO for reading and writing at once without waiting for the other end, so
        // jobs can be queued before the helper runs. A blocking open for reading would wait for a
        // writer, for ever if the helper never starts: a non-blocking reader lets a non-blocking
        // writer open, which lets the blocking reader open at once; then both go.
        requests = openSync(join(this.dir, `q${i}`), constants.O_RDWR);
        const response = join(this.dir, `r${i}`);
        const reader = openSync(response, constants.O_RDONLY | constants.O_NONBLOCK);
        const writer = openSync(response, constants.O_WRONLY | constants.O_NONBLOCK);
        responses = openSync(response, constants.O_RDONLY);
        closeSync(writer);
        closeSync(reader);
        const child = spawn('/bin/sh', ['-c', helperScript, 'kbuild-graph-shell', this.dir, String(i)], { stdio: 'ignore', env: {} });
        // A failed start is seen as a helper that never gets ready; the event must not go unhandled.
        child.on('error', () => {});
        child.unref();
        if (child.pid === undefined) throw new Error('no helper');
        // The helpers that run commands ahead of time yield to make's own thread and to helper 0:
        // what they run is needed later, if at all.
        if (i > 0) {
          try {
            setPriority(child.pid, 10);
          } catch {
            // Then at the same priority.
          }
        }
        this.helpers.push({ pid: child.pid, requests, responses, pending: '', ready: false, lost: false });
      } catch {
        if (requests !== undefined) closeSync(requests);
        if (responses !== undefined) closeSync(responses);
        return false;
      }
    }
    return true;
  }

  /** The helpers' process numbers, helper 0's first. */
  get pids(): readonly number[] {
    return this.helpers.map((h) => h.pid);
  }

  /** How many helpers run commands ahead of time. */
  get prefetchers(): number {
    return Math.max(0, this.helpers.length - 1);
  }

  /** Runs `job` and waits for it; undefined when it could not be run here (the caller runs it). */
  run(job: ShellJob): ShellResult | undefined {
    const id = this.submit(0, job, false);
    return id === undefined ? undefined : this.result(id);
  }

  /**
   * Queues `job` on helper `helper` (1 to `prefetchers`) of those that run commands ahead of time;
   * returns its number for `result`, or undefined when there is none or the job cannot be written.
   */
  prefetch(job: ShellJob, helper: number): number | undefined {
    if (this.prefetchers === 0) return undefined;
    return this.submit(Math.min(Math.max(helper, 1), this.prefetchers), job, true);
  }

  /** Calls off every prefetched job queued so far that has not started yet. */
  cancel(): void {
    try {
      writeFileSync(join(this.dir, `stop${this.generation}`), '');
      this.generation++;
    } catch {
      // The jobs then run to their end, and their results go unused.
    }
  }

  /**
   * The result of job `id`, waiting for it; undefined when it did not run as asked (called off,
   * its directory missing, or its helper lost), so the caller runs the command itself.
   */
  result(id: number): ShellResult | undefined {
    return this.settle(id).result;
  }

  /** `result`, with how long the command ran in milliseconds, as the helper saw it (to 10 ms). */
  settle(id: number): { result: ShellResult | undefined; ms: number | undefined } {
    const outcome = this.outcome(id);
    const ms = this.times.get(id);
    this.times.delete(id);
    const out = join(this.dir, `o${id}`);
    const err = join(this.dir, `e${id}`);
    let result: ShellResult | undefined;
    if (typeof outcome === 'number') {
      try {
        result = { stdout: readFileSync(out, 'latin1'), stderr: readFileSync(err, 'latin1'), status: outcome };
      } catch {
        result = undefined;
      }
    }
    for (const file of [out, err, join(this.dir, `j${id}`)]) {
      try {
        unlinkSync(file);
      } catch {
        // Never written (a job called off), or already gone.
      }
    }
    this.outcomes.delete(id);
    return { result, ms };
  }

  /**
   * Calls off the prefetched jobs not started yet and waits for those running, whose results go
   * unused: after it, no command this pool started is running.
   */
  drain(): void {
    this.cancel();
    for (const [id, helper] of [...this.owner]) if (helper !== this.helpers[0]) this.settle(id);
  }

  /**
   * Ends the helpers and removes the files, without waiting: a helper ends after the job it is
   * running (`drain` first to wait for it), its queued jobs called off.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancel();
    for (const h of this.helpers) {
      closeSync(h.requests);
      closeSync(h.responses);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private submit(index: number, job: ShellJob, cancellable: boolean): number | undefined {
    const helper = this.helpers[index];
    if (this.closed || helper === undefined || helper.lost) return undefined;
    const assignments: string[] = [];
    let shellNames = true;
    for (const [name, value] of job.env) {
      // env(1) would read an empty name as part of the command; make's environment never has one.
      if (name === '' || name.includes('=')) return undefined;
      shellNames &&= /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
      assignments.push(quote(`${name}=${value}`));
    }
    // The command's environment becomes exactly the job's: the helper started with none, and its
    // own `cd` exported PWD and OLDPWD. Names sh cannot export go through env(1) instead, an
    // exec more (4 ms here).
    const environment = !shellNames ? `exec /usr/bin/env -i -- ${assignments.join(' ')} /bin/sh` : assignments.length === 0 ? 'unset PWD OLDPWD; exec /bin/sh' : `unset PWD OLDPWD; export ${assignments.join(' ')}; exec /bin/sh`;
    const id = this.nextJob++;
    // A directory that cannot be entered is reported as such (`D`): spawnSync gives no status
    // then, and a prefetched job's directory may only come to exist later. Descriptor 3 (the
    // response FIFO) is closed below the helper, so that only the helper holds it and its death
    // is seen. The command runs in a subshell of a command substitution whose pipe it holds as
    // descriptor 9, and the substitution gives its status: as make reads `$(shell)`'s output
    // until every process holding it has closed it, the job ends only when whatever the command
    // left running in the background has (`(sleep 1; echo late) &` makes both wait a second).
    // The subshell keeps the shell's own messages ("Terminated") out of the command's output.
    const run = `if cd -- ${quote(job.cwd)} 2>/dev/null; then read -r t _ </proc/uptime; s=$(exec 3>&-; (${environment} -c ${quote(job.command)}) 9>&1 </dev/null >"$1/o$n" 2>"$1/e$n"; echo $?); read -r u _ </proc/uptime; else s=D; fi; echo "$n $s $t $u" >&3\n`;
    const script = cancellable ? `if [ -e "$1/stop${this.generation}" ]; then echo "$n C" >&3; else ${run}fi\n` : run;
    try {
      writeFileSync(join(this.dir, `j${id}`), script);
      writeSync(helper.requests, `${id}\n`);
    } catch {
      return undefined;
    }
    this.owner.set(id, helper);
    return id;
  }

  /** Waits until job `id` has an outcome. */
  private outcome(id: number): Outcome {
    const helper = this.owner.get(id);
    if (helper === undefined) return this.outcomes.get(id) ?? 'lost';
    this.awaitReady(helper);
    while (!this.outcomes.has(id)) this.read(helper);
    return this.outcomes.get(id)!;
  }

  /** Polls until `helper` has said it is ready (its first line) or is gone. */
  private awaitReady(helper: Helper): void {
    let delay = 0.05;
    let waited = 0;
    while (!helper.ready && !helper.lost) {
      if (this.read(helper)) continue;
      if (waited > 50) {
        waited = 0;
        if (!alive(helper.pid)) this.lose(helper);
        continue;
      }
      sleep(delay);
      waited += delay;
      delay = Math.min(delay * 2, 2);
    }
  }

  /**
   * Reads what `helper` has written to its response FIFO, waiting for it once the helper is ready;
   * true when something came (or the helper was found gone).
   */
  private read(helper: Helper): boolean {
    if (helper.lost) return false;
    const buffer = Buffer.alloc(4096);
    let n: number;
    try {
      n = readSync(helper.responses, buffer);
    } catch {
      this.lose(helper);
      return true;
    }
    if (n === 0) {
      // No writer: before its first line, the helper has not opened the FIFO yet; after, it ended.
      if (helper.ready) this.lose(helper);
      return helper.lost;
    }
    helper.pending += buffer.toString('latin1', 0, n);
    for (let nl = helper.pending.indexOf('\n'); nl >= 0; nl = helper.pending.indexOf('\n')) {
      const line = helper.pending.slice(0, nl);
      helper.pending = helper.pending.slice(nl + 1);
      if (line === 'R') {
        helper.ready = true;
        continue;
      }
      const [job, status, from, to] = line.split(' ');
      const id = Number(job);
      // The times are the system's uptime in seconds, to the hundredth.
      if (from !== undefined && to !== undefined) this.times.set(id, Math.round((Number(to) - Number(from)) * 1000));
      this.owner.delete(id);
      this.outcomes.set(id, status === 'C' ? 'cancelled' : status === 'D' ? 'nowhere' : Number(status));
    }
    return true;
  }

  private lose(helper: Helper): void {
    helper.lost = true;
    for (const [id, owner] of this.owner) {
      if (owner !== helper) continue;
      this.outcomes.set(id, 'lost');
      this.owner.delete(id);
    }
  }
}

/** The start of a pool's directory's name in the temporary directory, before the process's number. */
const dirPrefix = 'kbuild-graph-shell-';

/**
 * Removes the directories of pools whose process is gone: one that a signal ended (Node runs no
 * `exit` handler then) leaves its directory behind, with its FIFOs.
 */
function sweep(): void {
  try {
    for (const name of readdirSync(tmpdir())) {
      const pid = name.startsWith(dirPrefix) ? /^(\d+)-/.exec(name.slice(dirPrefix.length))?.[1] : undefined;
      if (pid !== undefined && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  } catch {
    // Left for a later sweep.
  }
}

/** Whether process `pid` is running (not gone, not a zombie). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

let pool: ShellPool | undefined | null = null;

/** Ends this thread's pool, if it made one (a worker thread's helpers would outlive the thread). */
export function closeShellPool(): void {
  pool?.close();
  pool = null;
}

/**
 * This process's (or thread's) pool, made on first use; undefined when helpers cannot be made
 * here, and then for the rest of the process.
 */
export function shellPool(): ShellPool | undefined {
  if (pool === null) {
    pool = ShellPool.start();
    if (pool !== undefined) {
      const made = pool;
      process.once('exit', () => made.close());
    }
  }
  return pool;
}
