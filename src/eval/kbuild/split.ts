/**
 * A tree's kbuild run spread over threads ("sides"). Every side runs the same kbuild dry run; the
 * directory makes (`scripts/Makefile.build obj=DIR`) are shared out as they come, so that each
 * whole subtree is evaluated by one side only, and side 0, whose run is the result, takes the
 * helpers' subtrees from them instead of evaluating them.
 *
 * The sides agree without talking: each meets the same directory makes in the same order (make's
 * own), weighs each by the size of its source subtree (`subtreeWeights`), and gives it to the side
 * with the least weight so far; a directory heavier than a share is not given away whole: every
 * side runs its own make, and its subdirectories are shared out in turn. A helper skips the
 * subtrees of other sides (as if they had made nothing), evaluates its own, and sends each as a
 * `SplitPart`. Side 0 takes a part only when it is exactly what its own evaluation would have
 * given: the same make options, and no path the helper found missing that side 0's run made
 * before (a file one directory's rules make and another's use: the analysis lets made files
 * exist for the makes after). Otherwise it evaluates the subtree itself, so the result is always
 * that of one sequential run.
 */
import type { Host } from '../../base/index.js';
import { resolvePath, type MakeOptions, type SubMakeOutcome } from '../make/index.js';
import type { DirectoryFacts, KbuildFacts } from './collect.js';

/** One side's view of a split run: which side it is, and how parts travel. */
export interface KbuildSplit {
  /** This side: 0 gives the result, 1 to `sides - 1` help. */
  readonly side: number;
  readonly sides: number;
  /** The weight of each source directory's subtree by its kbuild name (`subtreeWeights`); side 0 may wait for it. */
  weights(): ReadonlyMap<string, number>;
  /** Side 0: the next part helper `side` sent, waiting for it; undefined once that helper has finished. */
  receive?(side: number): SplitPart | undefined;
  /** A helper: hands a part to side 0. */
  send?(part: SplitPart): void;
}

/** The options of a make that are data (not functions or caches): what makes two runs of it the same. */
export type MakeOptionsData = Pick<MakeOptions, 'cwd' | 'env' | 'commandLine' | 'makefiles' | 'includeDirs' | 'goals' | 'dryRun' | 'silent' | 'printDirectory' | 'makeflags' | 'program' | 'level'>;

/** A directory's facts as a part carries them: its make's options as data. */
export type PartDirectory = Omit<DirectoryFacts, 'options'> & { readonly options: MakeOptionsData };

/** One directory make with all its sub-makes, evaluated by a helper. */
export interface SplitPart {
  /** Which directory make of the run this is: its place among the directory makes every side met, and its `obj`. */
  readonly index: number;
  readonly obj: string;
  /** The make's options (`optionsKey`). */
  readonly key: string;
  readonly outcome: SubMakeOutcome;
  /** Every directory it read, in order. */
  readonly directories: readonly PartDirectory[];
  /** The files its recipes made (would exist after it), in order. */
  readonly made: readonly string[];
  /** Paths it found missing, and paths it found only because the helper's run made them before this make. */
  readonly missing: readonly string[];
  readonly madeBefore: readonly string[];
}

/** What a split run needs from the analysis around it. */
export interface SplitRun {
  readonly facts: KbuildFacts;
  /** The files the run made so far (they exist for the makes after), each with its place in order. */
  readonly made: Map<string, number>;
  readonly onDirectory?: (obj: string, count: number) => void;
}

/** What a side records while it evaluates a part (`SplitRecorder.active`). */
export interface SplitRecorder {
  active: boolean;
  /** `made.size` when the part began: paths made at lower places were made before it. */
  start: number;
  readonly directories: string[];
  readonly missing: Set<string>;
  readonly madeBefore: Set<string>;
}

/** How many directory makes of a split run side 0 took from helpers, and how many it had to evaluate again. */
export interface SplitStats {
  taken: number;
  redone: number;
  /** How long side 0 waited for helpers' parts (and took them in), in milliseconds. */
  waitedMs: number;
}

export function newRecorder(): SplitRecorder {
  return { active: false, start: 0, directories: [], missing: new Set(), madeBefore: new Set() };
}

/**
 * The weight (as a part of the whole tree's) each helper counts as carrying before it gets any
 * directory: a helper starts later (a thread to start, the source tree to weigh) and evaluates the
 * directories every side evaluates too, so side 0 would otherwise wait for it at the end.
 */
const helperHandicap = 0.05;

/** The outcome of a make a helper leaves to another side: nothing made, nothing printed. */
const skipped: SubMakeOutcome = { value: { output: [], status: 0, reads: [], commands: [] }, diagnostics: [] };

/**
 * The `runSubMake` of one side of a split run: shares out the directory makes as the module
 * comment says, and on side 0 puts the parts it takes into `run` as if its own evaluation had
 * made them (facts in make's order, made files, progress).
 */
export function splitSubMakes(split: KbuildSplit, run: SplitRun, recorder: SplitRecorder, stats: SplitStats): NonNullable<MakeOptions['runSubMake']> {
  let weights: ReadonlyMap<string, number> | undefined;
  let share = 0;
  const loads: number[] = new Array<number>(split.sides).fill(0);
  let index = 0;
  // Inside a subtree one side evaluates whole, and inside directories every side evaluates.
  let whole = 0;
  let shared = 0;
  const queues = new Map<number, SplitPart[]>();
  const finished = new Set<number>();
  const evaluateWhole = (options: MakeOptions, evaluate: (o: MakeOptions) => SubMakeOutcome): SubMakeOutcome => {
    whole++;
    try {
      return evaluate(options);
    } finally {
      whole--;
    }
  };
  const partFrom = (side: number, i: number): SplitPart | undefined => {
    let queue = queues.get(side);
    if (queue === undefined) queues.set(side, (queue = []));
    for (;;) {
      while (queue.length > 0 && queue[0].index < i) queue.shift();
      if (queue.length > 0) return queue[0].index === i ? queue.shift() : undefined;
      if (finished.has(side)) return undefined;
      const started = performance.now();
      const part = split.receive!(side);
      stats.waitedMs += performance.now() - started;
      if (part === undefined) finished.add(side);
      else queue.push(part);
    }
  };
  return (options, evaluate) => {
    const obj = whole > 0 ? undefined : directoryOf(options);
    if (obj === undefined) return evaluate(options);
    if (weights === undefined) {
      weights = split.weights();
      const total = weights.get('.') ?? 0;
      share = total / (split.sides * 8);
      for (let s = 1; s < loads.length; s++) loads[s] = total * helperHandicap;
    }
    const weight = weights.get(obj) ?? 0;
    const i = index++;
    // A directory too heavy to give away whole: every side runs its make, and shares out its subdirectories.
    if (weight > share) {
      shared++;
      try {
        return evaluate(options);
      } finally {
        shared--;
      }
    }
    // Directories before the first shared one (the preparation kbuild does first): every side evaluates them.
    if (shared === 0) return evaluateWhole(options, evaluate);
    let owner = 0;
    for (let s = 1; s < loads.length; s++) if (loads[s] < loads[owner]) owner = s;
    loads[owner] += Math.max(weight, 1);
    if (owner === split.side) {
      if (split.side === 0) return evaluateWhole(options, evaluate);
      return sendPart(split, run, recorder, i, obj, options, () => evaluateWhole(options, evaluate));
    }
    if (split.side !== 0) return skipped;
    const part = partFrom(owner, i);
    if (part !== undefined && part.obj === obj && takePart(run, part, options)) {
      stats.taken++;
      return part.outcome;
    }
    stats.redone++;
    return evaluateWhole(options, evaluate);
  };
}

/** A helper's own subtree: evaluated while the recorder watches, then sent to side 0. */
function sendPart(split: KbuildSplit, run: SplitRun, recorder: SplitRecorder, index: number, obj: string, options: MakeOptions, evaluate: () => SubMakeOutcome): SubMakeOutcome {
  recorder.active = true;
  recorder.start = run.made.size;
  recorder.directories.length = 0;
  recorder.missing.clear();
  recorder.madeBefore.clear();
  const before = run.made.size;
  let outcome: SubMakeOutcome;
  try {
    outcome = evaluate();
  } finally {
    recorder.active = false;
  }
  const directories = recorder.directories.flatMap((o) => {
    const d = run.facts.directories.get(o);
    return d === undefined ? [] : [{ ...d, options: optionsData(d.options) }];
  });
  const made = [...run.made.keys()].slice(before);
  // Only what a sub-make's caller takes (the engine's result also holds its variables and rules).
  const { output, status, reads, commands } = outcome.value;
  const sent = { value: { output, status, reads, commands }, diagnostics: outcome.diagnostics };
  split.send!({ index, obj, key: optionsKey(options), outcome: sent, directories, made, missing: [...recorder.missing], madeBefore: [...recorder.madeBefore] });
  return outcome;
}

/**
 * Side 0 takes a helper's part when its own run would have given the same: the same make options,
 * no path the helper found missing that this run made, and every path the helper had made before
 * made here too. Then the part's facts and made files join the run's.
 */
function takePart(run: SplitRun, part: SplitPart, options: MakeOptions): boolean {
  if (part.key !== optionsKey(options)) return false;
  for (const p of part.missing) if (run.made.has(p)) return false;
  for (const p of part.madeBefore) if (!run.made.has(p)) return false;
  // The data the part carries, with this run's host, caches and observer (to run it again, as an editor does).
  for (const d of part.directories) {
    run.facts.directories.set(d.obj, { ...d, options: { ...options, ...d.options } });
    run.onDirectory?.(d.obj, run.facts.directories.size);
  }
  for (const p of part.made) if (!run.made.has(p)) run.made.set(p, run.made.size);
  return true;
}

/** The `obj` of a kbuild directory make (`make -f .../scripts/Makefile.build obj=DIR`), or undefined. */
function directoryOf(options: MakeOptions): string | undefined {
  const first = options.makefiles[0];
  if (first === undefined || !/(^|\/)scripts\/Makefile\.build$/.test(first)) return undefined;
  const obj = options.commandLine.findLast(([name]) => name === 'obj')?.[1];
  return obj === undefined || obj.startsWith('/') ? undefined : obj.replace(/^\.\/(?=.)/, '');
}

/** The options of a make that are data (`MakeOptionsData`): what a helper thread sends, and what the CLI keeps of an analysis. */
export function optionsData(o: MakeOptions): MakeOptionsData {
  return {
    cwd: o.cwd, env: o.env, commandLine: o.commandLine, makefiles: o.makefiles, includeDirs: o.includeDirs, goals: o.goals,
    dryRun: o.dryRun, silent: o.silent, printDirectory: o.printDirectory, makeflags: o.makeflags, program: o.program, level: o.level,
  };
}

/** A make's options as one comparable string. */
function optionsKey(o: MakeOptions): string {
  const d = optionsData(o);
  return JSON.stringify({ ...d, env: [...d.env] });
}

/**
 * The weight of each directory's subtree under `root` (the source tree), by its name from there
 * (`.`, `drivers/net`): its C and assembler sources, and a few more for each directory, which is
 * what a kbuild dry run's time follows. Names with a dot, other than sources, are taken for files
 * without asking; other names are listed to find out whether they are directories.
 */
export function subtreeWeights(host: Host, root: string): Map<string, number> {
  const weights = new Map<string, number>();
  const walk = (name: string, path: string): number | undefined => {
    const names = host.readDirectory(path);
    if (names === undefined) return undefined;
    let weight = 4;
    for (const n of names) {
      if (n.endsWith('.c') || n.endsWith('.S')) weight++;
      else if (!n.startsWith('.') && !n.includes('.') && n !== 'Makefile' && n !== 'Kbuild' && n !== 'Kconfig') {
        weight += walk(name === '.' ? n : `${name}/${n}`, `${path}/${n}`) ?? 0;
      }
    }
    weights.set(name, weight);
    return weight;
  };
  walk('.', resolvePath(root, '.'));
  return weights;
}
