/**
 * Issue 4, acceptance 2 and 3 for external modules: the graph of a directory built out of tree
 * against Debian's headers gives the module list, each module's objects and each object's
 * compiler command that kbuild's own `make -n modules` gives for the same copy.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { nodeHost } from '../../src/cli/host.js';
import { analyzeKbuild, reanalyzeDirectory } from '../../src/eval/kbuild/index.js';
import { compileTracesOf } from '../../src/eval/kbuild/analyze.js';
import type { Host, ShellResult } from '../../src/base/index.js';
import { cachingHost } from '../../src/eval/make/index.js';
import { directoryId, KbuildGraph } from '../../src/graph/index.js';
import { ootOracle, oracleStatus } from '../corpus/kernel.js';
import { outOfTree } from '../corpus/oot.js';
import { compilerArguments, readDryRun } from './dry-run-log.js';

const directories = ['net/openvswitch', 'fs/ext4', 'fs/fat', 'drivers/net/wireguard', 'sound/core', 'net/sched'];

const work = mkdtempSync(join(tmpdir(), 'kbg-graph-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the graph of an external module against kbuild -n modules', () => {
  for (const dir of directories) {
    it(dir, () => {
      const { headers, copy, env, gnu } = outOfTree(work, dir);
      const log = readDryRun(gnu.stdout, 'gcc-12');
      const envMap = new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
      const { value } = analyzeKbuild({ host: nodeHost(true), directory: headers, variables: [['M', copy]], env: envMap, shell: 'allow' });
      const graph = new KbuildGraph(value.facts);

      // modules.order: kbuild's echo/cat list, with sub-lists expanded.
      const expand = (file: string): string[] => (log.modulesOrder.get(file) ?? []).flatMap((e) => (e.echo !== undefined ? [e.echo] : expand(e.cat!)));
      const order = [...new Set(expand(`${copy}/modules.order`))];
      expect(order.length).toBeGreaterThan(0);
      expect(graph.modulesOrder()).toEqual(order);

      // Composition: each module's objects as its .mod lists them.
      expect(log.mods.size).toBeGreaterThan(0);
      for (const [mod, objects] of log.mods) {
        expect(graph.objectsOf(`${mod.slice(0, -4)}.ko`), mod).toEqual(objects);
      }

      // Compile commands: the same argument vector for every object kbuild compiles.
      const ours = new Map(graph.compileCommands().map((c) => [c.output, compilerArguments(c.command)]));
      expect(log.compile.size).toBeGreaterThan(0);
      expect([...ours.keys()].sort()).toEqual([...log.compile.keys()].sort());
      for (const [object, argv] of log.compile) expect(ours.get(object), object).toEqual(argv);
    });
  }
});

describe('the graph of net/openvswitch against the .cmd files of a real build', () => {
  it('gives the command of every object as the build ran it', () => {
    const oracle = ootOracle();
    if (oracle === undefined) throw new Error(oracleStatus().reason);
    const env = new Map(Object.entries({ PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' }));
    // The built copy is analysed where it is: a dry run writes nothing there.
    const { value } = analyzeKbuild({ host: nodeHost(true), directory: oracle.headers, variables: [['M', oracle.moduleDir]], env, shell: 'allow' });
    const graph = new KbuildGraph(value.facts);
    const ours = new Map(graph.compileCommands().map((c) => [c.output.slice(oracle.moduleDir.length + 1), c]));
    // The real build also compiles each module's <module>.mod.o in modpost's step, which a dry run never reaches.
    const built = Object.entries(oracle.compile).filter(([o]) => !o.endsWith('.mod.o'));
    expect(built).toHaveLength(15);
    expect([...ours.keys()].sort()).toEqual(built.map(([o]) => o).sort());
    for (const [object, c] of built) {
      const mine = ours.get(object)!;
      expect(mine.directory, object).toBe(c.directory);
      expect(compilerArguments(mine.command).filter((w) => w !== ''), object).toEqual(c.arguments);
    }
  });
});

describe('the query API on net/openvswitch', () => {
  it('answers module of an object, sources and compile command', () => {
    const oracle = ootOracle();
    if (oracle === undefined) throw new Error(oracleStatus().reason);
    const env = new Map(Object.entries({ PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' }));
    const { value } = analyzeKbuild({ host: nodeHost(true), directory: oracle.headers, variables: [['M', oracle.moduleDir]], env, shell: 'allow' });
    const graph = new KbuildGraph(value.facts);
    const dir = oracle.moduleDir;
    // Expected values from the real build: openvswitch.mod lists flow.o; flow.o's .cmd compiles flow.c.
    expect(oracle.mods['openvswitch.mod']).toContain('flow.o');
    expect(graph.modulesOf(`${dir}/flow.o`)).toEqual([`${dir}/openvswitch.ko`]);
    expect(graph.modulesOf(`${dir}/flow.c`)).toEqual([`${dir}/openvswitch.ko`]);
    expect(graph.sourcesOf(`${dir}/flow.o`)).toEqual([`${dir}/flow.c`]);
    expect(graph.sourcesOf(`${dir}/vport-gre.ko`)).toEqual([`${dir}/vport-gre.c`]);
    expect(compilerArguments(graph.compileCommand(`${dir}/flow.o`)!.command).filter((w) => w !== '')).toEqual(oracle.compile['flow.o'].arguments);
    expect(graph.why(`${dir}/conntrack.c`).chain.map((s) => s.origin?.line)).toEqual([6, undefined, 22, undefined]);
  });
});

/**
 * The editor case on a copy of net/openvswitch: the copy analysed, then an edit (a new source
 * `extra.c` joins `openvswitch-y`, and `vport-gre` is switched off), the directory read again and
 * the graph refreshed, and kbuild's `make -n modules` of the edited copy. With `cached`, as an
 * editor runs it: a shell-result cache filled by a first analysis, so that no command runs from the
 * second one on. With `named`, `reanalyzeDirectory` is told the two files the edit wrote.
 */
function editorCase(own: string, { cached, named }: { cached: boolean; named: boolean }) {
  mkdirSync(own, { recursive: true });
  const { headers, copy, env } = outOfTree(own, 'net/openvswitch');
  const envMap = new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const results = new Map<string, ShellResult>();
  let ran = 0;
  // The paths outside the copy the host is asked about (`stat`), from the reanalysis on.
  let outside: string[] | undefined;
  const host = (): Host => {
    const base = cached ? cachingHost(nodeHost(true), { get: (k) => results.get(k), set: (k, r) => void (ran++, results.set(k, r)) }) : nodeHost(true);
    return { ...base, stat: (p) => (p.startsWith(`${copy}/`) || outside?.push(p), base.stat(p)) };
  };
  const analyze = () => analyzeKbuild({ host: host(), directory: headers, variables: [['M', copy]], env: envMap, shell: 'allow' }).value;
  // The first analysis fills the cache; from the second one on, every command is replayed.
  const run = cached ? (analyze(), analyze()) : analyze();
  const graph = new KbuildGraph(run.facts);
  const extra = join(copy, 'extra.c');
  writeFileSync(extra, '');
  const makefile = join(copy, 'Makefile');
  writeFileSync(makefile, `${readFileSync(makefile, 'utf8').replace('obj-$(CONFIG_OPENVSWITCH_GRE)', 'obj-$(CONFIG_NO_SUCH_OPTION)')}openvswitch-y += extra.o\n`);
  // Make sees the change by the file's time; a second's step keeps coarse file systems honest.
  const later = new Date(Date.now() + 2000);
  utimesSync(makefile, later, later);
  const before = ran;
  outside = [];
  const facts = reanalyzeDirectory(run, copy, named ? [makefile, extra] : undefined);
  const commandsRun = ran - before;
  graph.refreshDirectory(copy);
  const after = readDryRun(spawnSync('make', ['-C', headers, `M=${copy}`, '-n', 'modules'], { encoding: 'utf8', env, maxBuffer: 1 << 28 }).stdout, 'gcc-12');
  return { headers, copy, env, run, graph, facts, after, commandsRun, outside };
}

describe('the editor case: one Kbuild file changed, its directory read again', () => {
  const cases = [
    { name: 'gives what kbuild gives for the changed directory', cached: false, named: false },
    // Nothing runs, so nothing makes the run's host forget the tree as it saw it before the edit.
    { name: 'with a shell-result cache (no command runs), sees the edited Makefile and the new source', cached: true, named: false },
    { name: 'told which files changed, sees the edit and asks again about nothing outside the module', cached: true, named: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { copy, graph, facts, after, commandsRun, outside } = editorCase(join(work, `editor-${c.cached}-${c.named}`), c);
      expect(facts).toBeDefined();
      if (c.cached) expect(commandsRun, 'the directory was read again without running a command').toBe(0);
      // Told what changed, the host is not asked again about kbuild's scripts or the headers.
      if (c.named) expect(outside).toEqual([]);
      else expect(outside.length).toBeGreaterThan(0);
      for (const [mod, objects] of after.mods) expect(graph.objectsOf(`${mod.slice(0, -4)}.ko`), mod).toEqual(objects);
      const order = (after.modulesOrder.get(`${copy}/modules.order`) ?? []).map((e) => e.echo);
      expect(order).toHaveLength(3);
      expect(graph.modulesOrder()).toEqual(order);
      expect(graph.objectsOf(`${copy}/openvswitch.ko`)).toContain(`${copy}/extra.o`);
      expect(graph.offMembers(copy).map((o) => o.word)).toEqual(['vport-gre.o']);
      const ours = new Map(graph.compileCommands().map((c) => [c.output, compilerArguments(c.command)]));
      expect([...ours.keys()].sort()).toEqual([...after.compile.keys()].sort());
      for (const [object, argv] of after.compile) expect(ours.get(object), object).toEqual(argv);
    });
  }

  it("read again after a second edit, of one object's flags: every command as kbuild gives it, the others' taken again", () => {
    const { headers, copy, env, run, graph, facts: first } = editorCase(join(work, 'editor-twice'), { cached: true, named: true });
    const makefile = join(copy, 'Makefile');
    writeFileSync(makefile, `${readFileSync(makefile, 'utf8')}CFLAGS_flow.o += -DKBG_SECOND_EDIT\n`);
    const later = new Date(Date.now() + 4000);
    utimesSync(makefile, later, later);
    const second = reanalyzeDirectory(run, copy, [makefile]);
    graph.refreshDirectory(copy);
    const after = readDryRun(spawnSync('make', ['-C', headers, `M=${copy}`, '-n', 'modules'], { encoding: 'utf8', env, maxBuffer: 1 << 28 }).stdout, 'gcc-12');
    const ours = new Map(graph.compileCommands().map((c) => [c.output, compilerArguments(c.command)]));
    expect([...ours.keys()].sort()).toEqual([...after.compile.keys()].sort());
    for (const [object, argv] of after.compile) expect(ours.get(object), object).toEqual(argv);
    expect(ours.get(`${copy}/flow.o`)).toContain('-DKBG_SECOND_EDIT');
    // The commands the edit left alone are the ones read the first time, not expanded again; flow.o's is new.
    const [before, now] = [compileTracesOf(first!), compileTracesOf(second!)];
    expect(now?.size).toBe(after.compile.size);
    for (const [object, traced] of now!) expect(traced === before?.get(object), object).toBe(object !== `${copy}/flow.o`);
  });
});

describe('the editor case in a directory with a subdirectory (sound/core and its seq/)', () => {
  it('keeps what the subdirectory added when the parent is read again', () => {
    const own = join(work, 'refresh');
    mkdirSync(own, { recursive: true });
    const { headers, copy, env, gnu } = outOfTree(own, 'sound/core');
    const log = readDryRun(gnu.stdout, 'gcc-12');
    const envMap = new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const { value } = analyzeKbuild({ host: nodeHost(true), directory: headers, variables: [['M', copy]], env: envMap, shell: 'allow' });
    const graph = new KbuildGraph(value.facts);
    // The modules kbuild's modules.order of seq/ lists are the ones its directory leads to.
    const seq = `${copy}/seq`;
    const seqOrder = (log.modulesOrder.get(`${seq}/modules.order`) ?? []).map((e) => e.echo);
    expect(seqOrder.length).toBeGreaterThan(0);
    const modulesIn = (dir: string): string[] => graph.inputs(directoryId(dir)).map((i) => i.id).filter((id) => id.endsWith('.ko'));
    expect(modulesIn(seq)).toEqual(seqOrder);
    // An edit that moves every line of the Makefile: each word's origin changes, so the facts do.
    const makefile = join(copy, 'Makefile');
    writeFileSync(makefile, `# edited\n${readFileSync(makefile, 'utf8')}`);
    const later = new Date(Date.now() + 2000);
    utimesSync(makefile, later, later);
    const before = value.facts.directories.get(copy);
    expect(reanalyzeDirectory(value, copy)).not.toBe(before);
    graph.refreshDirectory(copy);
    // Reading the parent again took away seq/'s own edges before the refresh compared what changed.
    expect(modulesIn(seq)).toEqual(seqOrder);
    // And the refreshed graph is the graph those facts give when built anew.
    const dump = (g: KbuildGraph): string[] => g.graph.nodes().sort().map((n) => `${n} ${JSON.stringify(g.node(n))} -> ${JSON.stringify(g.inputs(n))}`);
    expect(dump(graph)).toEqual(dump(new KbuildGraph(value.facts)));
    // Read again with nothing changed, the directory keeps its facts, and the refresh leaves the graph alone.
    const kept = reanalyzeDirectory(value, copy);
    expect(kept).toBe(value.facts.directories.get(copy));
    const asked = vi.spyOn(graph.graph, 'hasNode');
    graph.refreshDirectory(copy);
    expect(asked).not.toHaveBeenCalled();
    expect(dump(graph)).toEqual(dump(new KbuildGraph(value.facts)));
  });
});
