/**
 * One process of the editor-case benchmark (bench/kbuild-graph.mjs): the whole tree analysed once,
 * then, many times, one directory's Makefile given a new time (so it is parsed again, as after an
 * edit), the directory read again and the graph refreshed (reanalyzeDirectory + refreshDirectory).
 * The rounds alternate between the two ways of reading again: asking the file system about
 * everything again (`all`), and told the one changed file, as an editor's file watcher reports it
 * (`named`). Prints `{ "all": [...], "named": [...] }`: each counted round's time in ms, after the
 * warm-up rounds. The Makefile's time is put back at the end.
 *
 * Usage: node bench/lib/editor-case.mjs TREE OBJTREE DIR ROUNDS WARMUP
 */
import { statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const [tree, objtree, dir, rounds, warmUp] = process.argv.slice(2);
const lib = await import(pathToFileURL(path.join(root, 'dist', 'index.js')).href);
const { nodeHost } = await import(pathToFileURL(path.join(root, 'dist', 'cli', 'host.js')).href);
const store = new Map();
const host = lib.cachingHost(nodeHost(true), { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) });
const env = new Map(Object.entries(process.env).filter((e) => e[1] !== undefined));
const run = lib.analyzeKbuild({ host, directory: tree, variables: [['O', objtree], ['CC', 'gcc-12']], env, shell: 'allow' }).value;
const graph = new lib.KbuildGraph(run.facts);
const makefile = path.join(tree, dir, 'Makefile');
const { atime, mtime } = statSync(makefile);
const times = { all: [], named: [] };
try {
  for (let i = 0; i < 2 * (Number(warmUp) + Number(rounds)); i++) {
    const kind = i % 2 === 0 ? 'all' : 'named';
    // A second apart, alternating: each round's time differs from the last one's.
    const at = new Date(mtime.getTime() + (i % 2) * 1000);
    utimesSync(makefile, atime, at);
    const t0 = performance.now();
    lib.reanalyzeDirectory(run, dir, kind === 'named' ? [makefile] : undefined);
    graph.refreshDirectory(dir);
    if (i >= 2 * Number(warmUp)) times[kind].push(performance.now() - t0);
  }
} finally {
  utimesSync(makefile, atime, mtime);
}
console.log(JSON.stringify(times));
