/**
 * The build plan of one kbuild stage: kbuild's own makefiles run through the make engine as
 * `make -n` runs them, with every target's expanded commands captured in make's order, each target
 * a step that waits for the steps of its prerequisites, and each in-process sub-make's steps
 * between the parts of the recipe line that started it.
 */
import { rememberingFileSystem, type KbuildOptions } from '../../eval/kbuild/index.js';
import type { Host, HostStat } from '../../base/index.js';
import { evaluate, resolvePath, type MakeObserver, type MakeView, type OutputLine, type TargetVisit } from '../../eval/make/index.js';

/** One target's commands (or the part of them around a sub-make), run in order through `/bin/sh -c`. */
export interface BuildStep {
  /** Its index in the plan; steps come in the order make considered them. */
  readonly id: number;
  /** The target, as the make that runs it names it. */
  readonly target: string;
  /** The make's directory: where the commands run. */
  readonly directory: string;
  /** The environment make gives the commands (its exported variables). */
  readonly env: ReadonlyMap<string, string>;
  /** The commands, expanded, without make's `@-+` prefixes; `:` (kbuild's "nothing to do") left out. */
  readonly commands: readonly string[];
  /** Steps that must finish first: those of the prerequisites, and the recipe part before a sub-make. */
  readonly after: readonly number[];
  /** Whether make knows the target as phony (`.PHONY`); absent in plans made by hand. */
  readonly phony?: boolean;
  /** The steps of its normal prerequisites (not order-only ones, nor the steps it waits for otherwise), among `after`. */
  readonly inputs?: readonly number[];
}

/** What one dry run of kbuild gave. */
export interface BuildPlan {
  readonly steps: readonly BuildStep[];
  /** The steps' commands in the order make ran (under `-n`: printed) them. */
  readonly sequence: readonly string[];
  /** make's exit status: 2 when the dry run stopped (at modpost, before `modules.order` exists). */
  readonly status: number;
  /** What make printed on stderr. */
  readonly messages: readonly OutputLine[];
}

/** How to run kbuild (`make -C directory VAR=VALUE... goals`; `modules` by default), with a parse cache shared between stages. */
export type PlanOptions = Pick<KbuildOptions, 'host' | 'directory' | 'variables' | 'env' | 'goals' | 'parsed'> & {
  /** Also sees the run, after the plan's own observer (a planning view learns what the run made). */
  readonly observer?: MakeObserver;
  /**
   * Plan what a real make would run, not what `make -n` prints: a target whose recipe changes no
   * file (`leavesFilesAlone`: kbuild's `:` for an up-to-date target) is not taken as remade, such
   * commands are left out, and files one make remade are newer than any other for the makes after
   * it. Without it, the plan is `make -n`'s, except for its `:` lines.
   */
  readonly asRun?: boolean;
  /**
   * Whether the plan may ask the host about each path once until a command runs (the default).
   * A host whose answers change without a command, as the planning view's do when a step is
   * planned, says false, and remembers below its own changes.
   */
  readonly remember?: boolean;
};

interface MutableStep {
  readonly id: number;
  readonly target: string;
  readonly directory: string;
  env: ReadonlyMap<string, string>;
  readonly commands: string[];
  readonly after: number[];
  phony: boolean;
  readonly inputs: number[];
  /** Prerequisites by name, resolved to steps when their make finishes (make may consider them later). */
  readonly prerequisites: readonly string[];
  /** How many of `prerequisites` are normal ones (the order-only ones follow). */
  readonly normal: number;
}

/** One make of the run, while it runs. */
interface Frame {
  readonly view: MakeView;
  /** The step its steps wait for: the part of the parent's recipe before the sub-make line. */
  readonly gate: MutableStep | undefined;
  /** Each target's last step so far. */
  readonly nodes: Map<string, { current: MutableStep }>;
  /** The first step made in this make (its own and its sub-makes' steps follow). */
  readonly firstStep: number;
  /** Its own steps (not its sub-makes'). */
  readonly own: MutableStep[];
  env: ReadonlyMap<string, string> | undefined;
  /** A line make is about to try as a sub-make: a shell command after all unless a make starts. */
  pending: { readonly node: { current: MutableStep }; readonly command: string; child: boolean } | undefined;
}

/**
 * Runs kbuild as `make -n` with `options`, and returns its commands as steps.
 *
 * @example
 * const plan = kbuildPlan({ host, directory: '/usr/src/linux-headers-6.1.0-56-amd64', variables: [['M', dir]], env });
 * for (const s of plan.steps) for (const c of s.commands) console.log(c);
 */
export function kbuildPlan(options: PlanOptions): BuildPlan {
  const steps: MutableStep[] = [];
  const stack: Frame[] = [];
  const sequence: string[] = [];
  const newStep = (frame: Frame, target: string, after: readonly (number | undefined)[], visit?: TargetVisit): MutableStep => {
    const step: MutableStep = {
      id: steps.length, target, directory: frame.view.options.cwd, env: new Map(), commands: [],
      after: [...new Set(after.filter((a): a is number => a !== undefined))], phony: visit?.phony ?? false, inputs: [],
      prerequisites: visit === undefined ? [] : [...visit.prerequisites, ...visit.orderOnly], normal: visit?.prerequisites.length ?? 0,
    };
    steps.push(step);
    frame.own.push(step);
    return step;
  };
  const append = (frame: Frame, node: { current: MutableStep }, command: string): void => {
    if (options.asRun === true ? leavesFilesAlone(command) : command.trim() === ':') return;
    frame.env ??= commandEnvironment(frame.view.environment());
    node.current.env = frame.env;
    node.current.commands.push(command);
    sequence.push(command);
  };
  // A line tried as a sub-make that started none was a shell command (a `+` line of kbuild's).
  const flush = (frame: Frame): void => {
    const p = frame.pending;
    frame.pending = undefined;
    if (p !== undefined && !p.child) append(frame, p.node, p.command);
  };
  const top = (view: MakeView): Frame | undefined => {
    const f = stack[stack.length - 1];
    return f !== undefined && f.view === view ? f : undefined;
  };
  // Files a make of the run remade are newer than any other for the makes after it, as they are
  // in a real run (a dry run forgets them between makes): modpost then runs after an object changed.
  const remade = new Set<string>();
  const newest = (path: string): HostStat | undefined => (remade.has(path) ? { kind: 'file', mtimeMs: Number.POSITIVE_INFINITY } : undefined);
  // Each path is asked about once (a module's `.cmd` files name the same headers and
  // `$(wildcard include/config/...)` files over and over), until a command runs.
  const asked = options.remember === false ? options.host : rememberingFileSystem(options.host);
  const host: Host = options.asRun !== true ? asked : {
    ...asked,
    stat: (path) => newest(path) ?? asked.stat(path),
    lstat: (path) => newest(path) ?? (asked.lstat ?? asked.stat).call(asked, path),
  };
  const observer: MakeObserver = {
    made(view, target) {
      if (options.asRun === true) remade.add(resolvePath(view.options.cwd, target));
    },
    read(view) {
      const parent = stack[stack.length - 1];
      let gate: MutableStep | undefined;
      if (parent?.pending !== undefined) {
        parent.pending.child = true;
        gate = parent.pending.node.current;
      }
      stack.push({ view, gate, nodes: new Map(), firstStep: steps.length, own: [], env: undefined, pending: undefined });
    },
    finished(view) {
      const frame = top(view);
      if (frame === undefined) {
        // A sub-make that stopped before reading its makefiles: its line is not a shell command either.
        const parent = stack[stack.length - 1];
        if (parent?.pending !== undefined) parent.pending = undefined;
        return;
      }
      flush(frame);
      stack.pop();
      // Intermediate files are considered after the target that needs them, so names are resolved now.
      // (An object has hundreds of prerequisites, the headers of its `.cmd` file: sets, not `includes`.)
      for (const step of frame.own) {
        if (step.prerequisites.length === 0) continue;
        const after = new Set(step.after);
        const inputs = new Set(step.inputs);
        step.prerequisites.forEach((name, i) => {
          const id = frame.nodes.get(name)?.current.id;
          if (id === undefined || id === step.id) return;
          if (!after.has(id)) {
            after.add(id);
            step.after.push(id);
          }
          if (i < step.normal && !inputs.has(id)) {
            inputs.add(id);
            step.inputs.push(id);
          }
        });
      }
      const parent = stack[stack.length - 1];
      const p = parent?.pending;
      if (parent === undefined || p === undefined || !p.child) return;
      // The rest of the parent's recipe waits for everything the sub-make (and its sub-makes) ran.
      const rest = newStep(parent, p.node.current.target, [p.node.current.id, ...steps.slice(frame.firstStep).map((s) => s.id)]);
      rest.phony = p.node.current.phony;
      p.node.current = rest;
      parent.pending = undefined;
    },
    target(view, visit) {
      const frame = top(view);
      if (frame === undefined) return;
      flush(frame);
      const previous = frame.nodes.get(visit.name)?.current.id;
      frame.nodes.set(visit.name, { current: newStep(frame, visit.name, [frame.gate?.id, previous], visit) });
    },
    command(view, target, command, subMake) {
      const frame = top(view);
      if (frame === undefined) return;
      flush(frame);
      let node = frame.nodes.get(target);
      if (node === undefined) {
        node = { current: newStep(frame, target, [frame.gate?.id]) };
        frame.nodes.set(target, node);
      }
      if (subMake) frame.pending = { node, command, child: false };
      else append(frame, node, command);
    },
  };
  const { value } = evaluate({
    host,
    cwd: options.directory,
    env: options.env,
    commandLine: options.variables,
    makefiles: [],
    includeDirs: [],
    goals: options.goals ?? ['modules'],
    dryRun: true,
    silent: false,
    printDirectory: false,
    // Only `n`: kbuild reads `s` in MAKEFLAGS as "quiet", and `k` would go on past a stage's end.
    makeflags: 'n',
    parsed: options.parsed,
    shell: 'allow',
    version: '4.3',
    program: 'make',
    level: 0,
    // kbuild's up-to-date targets still have a recipe (`@:`, after its trap lines); a real make
    // finds their files unchanged after running it, and so does the plan.
    unchanging: options.asRun === true ? leavesFilesAlone : undefined,
    observer: chain(observer, options.observer),
  });
  return { steps, sequence, status: value.status, messages: value.output.filter((l) => l.stream === 'stderr') };
}

/**
 * The environment for running the commands: the dry run's, without the `n` that the dry run put
 * into `MAKEFLAGS` (a real make's recipes see their make's flags).
 */
function commandEnvironment(env: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const out = new Map(env);
  const flags = out.get('MAKEFLAGS');
  if (flags !== undefined) {
    const words = flags.split(' ');
    if (words[0] !== '' && !words[0].startsWith('-')) words[0] = words[0].replace(/n/g, '');
    out.set('MAKEFLAGS', words.join(' '));
  }
  return out;
}

/** Both observers, `first` before `second`. */
function chain(first: MakeObserver, second: MakeObserver | undefined): MakeObserver {
  if (second === undefined) return first;
  return {
    target: (make, visit) => (first.target?.(make, visit), second.target?.(make, visit)),
    made: (make, target) => (first.made?.(make, target), second.made?.(make, target)),
    command: (make, target, command, subMake) => (first.command?.(make, target, command, subMake), second.command?.(make, target, command, subMake)),
    read: (make) => (first.read?.(make), second.read?.(make)),
    finished: (make, status) => (first.finished?.(make, status), second.finished?.(make, status)),
  };
}

/** Where kbuild's `if_changed` records the command that made `target` (absolute): `.<name>.cmd` beside it. */
export function commandRecord(target: string): string {
  const slash = target.lastIndexOf('/');
  return `${target.slice(0, slash + 1)}.${target.slice(slash + 1)}.cmd`;
}

/**
 * Whether a shell command surely changes no file: simple commands joined by `;`, `&&`, `||` or
 * newlines, each of them `:`, `true`, `set` with options only, or `trap` (a handler only runs on
 * a signal), with nothing a shell would redirect, pipe or substitute outside quotes. kbuild's
 * recipe for an up-to-date target is `@:` behind its `set -e; trap 'rm -f $@ ...' SIG` lines.
 */
export function leavesFilesAlone(command: string): boolean {
  const commands: string[][] = [[]];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) commands[commands.length - 1].push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return false;
      word += command.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\') j++;
        else if (command[j] === '$' || command[j] === '`') return false;
      }
      if (j >= command.length) return false;
      word += command.slice(i + 1, j);
      inWord = true;
      i = j;
    } else if (c === ' ' || c === '\t' || (c === '\\' && command[i + 1] === '\n')) {
      if (c === '\\') i++;
      endWord();
    } else if (c === ';' || c === '\n' || ((c === '&' || c === '|') && command[i + 1] === c)) {
      endWord();
      if (c === '&' || c === '|') i++;
      commands.push([]);
    } else if ('<>|&`$()\\{}'.includes(c)) {
      return false;
    } else {
      word += c;
      inWord = true;
    }
  }
  endWord();
  return commands.every((words) => {
    if (words.length === 0) return true;
    const [name, ...args] = words;
    if (name === ':' || name === 'true' || name === 'trap') return true;
    return name === 'set' && args.every((a) => /^[-+][a-z]+$/.test(a));
  });
}
