/**
 * The package version, written into the bundle by esbuild's `define` so that `--version` reads no file.
 * Unbundled runs (Vitest, `tsc` output) report `0.0.0-dev`.
 */

// Replaced by a string literal in `bin/kbuild-graph.js` (see scripts/bundle-cli.mjs); absent elsewhere.
declare const __KBG_VERSION__: string | undefined;

/** The version `kbuild-graph --version` prints. */
export const version: string = typeof __KBG_VERSION__ === 'string' ? __KBG_VERSION__ : '0.0.0-dev';
