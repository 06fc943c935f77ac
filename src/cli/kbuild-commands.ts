/**
 * The actions of the Kbuild commands, each over one `analyse` run: the default tree view (with
 * `--json`, `--dot`, `--svg`), `modules`, `compile-commands` and `why`.
 */
import { resolve } from 'node:path';
import { moduleLicenseChecker } from '../eval/kbuild/index.js';
import { shellWords } from '../eval/make/index.js';
import { directoryId, type KbuildGraph } from '../graph/index.js';
import { writeAtomicallyIfChanged } from './files.js';
import { analyse, describeOrigin, objNames, renderTree, selectedDirectories, statusOf, type Analysis, type KbuildCommandOptions } from './kbuild.js';
import type { CliIo } from './main.js';

/** `kbuild-graph [DIR...]`: the output formats. */
export interface ShowOptions extends KbuildCommandOptions {
  readonly format: 'tree' | 'json' | 'dot' | 'svg';
}

/** `kbuild-graph [DIR...]`. */
export async function showCommand(options: ShowOptions, io: CliIo): Promise<number> {
  const a = analyse(options, io);
  if (typeof a === 'number') return a;
  const dirs = selectedDirectories(a);
  if (typeof dirs === 'string') return usage(io, dirs);
  if (options.format === 'tree') io.stdout(renderTree(a, dirs));
  else if (options.format === 'json') io.stdout(`${JSON.stringify(jsonView(a, dirs), null, 2)}\n`);
  else {
    const dot = dotView(a, dirs);
    if (options.format === 'dot') io.stdout(dot);
    else {
      const { instance } = await import('@viz-js/viz');
      const viz = await instance();
      io.stdout(viz.renderString(dot, { format: 'svg' }));
    }
  }
  return statusOf(a);
}

/** `kbuild-graph modules`: `modules.order` as kbuild writes it. */
export function modulesCommand(options: KbuildCommandOptions, io: CliIo): number {
  const a = analyse(options, io);
  if (typeof a === 'number') return a;
  const lines = a.graph.modulesOrder();
  io.stdout(lines.map((l) => `${l}\n`).join(''));
  return statusOf(a);
}

/** `kbuild-graph builtin`: `modules.builtin` as kbuild makes it from `vmlinux.o`. */
export function builtinCommand(options: KbuildCommandOptions, io: CliIo): number {
  const a = analyse(options, io);
  if (typeof a === 'number') return a;
  const lines = a.graph.builtinModules(moduleLicenseChecker(a.host));
  io.stdout(lines.map((l) => `${l}\n`).join(''));
  return statusOf(a);
}

/** `kbuild-graph compile-commands`: the options beyond the common ones. */
export interface CompileCommandsOptions extends KbuildCommandOptions {
  /** `-o FILE`; stdout when undefined. */
  readonly output: string | undefined;
  /** Drop the gcc-only flags clangd rejects. */
  readonly clangd: boolean;
}

/**
 * The GCC options that `--clangd` drops: those kbuild passes on x86 (Debian's commands of the whole
 * tree, and the gcc branches of the 6.1 Makefiles) that Debian's clangd 14 reports as errors, each
 * measured alone with `clangd --check` on a one-line file. Everything else stays, even where clang
 * only ignores it (`-falign-jumps=1`, `-mskip-rax-setup`, `-mharden-sls=all`, `--param`, `-fplugin`,
 * unknown `-W` options, which clangd reports as warnings at most). Each is one word; an entry ending
 * in `=` matches any value.
 */
const clangRejects: ReadonlyMap<string, string> = new Map([
  // "unknown argument": clang has no such option.
  ['-mpreferred-stack-boundary=', 'clang spells it -mstack-alignment='],
  ['-fno-allow-store-data-races', 'GCC 10 spelling of --param=allow-store-data-races=0'],
  ['-fconserve-stack', 'GCC only'],
  ['-fno-conserve-stack', 'GCC only (kernel/kcov.o)'],
  ['-mindirect-branch=', 'retpolines: clang spells them -mretpoline-external-thunk'],
  ['-mindirect-branch-register', 'retpolines, GCC only'],
  ['-mindirect-branch-cs-prefix', 'retpolines, GCC only'],
  ['-mfunction-return=', 'return thunks: clang 15 added it'],
  ['-fno-code-hoisting', 'GCC optimisation switch'],
  ['-fsched-pressure', 'GCC scheduler switch'],
  ['-fno-var-tracking-assignments', 'GCC debug-info switch'],
  ['-fno-ipa-sra', 'GCC optimisation switch'],
  ['-fno-ipa-cp-clone', 'GCC optimisation switch (CONFIG_READABLE_ASM)'],
  ['-fno-partial-inlining', 'GCC optimisation switch (CONFIG_READABLE_ASM)'],
  ['-fno-tree-loop-im', 'GCC optimisation switch (gcov)'],
  ['-maccumulate-outgoing-args', 'GCC only (the function graph tracer without fentry)'],
  ['-femit-struct-debug-baseonly', 'GCC debug-info switch (CONFIG_DEBUG_INFO_REDUCED)'],
  ['-femit-struct-debug-detailed=', 'GCC debug-info switch'],
  ['-fasan-shadow-offset=', 'GCC KASAN; clang takes the offset through -mllvm'],
  ['-mstack-protector-guard-symbol=', 'the x86_32 stack protector; clang 14 lacks it'],
  ['-fzero-call-used-regs=', 'clang 15 added it'],
  ['-fmin-function-alignment=', 'GCC 14, kernels after 6.1'],
  // "unsupported option for target": clang has it for other targets only.
  ['-mrecord-mcount', 'clang takes it for SystemZ only; x86 kernels get -mfentry, which stays'],
  // Accepted only beside -enable-trivial-auto-var-init-zero-knowing-it-will-be-removed-from-clang,
  // which clang 16 removed (and then rejects); zero-initialising locals changes no diagnostic.
  ['-ftrivial-auto-var-init=zero', 'clang 14 needs an extra flag for it'],
]);

/** Whether `--clangd` drops one argument word. */
function clangRejected(word: string): boolean {
  if (clangRejects.has(word)) return true;
  const eq = word.indexOf('=');
  return eq > 0 && clangRejects.has(word.slice(0, eq + 1));
}

/** `kbuild-graph compile-commands [DIR...] [-o FILE]`. */
export function compileCommandsCommand(options: CompileCommandsOptions, io: CliIo): number {
  const a = analyse(options, io);
  if (typeof a === 'number') return a;
  const dirs = a.paths.length === 0 ? undefined : selectedDirectories(a);
  if (typeof dirs === 'string') return usage(io, dirs);
  // One entry per line, made as it is written: the whole tree's database is some 100 MB of text.
  let count = 0;
  const graph = a.graph;
  const only = dirs;
  // Entries are gathered into pieces of about a megabyte: one write each, not one per entry.
  function* chunks(): Generator<string> {
    let piece = '[';
    for (const c of graph.compileCommands()) {
      if (only !== undefined && !only.some((d) => c.output.startsWith(`${d}/`) || d === '.')) continue;
      // The compiler's command: what comes before kbuild's first `;` (objtool and the like follow).
      const end = /\s;\s|;\s/.exec(c.command)?.index ?? c.command.length;
      let args = (shellWords(c.command.slice(0, end)) ?? []).filter((w) => w !== '');
      if (options.clangd) args = args.filter((w) => !clangRejected(w));
      piece += `${count === 0 ? '\n' : ',\n'}${JSON.stringify({ directory: c.directory, file: resolve(c.directory, c.file), arguments: args, output: c.output })}`;
      count++;
      if (piece.length >= 1 << 20) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}${count === 0 ? ']\n' : '\n]\n'}`;
  }
  if (options.output === undefined) for (const chunk of chunks()) io.stdout(chunk);
  else {
    let written: boolean;
    try {
      // A file that already holds these commands keeps its time: clangd reads it again when it changes.
      written = writeAtomicallyIfChanged(resolve(io.cwd, options.output), chunks());
    } catch (e) {
      return usage(io, `cannot write ${options.output}: ${(e as Error).message}`);
    }
    io.stderr(written ? `kbuild-graph: wrote ${count} compile commands to ${options.output}\n` : `kbuild-graph: ${options.output} already holds these ${count} compile commands; left as it was\n`);
  }
  return statusOf(a);
}

/** `kbuild-graph why FILE`. */
export function whyCommand(file: string, options: KbuildCommandOptions, io: CliIo): number {
  const a = analyse(options, io);
  if (typeof a === 'number') return a;
  const names = objNames(a, file);
  const id = findNode(a, names);
  // A file not in the graph: the first name that some Kbuild line leaves off, if any does.
  const e = id !== undefined ? a.graph.why(id) : names.map((n) => a.graph.why(n)).find((w) => w.off.length > 0) ?? a.graph.why(names[0]);
  if (e.built) {
    io.stdout(`${file} is built:\n`);
    for (const step of e.chain) {
      const why = step.origin === undefined ? '' : `  ${step.origin.written} ${describeOrigin(step.origin)}`;
      io.stdout(`  ${label(a, step.product)} -> ${label(a, step.input)}${why}\n`);
      for (const c of step.origin?.conditions ?? []) io.stdout(`      inside ${c.text} (${c.file.slice(c.file.lastIndexOf('/') + 1)}:${c.line})\n`);
    }
    return 0;
  }
  if (e.off.length === 0) {
    io.stdout(`${file} is not built: no Kbuild file that kbuild read with this configuration names it\n`);
    return 1;
  }
  io.stdout(`${file} is not built:\n`);
  for (const o of e.off) {
    io.stdout(`  ${o.written} names it, ${describeOrigin(o)}; it went to ${o.variable === 'obj-' || o.variable.endsWith('-') ? `\`${o.variable}\`, which kbuild ignores` : `\`${o.variable}\``}\n`);
    for (const c of o.conditions) io.stdout(`      inside ${c.text} (${c.file.slice(c.file.lastIndexOf('/') + 1)}:${c.line})\n`);
  }
  return 1;
}

/** The graph node that one of a path's names (`objNames`) means: as kbuild names it, or the same file. */
function findNode(a: Analysis, names: readonly string[]): string | undefined {
  const g = a.graph;
  for (const named of names) if (g.node(named) !== undefined) return named;
  const wanted = new Set(names.map((n) => resolve(a.external ?? a.directory, n)));
  for (const id of g.graph.nodes()) {
    const n = g.node(id);
    if (n !== undefined && n.kind !== 'directory' && wanted.has(resolve(a.directory, n.path))) return id;
  }
  return undefined;
}

/** A node as the user names it: relative to `M=` for an external module, as kbuild names it otherwise. */
function label(a: Analysis, id: string): string {
  const n = a.graph.node(id);
  const path = n?.kind === 'directory' ? `${n.path}/` : id;
  const base = a.external === undefined ? undefined : `${a.external}/`;
  return base !== undefined && path.startsWith(base) && path !== base ? path.slice(base.length) : path;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`kbuild-graph: error[C004]: ${message}\n`);
  return 2;
}

/** The `--json` view of directories: modules with members, built-in objects, subdirectories, off members. */
function jsonView(a: Analysis, dirs: readonly string[]): unknown {
  const g = a.graph;
  const member = (id: string, origin: unknown): unknown => {
    const n = g.node(id);
    return {
      path: id,
      kind: n?.kind,
      origin,
      sources: n?.kind === 'object' ? g.sourcesOf(id) : undefined,
      members: n?.kind === 'composite' ? g.inputs(id).map((i) => member(i.id, i.edge.origin)) : undefined,
      off: n?.kind === 'composite' ? g.offMembers(dirOf(g, id), id) : undefined,
    };
  };
  return dirs.map((obj) => {
    const inputs = g.inputs(directoryId(obj));
    return {
      directory: obj,
      modules: inputs.filter((i) => g.node(i.id)?.kind === 'module').map((i) => ({ module: i.id, origin: i.edge.origin, object: member(g.inputs(i.id)[0]?.id ?? i.id, undefined) })),
      builtin: inputs.filter((i) => g.node(i.id)?.kind === 'archive').map((i) => ({ archive: i.id, members: g.inputs(i.id).map((m) => member(m.id, m.edge.origin)) })),
      subdirectories: inputs.filter((i) => g.node(i.id)?.kind === 'directory').map((i) => ({ directory: g.node(i.id)?.path, origin: i.edge.origin })),
      off: g.offMembers(obj),
    };
  });
}

function dirOf(g: KbuildGraph, id: string): string {
  for (const d of g.directories()) if (id.startsWith(`${d}/`)) return d;
  return '.';
}

/** The `--dot` view: the directories' nodes and everything below them, not their subdirectories' contents. */
function dotView(a: Analysis, dirs: readonly string[]): string {
  const g = a.graph;
  const shapes: Record<string, string> = { directory: 'folder', module: 'box3d', archive: 'cylinder', composite: 'component', object: 'box', source: 'note' };
  const seen = new Set<string>();
  const nodes: string[] = [];
  const edges: string[] = [];
  const visit = (id: string, top: boolean): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const n = g.node(id);
    nodes.push(`  ${q(id)} [label=${q(n?.kind === 'directory' ? `${n.path}/` : id.slice(id.lastIndexOf('/') + 1))}, shape=${shapes[n?.kind ?? 'object']}];`);
    if (n?.kind === 'directory' && !top) return;
    for (const { id: w, edge } of g.inputs(id)) {
      const config = edge.origin?.configs.map((c) => `${c.symbol}=${c.value}`).join(' ') ?? '';
      edges.push(`  ${q(id)} -> ${q(w)}${config === '' ? '' : ` [label=${q(config)}]`};`);
      visit(w, false);
    }
  };
  for (const d of dirs) visit(directoryId(d), true);
  return `digraph kbuild {\n  rankdir=LR;\n  node [fontname="monospace", fontsize=10];\n  edge [fontname="monospace", fontsize=8];\n${nodes.join('\n')}\n${edges.join('\n')}\n}\n`;
}

function q(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}
