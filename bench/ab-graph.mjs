/**
 * Two builds of kbuild-graph side by side in one process, for changes too small to show between
 * processes on a noisy machine (bench/README.md, "The Kbuild graph benchmark"). Each build is a
 * checkout with its own `dist/` (npm run build); both analyse the corpus's whole tree, and their
 * rounds alternate, so that both share the machine's state and the process's heap.
 *
 * - `editor DIR`: DIR of the tree read again (reanalyzeDirectory + refreshDirectory), 300 rounds
 *   of each after 30 warm-up rounds; prints the 10th percentile and the median of each.
 * - `tree`: analyzeKbuild, the graph and its compile commands, four rounds of each after one
 *   dropped round, with a full GC between rounds when node runs with --expose-gc.
 *
 * Usage: node --expose-gc bench/ab-graph.mjs editor|tree [DIR] CHECKOUT_A CHECKOUT_B
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fetchedCorpus } from './lib/kernel-tree.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [mode, ...rest] = process.argv.slice(2);
const dir = mode === 'editor' ? rest.shift() : undefined;
const found = fetchedCorpus(root);
if (found?.objtree === undefined || rest.length < 2 || (mode !== 'editor' && mode !== 'tree')) {
  console.log('usage: node --expose-gc bench/ab-graph.mjs editor DIR|tree CHECKOUT_A CHECKOUT_B (needs npm run corpus)');
  process.exit(found?.objtree === undefined ? 0 : 2);
}
const env = new Map(Object.entries(process.env).filter((e) => e[1] !== undefined));
const builds = [];
for (const checkout of rest) {
  const lib = await import(pathToFileURL(path.join(path.resolve(checkout), 'dist', 'index.js')).href);
  const { nodeHost } = await import(pathToFileURL(path.join(path.resolve(checkout), 'dist', 'cli', 'host.js')).href);
  const store = new Map();
  builds.push({ checkout, lib, host: () => lib.cachingHost(nodeHost(true), { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) }), ms: [] });
}
const analyse = (b, host) => b.lib.analyzeKbuild({ host, directory: found.tree, variables: [['O', found.objtree], ['CC', 'gcc-12']], env, shell: 'allow' }).value;
const quantile = (ms, q) => [...ms].sort((x, y) => x - y)[Math.floor(ms.length * q)];
if (mode === 'editor') {
  for (const b of builds) {
    b.run = analyse(b, b.host());
    b.graph = new b.lib.KbuildGraph(b.run.facts);
  }
  for (let i = 0; i < 330; i++) {
    for (const b of i % 2 ? builds : [...builds].reverse()) {
      const t0 = performance.now();
      b.lib.reanalyzeDirectory(b.run, dir);
      b.graph.refreshDirectory(dir);
      if (i >= 30) b.ms.push(performance.now() - t0);
    }
  }
  for (const b of builds) console.log(`${b.checkout.padEnd(30)} p10 ${quantile(b.ms, 0.1).toFixed(2)} ms   median ${quantile(b.ms, 0.5).toFixed(2)} ms`);
} else {
  for (let r = 0; r < 5; r++) {
    for (const b of r % 2 ? builds : [...builds].reverse()) {
      const t0 = performance.now();
      const run = analyse(b, b.host());
      new b.lib.KbuildGraph(run.facts).compileCommands();
      if (r > 0) b.ms.push(performance.now() - t0);
      globalThis.gc?.();
    }
  }
  for (const b of builds) console.log(`${b.checkout.padEnd(30)} ${b.ms.map((m) => `${(m / 1000).toFixed(2)} s`).join('  ')}`);
}
