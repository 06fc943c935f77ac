/**
 * Issue 4, acceptance 1 to 3 on the whole tree: kbuild-graph's analysis of the Debian 6.1 tree
 * with Debian's `.config` (`O=` the oracle's prepared build dir, `CC=gcc-12`) against kbuild's own
 * dry run of the same tree (`make -n -k modules`, scripts/kbuild-oracle.mjs) and Debian's shipped
 * `modules.order`: the module list and order, every module's `.mod` object list, and every
 * compile command as an argument vector; then the same from an unprepared tree (only the `.config`
 * in an empty build dir), which kbuild-graph reads as `syncconfig` and `prepare` would leave it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShellResult } from '../../src/base/index.js';
import { nodeHost } from '../../src/cli/host.js';
import { analyzeKbuild, moduleLicenseChecker } from '../../src/eval/kbuild/index.js';
import { cachingHost } from '../../src/eval/make/index.js';
import { KbuildGraph } from '../../src/graph/index.js';
import { kernelFullTree, kernelHeaders, kernelImageModulesDir, oracleStatus, wholeTreeOracle, type WholeTreeOracle } from '../corpus/kernel.js';
import { compilerArguments } from './dry-run-log.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-tree-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let graph: KbuildGraph;
let oracle: WholeTreeOracle;

beforeAll(() => {
  const o = wholeTreeOracle();
  const tree = kernelFullTree();
  if (o === undefined || tree === undefined) throw new Error(oracleStatus().reason);
  oracle = o;
  const results = new Map<string, ShellResult>();
  const host = cachingHost(nodeHost(true), { get: (k) => results.get(k), set: (k, v) => void results.set(k, v) });
  const env = new Map(Object.entries({ PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C', HOME: process.env.HOME ?? '/' }));
  const { value } = analyzeKbuild({ host, directory: tree, variables: [['O', o.objtree], ['CC', 'gcc-12']], env, shell: 'allow' });
  graph = new KbuildGraph(value.facts);
}, 600_000);

describe('the whole Debian 6.1 tree against kbuild', () => {
  it("modules.order equals Debian's shipped file, without its kernel/ prefix", () => {
    const dir = kernelImageModulesDir();
    if (dir === undefined) throw new Error('no modules dir');
    const debian = readFileSync(join(dir, 'modules.order'), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.replace(/^kernel\//, ''));
    expect(debian).toHaveLength(4023);
    expect(graph.modulesOrder()).toEqual(debian);
    expect(graph.modulesOrder()).toEqual(oracle.modulesOrder);
  });

  it("modules.builtin equals Debian's shipped file, without its kernel/ prefix", () => {
    const dir = kernelImageModulesDir();
    if (dir === undefined) throw new Error('no modules dir');
    const debian = readFileSync(join(dir, 'modules.builtin'), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.replace(/^kernel\//, ''));
    expect(debian).toHaveLength(186);
    expect(graph.builtinModules(moduleLicenseChecker(nodeHost(false)))).toEqual(debian);
  });

  it("every module's objects are its .mod list", () => {
    const mods = Object.entries(oracle.mods);
    expect(mods.length).toBe(4023);
    const wrong = mods.filter(([mod, objects]) => JSON.stringify(graph.objectsOf(`${mod.slice(0, -4)}.ko`)) !== JSON.stringify(objects));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('every object has the compile command kbuild runs', () => {
    const ours = new Map(graph.compileCommands().map((c) => [c.output, c]));
    const theirs = Object.entries(oracle.compile);
    expect(theirs.length).toBe(13650);
    expect([...ours.keys()].sort()).toEqual(theirs.map(([o]) => o).sort());
    const wrong = theirs.filter(([object, c]) => {
      const mine = ours.get(object);
      return mine === undefined || mine.directory !== c.directory || JSON.stringify(compilerArguments(mine.command).filter((w) => w !== '')) !== JSON.stringify(c.arguments);
    });
    expect(wrong.slice(0, 3).map(([o]) => [o, compilerArguments(ours.get(o)?.command ?? '').join(' '), oracle.compile[o].arguments.join(' ')])).toEqual([]);
  });
});

describe('an unprepared tree: only Debian\'s .config in an empty O= dir', () => {
  let unprepared: KbuildGraph;
  let objtree = '';
  beforeAll(() => {
    const tree = kernelFullTree();
    const headers = kernelHeaders();
    if (tree === undefined || headers === undefined) throw new Error(oracleStatus().reason);
    objtree = join(work, 'unprepared');
    mkdirSync(objtree);
    copyFileSync(join(headers, '.config'), join(objtree, '.config'));
    const results = new Map<string, ShellResult>();
    const host = cachingHost(nodeHost(true), { get: (k) => results.get(k), set: (k, v) => void results.set(k, v) });
    const env = new Map(Object.entries({ PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C', HOME: process.env.HOME ?? '/' }));
    const { value } = analyzeKbuild({ host, directory: tree, variables: [['O', objtree], ['CC', 'gcc-12']], env, shell: 'allow' });
    unprepared = new KbuildGraph(value.facts);
  }, 600_000);

  it('gives the same modules.order and modules.builtin, and writes nothing into the build dir', () => {
    expect(unprepared.modulesOrder()).toEqual(oracle.modulesOrder);
    const dir = kernelImageModulesDir()!;
    const debian = readFileSync(join(dir, 'modules.builtin'), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.replace(/^kernel\//, ''));
    expect(unprepared.builtinModules(moduleLicenseChecker(nodeHost(false)))).toEqual(debian);
    expect(readdirSync(objtree)).toEqual(['.config']);
  });

  it('gives the same compile commands, the build dir aside', () => {
    const ours = new Map(unprepared.compileCommands().map((c) => [c.output, compilerArguments(c.command).filter((w) => w !== '').join('\n').split(objtree).join(oracle.objtree)]));
    const theirs = Object.entries(oracle.compile);
    expect(ours.size).toBe(theirs.length);
    const wrong = theirs.filter(([object, c]) => ours.get(object) !== c.arguments.join('\n'));
    expect(wrong.slice(0, 3).map(([o]) => o)).toEqual([]);
  });
});
