/**
 * Runs `main` on the real process, waits until stdout and stderr have flushed, then exits with the
 * code `main` gave. `src/cli/entry.ts` imports this module once it knows there is work to do.
 */
import { setFlagsFromString } from 'node:v8';
import { main } from './index.js';

// A `make` run is short (well under a second of JavaScript), too short for V8's optimising compiler
// to pay back its compile time: without it a kbuild `make -n` takes about a third less CPU time and
// no longer competes with that compiler's background threads (ARCHITECTURE.md, Performance). Sparkplug, the
// baseline compiler, stays. `parse` over many files keeps the optimising compiler.
// The same holds for a Kbuild command on one external module (`M=`) and for `build` (which only
// builds external modules); a whole tree runs long enough for the optimising compiler to pay.
if (['make', 'build'].includes(process.argv[2]) || process.argv.slice(2).some((a) => a.startsWith('M='))) setFlagsFromString('--max-opt=1');

// A reader that goes away early (`kbuild-graph parse --json … | head`) makes writes fail with EPIPE.
// Nothing more can be shown then, so the failure is dropped and the exit code still reports the run.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const code = await main(process.argv.slice(2), {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  cwd: process.cwd(),
  env: process.env,
  stderrIsTerminal: process.stderr.isTTY === true,
  stdoutIsTerminal: process.stdout.isTTY === true,
  columns: process.stderr.columns ?? process.stdout.columns,
});
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);

/** Resolves once everything written to `stream` so far has been handed to the system. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableLength === 0) {
      resolve();
      return;
    }
    // Writes complete in order, so the callback of an empty write runs after all earlier ones.
    stream.once('close', () => resolve());
    stream.write('', () => resolve());
  });
}
