/**
 * One process of the editor-case benchmark (bench/kbuild-graph.mjs): the whole tree analysed once,
 * then one directory read again after its Makefile's time changed, and the graph refreshed
 * (reanalyzeDirectory + refreshDirectory), many times. Prints `{ "ms": [...] }`: each counted
 * round's time, after the warm-up rounds.
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
const host = lib.cachingHost(nodeHost(true), { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) });
const env = new Map(Object.entries(process.env).filter((e) => e[1] !== undefined));
const run = lib.analyzeKbuild({ host, directory: tree, variables: [['O', objtree], ['CC', 'gcc-12']], env, shell: 'allow' }).value;
const graph = new lib.KbuildGraph(run.facts);
const ms = [];
for (let i = 0; i < Number(warmUp) + Number(rounds); i++) {
  const t0 = performance.now();
  lib.reanalyzeDirectory(run, dir);
  graph.refreshDirectory(dir);
  if (i >= Number(warmUp)) ms.push(performance.now() - t0);
}
console.log(JSON.stringify({ ms }));
