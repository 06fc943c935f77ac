/** Vitest configuration: the specs under test/, with room for the kernel corpus and large inputs. */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    testTimeout: 120000,
    // Two spec files at a time even on two cores (Vitest's default is one fewer than the cores):
    // many specs wait on one process at a time (kbuild's make, one analysis), and with one file at
    // a time the suite took 28.6 minutes on a 2-core machine, against CI's 30.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
