/**
 * One process of the editor-case benchmark (bench/kbuild-graph.mjs): the whole tree analysed once,
 * then, many times, one directory's Makefile changed, the directory read again and the graph
 * refreshed (reanalyzeDirectory + refreshDirectory). The change is made in the host the analysis
 * reads through, not on disk: the Makefile gets a new time each round, and every third round a
 * new text too. The rounds go round three ways:
 * - `all`: only the time changed, and the file system is asked about everything again;
 * - `named`: only the time changed, and the reanalysis is told the changed file, as an editor's
 *   file watcher reports it; every compile command is taken again from the last round;
 * - `edited`: told the changed file, whose text gained (or, the next time, lost) a line
 *   `ccflags-y += -DKBG_BENCH_EDIT`, which changes every object's compile command.
 * Prints `{ "all": [...], "named": [...], "edited": [...] }`: each counted round's time in ms,
 * after the warm-up rounds.
 *
 * Usage: node bench/lib/editor-case.mjs TREE OBJTREE DIR ROUNDS WARMUP
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const [tree, objtree, dir, rounds, warmUp] = process.argv.slice(2);
const lib = await import(pathToFileURL(path.join(root, 'dist', 'index.js')).href);
const { nodeHost } = await import(pathToFileURL(path.join(root, 'dist', 'cli', 'host.js')).href);
const store = new Map();
const base = lib.cachingHost(nodeHost(true), { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) });
const makefile = path.join(tree, dir, 'Makefile');
const original = base.readFile(makefile);
const edited = Buffer.concat([original, Buffer.from('ccflags-y += -DKBG_BENCH_EDIT\n')]);
// The Makefile as the editor left it: its text and time.
let text = original;
let mtimeMs = base.stat(makefile).mtimeMs;
const overlaid = (ask) => (p) => {
  const found = ask(p);
  return p === makefile && found !== undefined ? { ...found, mtimeMs, size: text.length } : found;
};
const host = { ...base, stat: overlaid(base.stat), lstat: overlaid(base.lstat), readFile: (p) => (p === makefile ? text : base.readFile(p)) };
const env = new Map(Object.entries(process.env).filter((e) => e[1] !== undefined));
const run = lib.analyzeKbuild({ host, directory: tree, variables: [['O', objtree], ['CC', 'gcc-12']], env, shell: 'allow' }).value;
const graph = new lib.KbuildGraph(run.facts);
const ways = ['all', 'named', 'edited'];
const times = { all: [], named: [], edited: [] };
for (let i = 0; i < ways.length * (Number(warmUp) + Number(rounds)); i++) {
  const way = ways[i % ways.length];
  mtimeMs += 1000;
  if (way === 'edited') text = text === original ? edited : original;
  const t0 = performance.now();
  lib.reanalyzeDirectory(run, dir, way === 'all' ? undefined : [makefile]);
  graph.refreshDirectory(dir);
  if (i >= ways.length * Number(warmUp)) times[way].push(performance.now() - t0);
  // The edit was seen: the commands have the flag exactly when the text has the line.
  const commands = [...run.facts.directories.get(dir).compile.values()].map((c) => c.command);
  if (commands.length === 0 || commands.some((c) => c.includes('-DKBG_BENCH_EDIT') !== (text === edited))) {
    console.error(`editor-case: the reanalysis did not follow the edit of ${makefile} (round ${i}, ${way})`);
    process.exit(1);
  }
}
console.log(JSON.stringify(times));
