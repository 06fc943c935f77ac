/**
 * The executable behind `bin/kbuild-graph.js`: runs `main` on the real process, waits until stdout and
 * stderr have flushed, then exits with the code `main` gave.
 */
import { main } from './index.js';

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
