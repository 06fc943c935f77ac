/**
 * Random makefile programs (see random-program.ts) run through GNU make and through `kbuild-graph make`:
 * stdout, stderr and exit status must be identical. The seed is fixed unless `KBG_FC_SEED` is set.
 */
import { randomSuite } from './random-harness.js';
import { randomProgram } from './random-program.js';

randomSuite({ title: 'random makefile programs', arbitrary: randomProgram, defaultSeed: 20240611, minimumSuccess: 1 / 2 });
