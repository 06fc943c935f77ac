/** Vitest configuration: the specs under test/, with room for the kernel corpus and large inputs. */
import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The spec files that take minutes on a 2-core machine, longest first (seconds in the CI run of
 * 2026-11-27 at ca36c4c: 692, 405, 342, 151, 146, 138, 117, 87, 87, 83, 77, 73, 70, 64, 55, 54).
 * A fresh clone has no Vitest cache of durations, and Vitest then starts larger files first:
 * build-dirs started at 857 s and ran alone for the last 170 s of a 1,549 s run.
 */
const longest = [
  'backend/build-dirs', 'backend/build-incremental', 'backend/build-ninja', 'graph/oot', 'eval/make/kbuild-tree', 'backend/build-errors',
  'eval/make/random', 'backend/build', 'graph/whole-tree-threads', 'eval/make/kbuild-oot', 'cli/kbuild', 'backend/build-symbols',
  'backend/build-launcher', 'backend/build-outdir', 'eval/make/random-rules', 'backend/build-status',
];

/** Vitest's order, with the files of `longest` first, in its order: the two workers then end near each other. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = longest.findIndex((name) => f.moduleId.endsWith(`/test/${name}.spec.ts`));
      return i === -1 ? longest.length : i;
    };
    // Array.prototype.sort is stable: the other files keep Vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
    testTimeout: 120000,
    // Two spec files at a time even on two cores (Vitest's default is one fewer than the cores):
    // many specs wait on one process at a time (kbuild's make, one analysis), and with one file at
    // a time the suite took 28.6 minutes on a 2-core machine, against CI's 30.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
  },
});
