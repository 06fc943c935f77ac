/**
 * The part of the make layer that loads without the rest: GNU make's command-line reader and the
 * shell-result cache's key. `index.ts` loads the whole engine and, through it, the parser with
 * Chevrotain (about 25 ms of a short run); `kbuild-graph make` needs only these two before it
 * starts the probes kept from the last run (`src/cli/make.ts`), and loads the engine while they run.
 * A second barrel of the layer, for that reason only.
 */
export { parseMakeArgs } from './argv.js';
export { shellCacheKey, volatileVariables } from './shell-cache.js';
