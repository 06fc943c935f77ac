/**
 * Random makefiles about rules (see random-rules.ts) run through GNU make and through
 * `kbuild-graph make -n`: stdout, stderr and exit status must be identical. The one known
 * difference is normalised: GNU make lists the intermediate files it deletes in its hash table's
 * order (docs/make-compat.md), so the words of an `rm` line are compared sorted.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MakeRun } from './harness.js';
import { randomSuite } from './random-harness.js';
import { existingFiles, randomRules } from './random-rules.js';

randomSuite({
  title: 'random makefiles about rules',
  arbitrary: randomRules,
  defaultSeed: 20261127,
  prepare: (dir) => {
    mkdirSync(join(dir, 'd'));
    // Times a second apart, oldest first, in the past: no rule's output is ever newer.
    const start = Date.now() / 1000 - 3600;
    existingFiles.forEach((name, i) => {
      writeFileSync(join(dir, name), '');
      utimesSync(join(dir, name), start + i, start + i);
    });
  },
  normalise: (run: MakeRun) => ({ ...run, stdout: run.stdout.replace(/^rm (.*)$/gm, (_, words: string) => `rm ${words.split(' ').sort().join(' ')}`) }),
  // Missing prerequisites are common in these programs; still, a quarter must get through.
  minimumSuccess: 1 / 4,
});
