/**
 * Bundles the CLI into bin/: the launcher bin/kbuild-graph.js (src/cli/entry.ts, CommonJS) and the
 * CLI proper, bin/chunks/run.js (src/cli/run.ts and everything it imports, Chevrotain and commander
 * included) with a few chunks beside it, so that starting it opens a handful of files instead of
 * hundreds, and each command compiles only the code it runs.
 *
 * The launcher is CommonJS because Node starts a CommonJS script sooner than an ES module (about
 * 10 ms here), and a no-op `build` ends in the launcher. bin/package.json says so to Node, and
 * bin/chunks/package.json says the chunks are ES modules.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outdir = join(root, 'bin');

// Chunk names carry a content hash, so the chunks of earlier builds would pile up.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });

// What both bundles share.
const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: names stay, so stack traces of internal errors remain readable.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __KBG_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  metafile: true,
};

const result = await build({
  ...common,
  // The helper threads of a whole tree's analysis start from a chunk of their own (src/cli/analysis-threads.ts).
  entryPoints: { 'chunks/run': 'src/cli/run.ts', 'chunks/analysis-worker': 'src/cli/analysis-worker.ts' },
  // The modules that `main` imports dynamically (commander; the parser with Chevrotain; the make
  // engine) become chunks of their own: `--version` then compiles a few KiB rather than the whole
  // bundle, and `parse` does not compile the make engine (V8 compiles a file's every function
  // lazily, but still has to scan all of its text).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  banner: {
    // commander is CommonJS and calls `require` for Node built-ins; an ESM bundle has no `require`
    // unless it makes one. Every chunk gets the banner.
    js: [
      'import { createRequire as __kbgCreateRequire } from "node:module";',
      'const require = __kbgCreateRequire(import.meta.url);',
    ].join('\n'),
  },
});
writeFileSync(join(outdir, 'chunks', 'package.json'), '{ "type": "module" }\n');

const launcher = await build({
  ...common,
  entryPoints: { 'kbuild-graph': 'src/cli/entry.ts' },
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [
    {
      // The launcher's `import('./run.js')` loads the ES module bundle above, left as a real dynamic import.
      name: 'run-chunk',
      setup(b) {
        b.onResolve({ filter: /^\.\/run\.js$/ }, () => ({ path: './chunks/run.js', external: true }));
      },
    },
  ],
});
writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
chmodSync(join(outdir, 'kbuild-graph.js'), 0o755);

let total = 0;
for (const meta of [result.metafile, launcher.metafile]) for (const [file, output] of Object.entries(meta.outputs)) if (file.endsWith('.js')) total += output.bytes;
const entry = launcher.metafile.outputs['bin/kbuild-graph.js']?.bytes ?? 0;
console.log(`bundled bin/kbuild-graph.js (${(entry / 1024).toFixed(0)} KiB, with its chunks ${(total / 1024).toFixed(0)} KiB, version ${version})`);
