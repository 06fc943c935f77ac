/**
 * The executable behind `bin/kbuild-graph.js`. A `build` with nothing changed since the last one
 * stops here (src/cli/up-to-date.ts), before the rest of the CLI loads: its whole cost is then
 * starting Node and looking at the recorded paths (and, for the ninja backend, running ninja's dry
 * run). Anything else goes on to `./run.js`.
 *
 * The bundle makes this file CommonJS (scripts/bundle-cli.mjs): Node starts a CommonJS script about
 * 10 ms sooner than an ES module, a tenth of a no-op build. It therefore has no top-level `await`,
 * and imports only this module's two small neighbours.
 */
import { tool, upToDateMessage } from './up-to-date.js';
import { version } from './version.js';

const upToDate = upToDateMessage(process.argv.slice(2), process.cwd(), process.env, tool(version));
if (upToDate !== undefined) {
  process.stdout.write(upToDate);
  process.exit(0);
}
void import('./run.js');
