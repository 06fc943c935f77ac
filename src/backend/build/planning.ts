/**
 * The plan of a whole clean build in one dry run of kbuild: a view of the file system in which the
 * module's earlier build outputs are hidden, files that earlier steps make exist, a target that a
 * pure command writes (`modules.order`) has the text that command would write, and modpost's
 * `.mod.c` files exist once its step is planned. The ninja backend writes this plan down.
 */
import type { Host, HostStat } from '../../base/index.js';
import { rememberingFileSystem } from '../../eval/kbuild/index.js';
import { resolvePath, type MakeView, type OutputLine } from '../../eval/make/index.js';
import { commandRecord, kbuildPlan, type BuildStep, type PlanOptions } from './plan.js';
import { pureOutput } from './pure-shell.js';

/** What planning a clean build gave. */
export interface CleanPlan {
  readonly steps: readonly BuildStep[];
  /**
   * Files a step's commands write besides its target, by the target's absolute path: the
   * `<module>.mod.c` of every module in `modules.order`, which modpost writes.
   */
  readonly extraOutputs: ReadonlyMap<string, readonly string[]>;
  /** Every file the dry run read and every directory it listed, except the build's own outputs: what the plan depends on. */
  readonly reads: readonly string[];
  /** make's exit status: 0 when the dry run got through to the end (Makefile.modfinal). */
  readonly status: number;
  /** What make printed on stderr. */
  readonly messages: readonly OutputLine[];
}

/** How to plan: kbuild's command line, and the module's directory (`M=`), whose outputs are hidden. */
export type CleanPlanOptions = Omit<PlanOptions, 'observer'> & { readonly outputs: string };

/**
 * Plans a clean build of the module in `options.outputs` as one dry run of kbuild through a view
 * of the file system in which:
 * - an output of an earlier build is hidden: in the module's tree, every `.X.cmd` file (kbuild's
 *   record of the command that made `X`) and every `X` beside which one exists; so kbuild's
 *   `if_changed` gives each command in full, as in a clean build;
 * - a file whose recipe the dry run printed exists from then on, as new (GNU make's `-n` forgets
 *   them between sub-makes; that is where kbuild's `make -n` stops, at modpost);
 * - a target written by a pure command (`echo`, `cat`, `printf '%s\n'`, `awk '!x[$0]++'`, as
 *   kbuild writes `modules.order`) holds the text that command writes, for reading and for `cat`;
 * - once modpost's step is planned (a command running `scripts/mod/modpost`), the `<module>.mod.c`
 *   it writes for each module in `$(MODORDER)` exists (modpost's outputs, which no rule names).
 */
export function cleanBuildPlan(options: CleanPlanOptions): CleanPlan {
  const tree = options.outputs.replace(/\/+$/, '');
  const made = new Set<string>();
  const written = new Map<string, string>();
  const extraOutputs = new Map<string, string[]>();
  const reads = new Set<string>();
  // The view's answers change as steps are planned, so the plan must not remember them; the
  // files under it are remembered instead, until a command runs.
  const host = planningView(rememberingFileSystem(options.host), tree, made, written, reads);
  // Each make's commands by target, until make says the target is made.
  const commands = new Map<MakeView, Map<string, string[]>>();
  const plan = kbuildPlan({
    ...options,
    host,
    remember: false,
    observer: {
      command(make, target, command) {
        let byTarget = commands.get(make);
        if (byTarget === undefined) commands.set(make, (byTarget = new Map()));
        byTarget.get(target)?.push(command) ?? byTarget.set(target, [command]);
      },
      made(make, target) {
        const path = resolvePath(make.options.cwd, target);
        made.add(path);
        const lines = commands.get(make)?.get(target) ?? [];
        for (const line of lines) {
          const text = pureOutput(line, path, make.options.cwd, (file) => readText(host, file));
          if (text !== undefined) written.set(path, text);
        }
        if (lines.some((l) => /(^|[\s;|&(])(\S*\/)?scripts\/mod\/modpost(\s|$)/.test(l))) {
          const order = make.expand('$(MODORDER)').trim();
          const text = order === '' ? undefined : readText(host, resolvePath(make.options.cwd, order));
          const sources = (text ?? '').split('\n').filter((m) => m.endsWith('.ko')).map((m) => resolvePath(make.options.cwd, `${m.slice(0, -3)}.mod.c`));
          for (const s of sources) made.add(s);
          extraOutputs.set(path, sources);
        }
      },
    },
  });
  return { steps: plan.steps, extraOutputs, reads: [...reads].sort(), status: plan.status, messages: plan.messages };
}

function readText(host: Host, path: string): string | undefined {
  const bytes = host.readFile(path);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

/** The planning view of `host` (see `cleanBuildPlan`), recording what is read into `reads`. */
function planningView(host: Host, tree: string, made: ReadonlySet<string>, written: ReadonlyMap<string, string>, reads: Set<string>): Host {
  const now = Date.now();
  const fresh: HostStat = { kind: 'file', mtimeMs: now };
  const inTree = (path: string): boolean => path.startsWith(`${tree}/`);
  const slash = (path: string): number => path.lastIndexOf('/');
  // An output of an earlier build: a command record, or a file with one beside it.
  const hidden = (path: string): boolean => {
    if (!inTree(path)) return false;
    const name = path.slice(slash(path) + 1);
    if (/^\..+\.cmd$/.test(name)) return true;
    return host.stat(commandRecord(path))?.kind === 'file';
  };
  const stat = (path: string, ask: (p: string) => HostStat | undefined): HostStat | undefined => {
    if (made.has(path) || written.has(path)) return fresh;
    return hidden(path) ? undefined : ask(path);
  };
  return {
    ...host,
    stat: (path) => stat(path, (p) => host.stat(p)),
    lstat: (path) => stat(path, (p) => (host.lstat ?? host.stat).call(host, p)),
    readFile(path) {
      const text = written.get(path);
      if (text !== undefined) return Buffer.from(text, 'utf8');
      if (made.has(path) || hidden(path)) return undefined;
      const bytes = host.readFile(path);
      if (bytes !== undefined) reads.add(path);
      return bytes;
    },
    readDirectory(path) {
      const names = host.readDirectory(path);
      if (names === undefined) return undefined;
      reads.add(path);
      const dir = path.replace(/\/+$/, '');
      const visible = names.filter((n) => !hidden(`${dir}/${n}`));
      for (const p of [...made, ...written.keys()]) {
        if (slash(p) === dir.length && p.startsWith(dir) && !visible.includes(p.slice(dir.length + 1))) visible.push(p.slice(dir.length + 1));
      }
      return visible;
    },
    shell(command, cwd, env) {
      // `cat FILE` of a planned file (Makefile.modfinal's `$(shell cat $(MODORDER))`).
      const cat = /^\s*cat +([^\s;&|<>`$'"\\()*?[\]]+)\s*$/.exec(command);
      if (cat !== null) {
        const path = resolvePath(cwd, cat[1]);
        const text = written.get(path);
        if (text !== undefined) return { stdout: text, stderr: '', status: 0 };
        if (made.has(path) || hidden(path)) return { stdout: '', stderr: `cat: ${cat[1]}: No such file or directory\n`, status: 1 };
      }
      return host.shell(command, cwd, env);
    },
  };
}
