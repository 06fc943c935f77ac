/**
 * Bundles the CLI (src/cli/entry.ts and everything it imports, Chevrotain and commander included) into
 * the single executable file bin/kbuild-graph.js, so that starting it opens one file instead of hundreds.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outfile = join(root, 'bin', 'kbuild-graph.js');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/entry.ts'],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: names stay, so stack traces of internal errors remain readable.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __KBG_VERSION__: JSON.stringify(version) },
  banner: {
    // commander is CommonJS and calls `require` for Node built-ins; an ESM bundle has no `require`
    // unless it makes one.
    js: [
      '#!/usr/bin/env node',
      'import { createRequire as __kbgCreateRequire } from "node:module";',
      'const require = __kbgCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
  metafile: true,
});

chmodSync(outfile, 0o755);
const bytes = result.metafile.outputs['bin/kbuild-graph.js']?.bytes ?? 0;
console.log(`bundled bin/kbuild-graph.js (${(bytes / 1024).toFixed(0)} KiB, version ${version})`);
