/**
 * Bundles the CLI (src/cli/entry.ts and everything it imports, Chevrotain and commander included) into
 * bin/kbuild-graph.js and a few chunks beside it, so that starting it opens a handful of files instead
 * of hundreds, and each command compiles only the code it runs.
 */
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outdir = join(root, 'bin');

// Chunk names carry a content hash, so the chunks of earlier builds would pile up.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { 'kbuild-graph': 'src/cli/entry.ts' },
  outdir,
  // The modules that `main` imports dynamically (commander; the parser with Chevrotain; the make
  // engine) become chunks of their own: `--version` then compiles a few KiB rather than the whole
  // bundle, and `parse` does not compile the make engine (V8 compiles a file's every function
  // lazily, but still has to scan all of its text).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
    // unless it makes one. Every chunk gets the banner; the shebang matters only in the entry file.
    js: [
      '#!/usr/bin/env node',
      'import { createRequire as __kbgCreateRequire } from "node:module";',
      'const require = __kbgCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
  metafile: true,
});

chmodSync(join(outdir, 'kbuild-graph.js'), 0o755);
let total = 0;
for (const [file, output] of Object.entries(result.metafile.outputs)) if (file.endsWith('.js')) total += output.bytes;
const entry = result.metafile.outputs['bin/kbuild-graph.js']?.bytes ?? 0;
console.log(`bundled bin/kbuild-graph.js (${(entry / 1024).toFixed(0)} KiB, with its chunks ${(total / 1024).toFixed(0)} KiB, version ${version})`);
