/**
 * A helper thread of a split analysis (`analysis-threads.ts`): runs the same kbuild dry run as side
 * 0, evaluates its share of the directories, and sends each as a part, then the shell results it
 * ran (for the shell cache) and `done`. Nothing it prints is shown: side 0 reports the run.
 */
import { workerData } from 'node:worker_threads';
import { analyzeKbuild, subtreeWeights } from '../eval/kbuild/index.js';
import type { HelperData, HelperMessage } from './analysis-threads.js';
import { kbuildOptionsOf, kbuildSetup } from './kbuild.js';
import { closeShellPool } from './shell-pool.js';

const data = workerData as HelperData;
const signal = new Int32Array(data.signal);
const post = (message: HelperMessage): void => {
  data.port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

try {
  const setup = kbuildSetup(data.options, { cwd: data.cwd, env: data.env, stdout: () => {}, stderr: () => {} });
  if (typeof setup === 'number') post({ kind: 'done', shell: [], error: 'the command line was refused' });
  else {
    setup.startProbes();
    const weights = subtreeWeights(setup.host, setup.directory);
    if (data.side === 1) post({ kind: 'weights', weights });
    analyzeKbuild({
      ...kbuildOptionsOf(data.options, setup),
      split: { side: data.side, sides: data.sides, weights: () => weights, send: (part) => post({ kind: 'part', part }) },
    });
    closeShellPool();
    post({ kind: 'done', shell: setup.shellResults.added() });
  }
} catch (e) {
  closeShellPool();
  post({ kind: 'done', shell: [], error: e instanceof Error ? e.message : String(e) });
}
