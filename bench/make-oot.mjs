/**
 * The make engine benchmark: `kbuild-graph make -C <Debian headers> M=<copy of net/openvswitch>
 * -n modules` against GNU make's `make -n` of the same, in the same run, alternating runs.
 * Ours is measured cold (empty shell-result cache), cold with no kept list of probes
 * (`KBG_PROBE_HISTORY=off`: nothing starts early), and warm (cache filled by an earlier run).
 * The kept lists go to a cache directory of the benchmark's own (`XDG_CACHE_HOME`), so the first
 * round, which is dropped, makes the list the others use.
 *
 * Usage: node bench/make-oot.mjs [--runs=N]
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchedCorpus } from './lib/kernel-tree.mjs';
import { median, timeCommand } from './lib/measure.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const cli = path.join(root, 'bin', 'kbuild-graph.js');
const runs = Number((process.argv.find((a) => a.startsWith('--runs=')) ?? '--runs=5').slice(7));

const found = fetchedCorpus(root);
if (found === undefined || !existsSync(cli)) {
  console.log('make-oot: the kernel corpus (npm run corpus) or the built CLI (npm run build) is missing');
  process.exit(0);
}
const work = mkdtempSync(path.join(os.tmpdir(), 'kbg-bench-make-'));
const copy = path.join(work, 'openvswitch');
cpSync(path.join(found.source, 'net/openvswitch'), copy, { recursive: true });
const cache = path.join(work, 'shell-cache.json');
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') };
delete env.MAKEFLAGS;
delete env.MAKELEVEL;
delete env.KBG_PROBE_HISTORY;
const unlisted = { ...env, KBG_PROBE_HISTORY: 'off' };
const makeArgs = ['-C', found.headers, `M=${copy}`, '-n', 'modules'];

const gnu = [];
const cold = [];
const first = [];
const warm = [];
for (let i = 0; i < runs + 1; i++) {
  rmSync(cache, { force: true });
  const c = timeCommand('node', [cli, 'make', ...makeArgs, '--allow-shell', `--shell-cache=${cache}`], { env });
  const w = timeCommand('node', [cli, 'make', ...makeArgs, '--allow-shell', `--shell-cache=${cache}`], { env });
  rmSync(cache, { force: true });
  const f = timeCommand('node', [cli, 'make', ...makeArgs, '--allow-shell', `--shell-cache=${cache}`], { env: unlisted });
  const g = timeCommand('make', makeArgs, { env });
  if (i === 0) {
    // The first round warms the file system cache for everyone; its figures are dropped.
    if (w.stdout !== g.stdout) console.log('make-oot: WARNING: our output differs from GNU make\'s');
    continue;
  }
  cold.push(c.ms);
  first.push(f.ms);
  warm.push(w.ms);
  gnu.push(g.ms);
}
rmSync(work, { recursive: true, force: true });

const m = { gnu: median(gnu), cold: median(cold), first: median(first), warm: median(warm) };
const row = (name, ms, goal) => `${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s   ratio ${(ms / m.gnu).toFixed(2)}   goal ${goal}`;
console.log(`\nmake engine, out-of-tree net/openvswitch, -n modules (median of ${runs}, ${os.availableParallelism?.() ?? os.cpus().length} cores)`);
console.log(`${'GNU make -n (anchor)'.padEnd(34)} ${(m.gnu / 1000).toFixed(2).padStart(6)} s`);
console.log(row('kbuild-graph make -n, cold cache', m.cold, '<= 1.0'));
console.log(row('  the same, no kept list of probes', m.first, '(none)'));
console.log(row('kbuild-graph make -n, warm cache', m.warm, '<= 0.5'));
export const results = { makeOot: { runs, gnuMs: m.gnu, coldMs: m.cold, unlistedMs: m.first, warmMs: m.warm } };
