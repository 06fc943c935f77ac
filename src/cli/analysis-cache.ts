/**
 * `--analysis-cache=FILE`: a Kbuild command's analysis kept between runs, together with every
 * question the run asked of the file system and of the shell-result cache, and the answer each got.
 *
 * The evaluation is a function of those answers and of the command line, the environment and
 * kbuild-graph itself. So the next run with the same command line, environment and build of
 * kbuild-graph asks each question again (a file's content by its hash, a path's kind, and its time
 * and size when the run read them, a directory's names, a command's kept result) and, when every
 * answer is the same, takes the analysis from the file instead of evaluating kbuild: it is the
 * analysis the evaluation would have given. One different answer (an edited Makefile, a new
 * source, a touched object, another `.config`) and kbuild is evaluated as usual, and the file is
 * written again. kati decides whether its ninja file still holds in the same way (the files,
 * listings and commands it read).
 *
 * A run is kept only when what it asked had one answer: when no command ran (every `$(shell)`
 * came from `--shell-cache`, or none was allowed), since a command may change what later
 * questions see; and when the run had no helper threads, whose questions this thread does not see.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Host, HostStat, ShellResult } from '../base/index.js';
import { optionsData, type CompileFacts, type DirectoryFacts, type KbuildFacts, type KbuildRun, type MakeOptionsData, type TargetFacts, type WordOrigin } from '../eval/kbuild/index.js';
import type { MakeOptions, OutputLine } from '../eval/make/index.js';
import { writeAtomically } from './files.js';
import { version } from './version.js';

/** The file's layout; a file of another one is not read. */
const format = 5;

/**
 * A path's kind, with its time and size when the run read them (the analysis reads a path's time
 * only when it compares it: most paths are only looked for), or null for nothing there.
 */
type StatAnswer = readonly [HostStat['kind']] | readonly [HostStat['kind'], number, number | null] | null;

/** One question the run asked, with its answer. */
type Question =
  | readonly ['read', string, string | null]
  | readonly ['stat' | 'lstat', string, StatAnswer]
  | readonly ['real', string, string | null]
  | readonly ['list' | 'kinds', string, string | null]
  | readonly ['shell', string, string, readonly (readonly [string, string])[], ShellAnswer | null];

type ShellAnswer = readonly [string, string, number];

/** How the questions are asked again: the file system, and the shell-result cache without running anything. */
export interface Answering {
  readonly files: Host;
  /** The kept result of a command, or undefined when there is none (it would have to run). */
  readonly keptShell: (command: string, cwd: string, env: ReadonlyMap<string, string>) => ShellResult | undefined;
}

/** A host that notes every question asked through it, and whether it can be kept (`questions`). */
export interface RecordingHost {
  readonly host: Host;
  /** The questions in the order first asked, or undefined when a command ran or a question got two answers. */
  questions(): readonly Question[] | undefined;
  /** Why there are no questions to keep: the command that ran, or the question that got two answers. */
  spoiledBy(): string | undefined;
}

/** Wraps `host` so that every question asked of it, and its answer, is noted. */
export function recordingHost(host: Host): RecordingHost {
  const asked = new Map<string, Question>();
  let spoiled: string | undefined;
  const note = (key: string, q: Question): void => {
    const was = asked.get(key);
    if (was === undefined) asked.set(key, q);
    else if (JSON.stringify(was) !== JSON.stringify(q)) spoiled ??= `two answers to ${q[0]} ${q[1]}`;
  };
  // A path's time and size are noted once the run reads them, in the question its kind made.
  const times = new Map<string, [HostStat['kind'], number, number | null]>();
  const stats = (kind: 'stat' | 'lstat', ask: (path: string) => HostStat | undefined) => (path: string): HostStat | undefined => {
    const s = ask(path);
    const key = `${kind}\0${path}`;
    if (s === undefined) {
      note(key, [kind, path, null]);
      return undefined;
    }
    note(key, [kind, path, [s.kind]]);
    const read = (): void => {
      const was = times.get(key);
      if (was === undefined) times.set(key, [s.kind, s.mtimeMs, s.size ?? null]);
      else if (was[0] !== s.kind || was[1] !== s.mtimeMs || was[2] !== (s.size ?? null)) spoiled ??= `two answers to ${kind} ${path}`;
    };
    return {
      kind: s.kind,
      get mtimeMs() {
        read();
        return s.mtimeMs;
      },
      get size() {
        read();
        return s.size;
      },
    };
  };
  const kinds = host.readDirectoryKinds;
  const lstat = host.lstat;
  const recorded: Host = {
    readFile(path) {
      const bytes = host.readFile(path);
      note(`read\0${path}`, ['read', path, bytes === undefined ? null : hash(bytes)]);
      return bytes;
    },
    stat: stats('stat', (p) => host.stat(p)),
    lstat: lstat === undefined ? undefined : stats('lstat', (p) => lstat.call(host, p)),
    realPath(path) {
      const real = host.realPath(path);
      note(`real\0${path}`, ['real', path, real ?? null]);
      return real;
    },
    readDirectory(path) {
      const names = host.readDirectory(path);
      note(`list\0${path}`, ['list', path, listingAnswer(names)]);
      return names;
    },
    readDirectoryKinds: kinds === undefined ? undefined : (path) => {
      const found = kinds.call(host, path);
      note(`kinds\0${path}`, ['kinds', path, kindsAnswer(found)]);
      return found;
    },
    shell(command, cwd, env) {
      const result = host.shell(command, cwd, env);
      // A command that ran may have changed what the questions after it were answered.
      if (result !== undefined && result.replayed !== true) spoiled ??= `a command ran: ${command}`;
      note(`shell\0${command}\0${cwd}\0${JSON.stringify([...env])}`, ['shell', command, cwd, [...env], shellAnswer(result)]);
      return result;
    },
  };
  const questions = (): readonly Question[] | undefined => {
    if (spoiled !== undefined) return undefined;
    return [...asked].map(([key, q]) => {
      const t = q[0] === 'stat' || q[0] === 'lstat' ? times.get(key) : undefined;
      return t === undefined ? q : [q[0] as 'stat' | 'lstat', q[1], t];
    });
  };
  return { host: recorded, questions, spoiledBy: () => spoiled };
}

/** The first question that gets another answer now, described (`stat PATH`); undefined when every one gets the same. */
export function firstChanged(questions: readonly Question[], answering: Answering): string | undefined {
  const { files } = answering;
  for (const q of questions) {
    let same: boolean;
    switch (q[0]) {
      case 'read': {
        const bytes = files.readFile(q[1]);
        same = (bytes === undefined ? null : hash(bytes)) === q[2];
        break;
      }
      case 'stat':
        same = sameStat(files.stat(q[1]), q[2]);
        break;
      case 'lstat':
        same = sameStat((files.lstat ?? files.stat).call(files, q[1]), q[2]);
        break;
      case 'real':
        same = (files.realPath(q[1]) ?? null) === q[2];
        break;
      case 'list':
        same = listingAnswer(files.readDirectory(q[1])) === q[2];
        break;
      case 'kinds':
        same = kindsAnswer(files.readDirectoryKinds?.(q[1])) === q[2];
        break;
      case 'shell': {
        // A denied command is asked of no cache: the policy is part of the key.
        if (q[4] === null) continue;
        const now = shellAnswer(answering.keptShell(q[1], q[2], new Map(q[3])));
        same = now !== null && now[0] === q[4][0] && now[1] === q[4][1] && now[2] === q[4][2];
        break;
      }
    }
    if (!same) return `${q[0]} ${q[1]}`;
  }
  return undefined;
}

/** Whether `now` answers as `then` did: the same kind, and the same time and size if the run read them. */
function sameStat(now: HostStat | undefined, then: StatAnswer): boolean {
  if (now === undefined || then === null) return now === undefined && then === null;
  return now.kind === then[0] && (then.length === 1 || (now.mtimeMs === then[1] && (now.size ?? null) === then[2]));
}

/** A directory's names, as a hash of them in order: only whether they changed matters. */
function listingAnswer(names: readonly string[] | undefined): string | null {
  return names === undefined ? null : hash(names.join('/'));
}

/** A directory's names with their kinds, as a hash. */
function kindsAnswer(found: ReadonlyMap<string, string> | undefined): string | null {
  if (found === undefined) return null;
  let text = '';
  for (const [name, kind] of found) text += `${name}/${kind}/`;
  return hash(text);
}

function shellAnswer(r: ShellResult | undefined): ShellAnswer | null {
  return r === undefined ? null : [r.stdout, r.stderr ?? '', r.status];
}

function hash(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/**
 * What kbuild-graph itself is, as far as the analysis goes: its version, and the name, size and
 * time of each module file beside this one (the bundle's chunks, where the engine is), so that
 * another build of it does not take an analysis this one made.
 */
export function toolIdentity(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const files: [string, number, number][] = [];
  try {
    for (const name of readdirSync(here).sort()) {
      if (!/\.[cm]?[jt]s$/.test(name)) continue;
      const s = statSync(join(here, name));
      files.push([name, s.size, s.mtimeMs]);
    }
  } catch {
    // No listing: the version alone.
  }
  return JSON.stringify([version, files]);
}

/** What an analysis is a function of, besides the answers: compared whole. */
export type AnalysisKey = string;

/** The run and its diagnostics, as the analysis gave them. */
export interface KeptAnalysis {
  readonly run: KbuildRun;
  readonly diagnostics: readonly Diagnostic[];
}

/** How the options of each directory's make are filled in again: what is not data in them. */
export type OptionsBase = Pick<MakeOptions, 'host' | 'shell' | 'version'>;

/**
 * The analysis kept in `file` for `key` when every question it asked still gets the same answer;
 * otherwise why it is not taken (the file is missing, unreadable, of another layout or for another
 * key, or the first question answered otherwise).
 */
export function readAnalysis(file: string, key: AnalysisKey, answering: Answering, base: OptionsBase): KeptAnalysis | { readonly reason: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { reason: (e as Error).message };
  }
  // The heading (one line) first: the analysis itself is read only when it is taken.
  const end = bytes.indexOf(10);
  let heading: Partial<Heading>;
  try {
    heading = JSON.parse(bytes.toString('utf8', 0, end < 0 ? bytes.length : end)) as Partial<Heading>;
  } catch (e) {
    return { reason: (e as Error).message };
  }
  if (end < 0 || heading === null || heading.format !== format || !Array.isArray(heading.questions) || typeof heading.sum !== 'string') return { reason: 'not an analysis cache of this version' };
  if (heading.key !== key) return { reason: 'kept for another command line, environment or build of kbuild-graph' };
  try {
    const changed = firstChanged(heading.questions, answering);
    if (changed !== undefined) return { reason: `changed: ${changed}` };
    // The sum is of what this program wrote: what matches it, its decoding (some of it later, when
    // first asked for) reads as written.
    const body = bytes.subarray(end + 1);
    if (hash(body) !== heading.sum) return { reason: 'damaged' };
    return decode(JSON.parse(body.toString('utf8')) as EncodedRun, base);
  } catch {
    // A file damaged in a way JSON still reads: as if there were none.
    return { reason: 'damaged' };
  }
}

/** Keeps `analysis` in `file` (atomically) with the questions its run asked. */
export function writeAnalysis(file: string, key: AnalysisKey, questions: readonly Question[], analysis: KeptAnalysis): void {
  const body = Buffer.from(JSON.stringify(encode(analysis)));
  const heading: Heading = { format, key, questions, sum: hash(body) };
  writeAtomically(file, [`${JSON.stringify(heading)}\n`, body]);
}

/** The file's first line; the encoded run (`EncodedRun`) follows it. */
interface Heading {
  readonly format: number;
  readonly key: AnalysisKey;
  readonly questions: readonly Question[];
  /** The SHA-256 of the rest of the file. */
  readonly sum: string;
}

/*
 * The run's facts with each distinct string once (`strings`), named by its place, and compile
 * commands as lists of words: a tree's 13,000 commands repeat the same flags, and JSON that names
 * them once reads several times faster than the 54 MB of the commands written out.
 */

/** A target: its prerequisites, and whether it has a recipe. */
type EncodedTarget = readonly [readonly number[], boolean];
/** A compile command: directory, file, output, the command's words (`againstPrevious`), rule. */
type EncodedCompile = readonly [number, number, number, readonly number[], number];
/** Where a word came from: variable, as written, file, line, configs (symbol, value), conditions (text, file, line). */
type EncodedOrigin = readonly [number, number, number, number, readonly number[], readonly number[]];

interface EncodedDirectory {
  readonly obj: number;
  readonly cwd: number;
  readonly kbuildFile: number | null;
  readonly parent: number | null;
  readonly status: number;
  /** Its make's options as data, by place in `EncodedRun.options`. */
  readonly options: number;
  /** JSON of its targets (`[name, EncodedTarget][]`), read when first asked for: `compile-commands` never asks. */
  readonly targets: string;
  readonly compile: readonly (readonly [number, EncodedCompile])[];
  /** JSON of its words (`[word, EncodedOrigin[]][]`), read when first asked for. */
  readonly words: string;
}

interface EncodedRun {
  readonly strings: readonly string[];
  /** Each distinct environment of a make, as names and values (string places) one after the other. */
  readonly envs: readonly (readonly number[])[];
  /** Each distinct make options' data, the environment by its place in `envs`. */
  readonly options: readonly OptionsData[];
  readonly directories: readonly EncodedDirectory[];
  readonly status: number;
  readonly messages: readonly OutputLine[];
  readonly diagnostics: readonly Diagnostic[];
}

type OptionsData = Omit<MakeOptionsData, 'env'> & { readonly env: number };

/** A list of distinct items, each named by its place; `place` adds an item not there yet (by `keyOf`). */
function table<T>(keyOf: (item: T) => string): { readonly items: T[]; place(item: T): number } {
  const items: T[] = [];
  const places = new Map<string, number>();
  return {
    items,
    place(item) {
      const key = keyOf(item);
      let n = places.get(key);
      if (n === undefined) {
        n = items.push(item) - 1;
        places.set(key, n);
      }
      return n;
    },
  };
}

function encode(analysis: KeptAnalysis): EncodedRun {
  const strings = table<string>((text) => text);
  const s = strings.place;
  // A tree's sub-makes have some 200 environments, of 170 variables each, most the same values;
  // most makes share their environment object with others, so each object is flattened once.
  const envs = table<number[]>((flat) => flat.join(','));
  const envPlaces = new Map<ReadonlyMap<string, string>, number>();
  const envOf = (env: ReadonlyMap<string, string>): number => {
    let n = envPlaces.get(env);
    if (n === undefined) {
      const flat: number[] = [];
      for (const [name, value] of env) flat.push(s(name), s(value));
      n = envs.place(flat);
      envPlaces.set(env, n);
    }
    return n;
  };
  const options = table<OptionsData>((data) => JSON.stringify(data));
  const optionsOf = (o: MakeOptions): number => options.place({ ...optionsData(o), env: envOf(o.env) });
  const origin = (o: WordOrigin): EncodedOrigin => [
    s(o.variable), s(o.written), s(o.file), o.line,
    o.configs.flatMap((c) => [s(c.symbol), s(c.value)]),
    o.conditions.flatMap((c) => [s(c.text), s(c.file), c.line]),
  ];
  const directories: EncodedDirectory[] = [];
  for (const d of analysis.run.facts.directories.values()) {
    let previous: readonly number[] = [];
    const words = (command: string): number[] => {
      const current = command.split(' ').map(s);
      const ops = againstPrevious(current, previous);
      previous = current;
      return ops;
    };
    directories.push({
      obj: s(d.obj),
      cwd: s(d.cwd),
      kbuildFile: d.kbuildFile === undefined ? null : s(d.kbuildFile),
      parent: d.parent === undefined ? null : s(d.parent),
      status: d.status,
      options: optionsOf(d.options),
      targets: JSON.stringify([...d.targets].map(([name, t]): [number, EncodedTarget] => [s(name), [t.prerequisites.map(s), t.hasRecipe]])),
      compile: [...d.compile].map(([name, c]) => [s(name), [s(c.directory), s(c.file), s(c.output), words(c.command), s(c.rule)]]),
      words: JSON.stringify([...d.words].map(([word, origins]): [number, EncodedOrigin[]] => [s(word), origins.map(origin)])),
    });
  }
  const { run, diagnostics } = analysis;
  return { strings: strings.items, envs: envs.items, options: options.items, directories, status: run.status, messages: run.messages, diagnostics };
}

function decode(e: EncodedRun, base: OptionsBase): KeptAnalysis {
  const { strings } = e;
  const s = (n: number): string => {
    const text = strings[n];
    if (text === undefined) throw new Error('damaged analysis cache');
    return text;
  };
  const envs = e.envs.map((flat) => {
    const env = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) env.set(s(flat[i]), s(flat[i + 1]));
    return env;
  });
  const options = e.options.map((o): MakeOptions => {
    const env = envs[o.env];
    if (env === undefined) throw new Error('damaged analysis cache');
    return { ...base, ...o, env };
  });
  const origin = (o: EncodedOrigin): WordOrigin => {
    const configs: { symbol: string; value: string }[] = [];
    for (let i = 0; i < o[4].length; i += 2) configs.push({ symbol: s(o[4][i]), value: s(o[4][i + 1]) });
    const conditions: { text: string; file: string; line: number }[] = [];
    for (let i = 0; i < o[5].length; i += 3) conditions.push({ text: s(o[5][i]), file: s(o[5][i + 1]), line: o[5][i + 2] });
    return { variable: s(o[0]), written: s(o[1]), file: s(o[2]), line: o[3], configs, conditions };
  };
  const facts: KbuildFacts = { directories: new Map() };
  for (const d of e.directories) {
    const made = options[d.options];
    if (made === undefined) throw new Error('damaged analysis cache');
    let previous: readonly number[] = [];
    const compile = new Map<string, CompileFacts>(d.compile.map(([name, c]) => {
      const words = fromPrevious(c[3], previous);
      previous = words;
      return [s(name), { directory: s(c[0]), file: s(c[1]), output: s(c[2]), command: words.map(s).join(' '), rule: s(c[4]) }];
    }));
    let targets: ReadonlyMap<string, TargetFacts> | undefined;
    let words: ReadonlyMap<string, readonly WordOrigin[]> | undefined;
    const dir: DirectoryFacts = {
      obj: s(d.obj), cwd: s(d.cwd), kbuildFile: d.kbuildFile === null ? undefined : s(d.kbuildFile), compile,
      options: made, parent: d.parent === null ? undefined : s(d.parent), status: d.status,
      get targets() {
        return (targets ??= new Map((JSON.parse(d.targets) as [number, EncodedTarget][]).map(([name, t]) => [s(name), { prerequisites: t[0].map(s), hasRecipe: t[1] }])));
      },
      get words() {
        return (words ??= new Map((JSON.parse(d.words) as [number, EncodedOrigin[]][]).map(([word, origins]) => [s(word), origins.map(origin)])));
      },
    };
    facts.directories.set(dir.obj, dir);
  }
  // Nothing is remembered of the file system here, so there is nothing to forget.
  const run: KbuildRun = { facts, status: e.status, messages: e.messages, forgetFiles: () => {} };
  return { run, diagnostics: e.diagnostics };
}

/*
 * A directory's compile commands differ from one another in a few words (the object's and the
 * source's names, an object's own flags), so each is kept as the edits that make it from the one
 * before it: a tree's 1.7 million words of commands take a few hundred thousand numbers.
 */

/** How far ahead in the previous command a word is looked for, to take up copying again after it. */
const lookAhead = 16;

/**
 * `current` (string places) as edits of `previous`: `2n + 1` copies the next `n` words of
 * `previous`; `2k` is the word `k` itself; `-n` passes over `n` words of `previous`. Any list of
 * edits gives `current` back through `fromPrevious`; this one is short when the two are alike.
 */
export function againstPrevious(current: readonly number[], previous: readonly number[]): number[] {
  const ops: number[] = [];
  let i = 0;
  let j = 0;
  while (i < current.length) {
    if (j < previous.length && current[i] === previous[j]) {
      let n = 0;
      while (i < current.length && j < previous.length && current[i] === previous[j]) {
        i++;
        j++;
        n++;
      }
      ops.push(2 * n + 1);
      continue;
    }
    // The word further on in `previous`, with the word after it too: words were left out.
    let found = -1;
    for (let d = 1; d <= lookAhead && j + d < previous.length; d++) {
      if (previous[j + d] === current[i] && (i + 1 >= current.length || previous[j + d + 1] === current[i + 1])) {
        found = d;
        break;
      }
    }
    if (found > 0) {
      ops.push(-found);
      j += found;
      continue;
    }
    ops.push(2 * current[i]);
    i++;
    // One word put in place of another: copying goes on after both.
    if (i < current.length && j + 1 < previous.length && current[i] === previous[j + 1]) {
      ops.push(-1);
      j++;
    }
  }
  return ops;
}

/** The words `ops` (`againstPrevious`) make from `previous`. */
export function fromPrevious(ops: readonly number[], previous: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const op of ops) {
    if (op < 0) j -= op;
    else if (op % 2 === 1) {
      const end = j + (op - 1) / 2;
      if (end > previous.length) throw new Error('damaged analysis cache');
      while (j < end) out.push(previous[j++]);
    } else out.push(op / 2);
  }
  return out;
}
