/**
 * kbuild's compiler probes run ahead of time, in parallel, from the list an earlier run with the
 * same setup asked for.
 *
 * Make reads kbuild's top Makefile one line at a time, and each of about thirty-five `cc-option`
 * lines waits for a compiler run (70 ms each here), so one core compiles empty files for two
 * seconds while the others wait. The probes do not depend on one another's effects: kbuild's
 * `try-run` writes only under a temporary directory named after its own shell's process number
 * (`.tmp_$$`) and removes it on exit. So when an earlier run with the same kernel directory and
 * `VAR=VALUE` words asked for a list of them, this run starts them all at once on the shell
 * pool's helpers and hands each result over when make asks for the same command, in the same
 * directory, with the same environment. Every probe still runs, in this run; only its start is
 * earlier. A command asked for that the list does not hold means the setup changed: the rest of
 * the list is called off, and from then on every command runs when make asks, as before.
 *
 * Two kinds of command start early: probes, recognised by the shape of kbuild's `try-run`
 * (`set -e; TMP=...$$...`, in 6.1 and in the older `TMP="...$$$$.tmp"` form alike), and queries
 * that read nothing a build writes and write nothing (`uname -m`, `gcc-12 --version`: `isQuery`).
 * Any other command could depend on what an earlier one did, and runs when asked. The lists live
 * in `$XDG_CACHE_HOME/kbuild-graph/probes/` (or `~/.cache/kbuild-graph/probes/`), one file per
 * setup, readable by the user only; `KBG_PROBE_HISTORY=off` turns this off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ShellResult } from '../base/index.js';
// The layer's start-up barrel, not its index: `make.ts` starts the probes before the engine loads.
import { shellCacheKey, volatileVariables } from '../eval/make/startup.js';
import { writeAtomically } from './files.js';
import { readRecord } from './shell-store.js';
import { shellPool, type ShellPool } from './shell-pool.js';

/** Lists kept; the oldest go when there are more. */
const keptLists = 64;

/** Whether `command` may start before make asks for it: a probe, or a query (see the file's comment). */
export function startsEarly(command: string): boolean {
  return isProbe(command) || isQuery(command);
}

/** Whether `command` is one of kbuild's `try-run` probes (see the file's comment). */
export function isProbe(command: string): boolean {
  return /^set -e;\s*TMP="?[^\s";]*\$\$/.test(command);
}

/** Programs that only tell about the system or their arguments. */
const queries: ReadonlySet<string> = new Set(['uname', 'getconf', 'echo', 'printf', '[', 'test', 'true', 'false', 'expr']);

/**
 * What a filter may be given without reading a file: its options with their values. A sed script
 * is one substitution (its `w` flag, and the `r`, `w` and `e` commands, would read, write or run).
 */
const sedScript = /^s([^\s\\])((?!\1)[^\\]|\\.)*\1((?!\1)[^\\]|\\.)*\1[gIi0-9]*$/;
const filters: ReadonlyMap<string, RegExp> = new Map([
  ['sed', /^(-[nEr]|-e\0.*)$/],
  ['head', /^(-\d+|-[nc]\0\d+)$/],
  ['tail', /^(-\d+|-[nc]\0\+?\d+)$/],
  ['cut', /^-[dfc]\0.*$/],
  ['tr', /^.*$/],
]);

/** A program's own questions about itself (a compiler's version, its target, where its files are). */
const selfQuery = /^-(-version|dumpversion|dumpfullversion|dumpmachine|print-multiarch|print-libgcc-file-name|print-(file|prog)-name=[^/\s]*)$/;

/**
 * Whether `command` is a query that reads nothing a build writes and writes nothing: a pipeline
 * or `&&` list of simple commands, each `uname`, `getconf`, `echo`, `printf`, `test` and the like,
 * a program on `PATH` asked about itself (`gcc-12 --version`, `-print-file-name=include`), or
 * after a `|` a filter given no file (`sed -e ...`, `head -n 1`); with no redirection but to
 * `/dev/null` or between the two outputs, and no expansion but a quoted or literal word. kbuild's
 * top Makefile asks five of these before its first probe (`uname -m | sed ...`, `getconf
 * LFS_CFLAGS`). Anything else is not a query.
 */
export function isQuery(command: string): boolean {
  const words = shellWords(command);
  if (words === undefined) return false;
  let simple: string[] = [];
  let piped = false;
  const check = (): boolean => {
    const args = [...simple];
    while (args.length > 0 && /^[A-Za-z_]\w*=/.test(args[0]) && !args[0].includes(glob)) args.shift();
    if (args.length === 0) return false;
    const [word, ...rest] = args;
    const program = word.replaceAll(glob, '');
    // A word that would be matched against file names is a filter's script or set, or none.
    if (program !== '[' && word.includes(glob)) return false;
    if (!(piped && filters.has(program)) && rest.some((a) => a.includes(glob))) return false;
    for (let i = 0; i < rest.length; i++) rest[i] = rest[i].replaceAll(glob, '');
    // A test of a file (`-e FILE`) would read what a build may write.
    if (program === '[' || program === 'test') return rest.every((a) => !/^-/.test(a) || /^-(eq|ne|lt|le|gt|ge|n|z|a|o)$/.test(a));
    if (queries.has(program)) return true;
    if (piped && filters.has(program)) {
      const allowed = filters.get(program)!;
      // An option and its value are joined by a NUL for the pattern.
      for (let i = 0; i < rest.length; i++) {
        const option = (program === 'sed' ? /^-e$/ : /^-[dfcn]$/).test(rest[i]) && i + 1 < rest.length;
        const joined = option ? `${rest[i]}\0${rest[++i]}` : rest[i];
        if (program === 'sed' && (option ? rest[i - 1] === '-e' : !joined.startsWith('-')) && !sedScript.test(option ? rest[i] : joined)) return false;
        if (!allowed.test(joined) && !(program === 'sed' && rest.length === 1 && !rest[0].startsWith('-'))) return false;
      }
      return true;
    }
    return /^[\w.+-]+$/.test(program) && rest.length > 0 && rest.every((a) => selfQuery.test(a));
  };
  for (const word of words) {
    if (word === '|' || word === '&&' || word === '||' || word === ';') {
      if (!check()) return false;
      piped = word === '|';
      simple = [];
    } else simple.push(word);
  }
  return check();
}

/** Marks, in a word of `shellWords`, a character a shell would match against file names. */
const glob = '\u0001';

/**
 * The words of `command` with quotes taken off (an unquoted `*`, `?` or `[` marked with `glob`), operators (`|`, `&&`, `||`, `;`) as words of their
 * own; undefined when it holds anything else a shell would give a meaning to: an expansion
 * (`$`, a backquote), a redirection from or into a file, a subshell, a background job, a newline.
 */
function shellWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const end = command.indexOf('"', i + 1);
      const inner = command.slice(i + 1, end);
      if (end < 0 || /[$`\\]/.test(inner)) return undefined;
      word = (word ?? '') + inner;
      i = end;
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '|' || c === ';' || (c === '&' && command[i + 1] === '&')) {
      if (word !== undefined) words.push(word);
      word = undefined;
      const twice = command[i + 1] === c && c !== ';';
      words.push(twice ? c + c : c);
      if (twice) i++;
    } else if (c === '>') {
      // A redirection, allowed only to /dev/null or between the two outputs; it is dropped.
      if (word !== undefined && !/^[12]$/.test(word)) return undefined;
      word = undefined;
      const target = /^(&[12]|\s*\/dev\/null)(?=[\s|;&]|$)/.exec(command.slice(i + 1));
      if (target === null) return undefined;
      i += target[0].length;
    } else if ('$`\\<>&()\n{}#~'.includes(c)) return undefined;
    else word = (word ?? '') + ('*?['.includes(c) ? glob + c : c);
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Where this setup's list is kept, or undefined when there is no cache directory or it is turned off. */
export function historyFile(setup: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.KBG_PROBE_HISTORY === 'off') return undefined;
  const cache = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : env.HOME !== undefined && env.HOME.startsWith('/') ? join(env.HOME, '.cache') : undefined;
  if (cache === undefined) return undefined;
  return join(cache, 'kbuild-graph', 'probes', `${createHash('sha256').update(setup).digest('hex').slice(0, 32)}.json`);
}

/**
 * The commands that may start early of a run with `setup` (the kernel directory and `VAR=VALUE`
 * words, or make's command line, as text), with the list kept for it (`start` starts them);
 * `env` is make's environment. The shell pool is made only once a command is to run on it, so a
 * run whose commands all come from a cache starts no helper.
 */
export function startProbes(setup: string, env: ReadonlyMap<string, string>, processEnv: Readonly<Record<string, string | undefined>>): ProbeHistory {
  return new ProbeHistory(shellPool, historyFile(setup, processEnv), env);
}

/**
 * One command of a list: what make asked for, with the environment as its difference from make's
 * own (so that the user's environment is never written down, and a run in a changed one starts
 * nothing it will not ask for), and how long it ran (ms; null when not known).
 */
interface KeptCommand {
  readonly command: string;
  readonly cwd: string;
  /** Variables make set or changed for the command. */
  readonly set: readonly (readonly [string, string])[];
  /** Variables of make's environment the command did not get. */
  readonly unset: readonly string[];
  readonly ms: number | null;
}

function isKeptCommand(c: unknown): c is KeptCommand {
  const k = c as KeptCommand;
  return typeof c === 'object' && c !== null && typeof k.command === 'string' && typeof k.cwd === 'string' && Array.isArray(k.set) && Array.isArray(k.unset) && (typeof k.ms === 'number' || k.ms === null);
}

/**
 * The commands of one run that may start early: started from the list the last run with the same
 * setup kept (`start`), handed over when asked for (`take`), and this run's list written back (`save`).
 */
export class ProbeHistory {
  /** The commands started early, by `shellCacheKey`: job numbers in the order started. */
  private readonly started = new Map<string, number[]>();
  /** The commands this run asked for, in order. */
  private readonly asked: KeptCommand[] = [];
  private readonly kept: readonly KeptCommand[];
  private diverged = false;
  /** What `start` was given with `lazily`, until the first command. */
  private armed: ((key: string) => boolean) | undefined;

  /** Reads the list in `file`, for the helpers of the pool `poolOf` gives; `env` is make's environment. */
  constructor(
    private readonly poolOf: () => ShellPool | undefined,
    private readonly file: string | undefined,
    private readonly env: ReadonlyMap<string, string>,
  ) {
    const list = file === undefined ? undefined : readRecord<unknown>(file).commands;
    this.kept = Array.isArray(list) && list.every(isKeptCommand) ? list : [];
  }

  /**
   * Starts the kept commands, except those `known` says a shell-result cache above the host will
   * answer (they would never be asked for here); with `lazily`, only once a command reaches the
   * host (a run that may evaluate nothing, like a ninja build that need not plan again).
   *
   * Make asks for them in the kept order, and the helpers run them in parallel, so each should
   * start its own running time before make would reach it: commands go out in the order of that
   * latest start, each to the helper whose queue ends first (list scheduling), with the running
   * times of the last run. kbuild's slowest probe here takes 0.3 to 0.5 s, five times the others.
   */
  start(known: (key: string) => boolean = () => false, lazily = false): void {
    if (lazily) {
      this.armed = known;
      return;
    }
    this.armed = undefined;
    if (this.started.size > 0) return;
    const wanted = this.kept.flatMap((c) => {
      const env = new Map(this.env);
      for (const name of c.unset) env.delete(name);
      for (const [name, value] of c.set) env.set(name, value);
      const key = shellCacheKey(c.command, c.cwd, env);
      return known(key) ? [] : [{ key, job: { command: c.command, cwd: c.cwd, env }, ms: c.ms }];
    });
    const pool = wanted.length === 0 ? undefined : this.poolOf();
    if (pool === undefined) return;
    // A helper per core, two to four: the probes are mostly compiler time, and make's thread waits.
    if (pool.prefetchers === 0 && !pool.grow(Math.max(2, Math.min(availableParallelism(), 4)))) return;
    const helpers = pool.prefetchers;
    const times = wanted.flatMap(({ ms }) => (ms === null ? [] : [ms])).sort((a, b) => a - b);
    const typical = times.length === 0 ? 50 : times[times.length >> 1];
    let ahead = 0;
    const order = wanted.map((w, index) => {
      const time = w.ms ?? typical;
      const latest = ahead / helpers - time;
      ahead += time;
      return { ...w, time, latest, index };
    });
    order.sort((a, b) => a.latest - b.latest || a.index - b.index);
    const queued = new Array<number>(helpers).fill(0);
    for (const w of order) {
      const helper = queued.indexOf(Math.min(...queued));
      queued[helper] += w.time;
      const id = pool.prefetch(w.job, helper + 1);
      if (id === undefined) break;
      const ids = this.started.get(w.key);
      if (ids === undefined) this.started.set(w.key, [id]);
      else ids.push(id);
    }
    // Two of the same command are handed over in the order they were started, the sooner first.
    for (const ids of this.started.values()) ids.sort((a, b) => a - b);
  }

  /**
   * The result of `command` when it may start early: the one started early with exactly this
   * directory and environment, or else a run now on the pool, timed for the list. Undefined for
   * any other command, or when the pool cannot run it (the caller runs it).
   */
  take(command: string, cwd: string, env: ReadonlyMap<string, string>): ShellResult | undefined {
    if (this.armed !== undefined) this.start(this.armed);
    const pool = startsEarly(command) ? this.poolOf() : undefined;
    if (pool === undefined) return undefined;
    const key = shellCacheKey(command, cwd, env);
    const set = [...env].filter(([name, value]) => this.env.get(name) !== value);
    const unset = [...this.env.keys()].filter((name) => !env.has(name));
    const note = (ms: number | undefined): void => void this.asked.push({ command, cwd, set, unset, ms: ms ?? null });
    const id = this.started.get(key)?.shift();
    if (id === undefined) {
      if (!this.diverged && this.started.size > 0) {
        // The setup changed since the list was kept: the rest of it is called off, and what
        // runs of it ends before make goes on, so that nothing make did not ask for runs beside
        // what it does ask for.
        this.diverged = true;
        pool.drain();
      }
    } else {
      // The key leaves out `_`, `SHLVL` and `OLDPWD`; the command started with make's.
      const { result, ms } = pool.settle(id);
      if (result !== undefined && [...volatileVariables].every((name) => env.get(name) === this.env.get(name))) {
        note(ms);
        return result;
      }
    }
    const t = performance.now();
    const result = pool.run({ command, cwd, env });
    note(result === undefined ? undefined : Math.round(performance.now() - t));
    return result;
  }

  /**
   * Ends what was started early and not asked for (a run that stopped sooner), and writes this
   * run's list when it asked for such commands; false when it cannot be written.
   */
  save(): boolean {
    if (this.started.size > 0) this.poolOf()?.drain();
    if (this.file === undefined || this.asked.length === 0) return true;
    try {
      const dir = join(this.file, '..');
      // Only the user reads it: the commands name the user's directories.
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeAtomically(this.file, JSON.stringify({ commands: this.asked }));
      prune(dir);
      return true;
    } catch {
      return false;
    }
  }
}

/** Removes the oldest lists beyond `keptLists`. */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ path: join(dir, f), time: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const f of files.slice(keptLists)) rmSync(f.path, { force: true });
}
