/**
 * The in-process parse benchmark, run by bench/run.mjs as a child `node --expose-gc` process:
 * our `parse(sourceFile(...))`, tree-sitter-make, and a read-and-regex-split loop, over the same
 * files in the same process. Reads a JSON config file named by argv[2]; writes one JSON line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { median } from './lib/measure.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { tree, sets, parts, runs, distIndex, anchorsDir } = config;

// The files are read once, before anything is timed, for our parser and tree-sitter. Both get the
// same bytes; tree-sitter gets them as the string our sourceFile() would make.
const bytes = new Map();
for (const files of Object.values(sets)) for (const rel of files) bytes.set(rel, readFileSync(path.join(tree, rel)));
const text = new Map();
for (const [rel, b] of bytes) text.set(rel, decode(b));

const approaches = {};
if (parts.includes('ours')) approaches.ours = await loadOurs();
if (parts.includes('tree-sitter')) approaches['tree-sitter'] = loadTreeSitter();
if (parts.includes('regex')) approaches.regex = { ok: true, describe: 'readFileSync + split(/\\r?\\n/)', pass: regexPass, check: () => ({}) };

const result = { approaches: {}, sets: {} };
for (const [name, a] of Object.entries(approaches)) {
  result.approaches[name] = a.ok ? { ok: true, describe: a.describe } : { ok: false, reason: a.reason };
}

for (const [setName, files] of Object.entries(sets)) {
  const setResult = {};
  const live = Object.entries(approaches).filter(([, a]) => a.ok);
  // One untimed pass that also inspects the results (errors, diagnostics), then one warm-up
  // pass, for each approach.
  for (const [name, a] of live) {
    try {
      setResult[name] = { ...a.check(files), samplesMs: [] };
      a.pass(files);
    } catch (e) {
      setResult[name] = { failed: `${e?.message ?? e}`.split('\n')[0] };
    }
  }
  // The timed passes alternate between approaches, so that a change in the machine's speed
  // during the run is spread over all of them.
  for (let i = 0; i < runs; i++) {
    for (const [name, a] of live) {
      if (setResult[name].failed) continue;
      gc();
      const t0 = performance.now();
      a.pass(files);
      setResult[name].samplesMs.push(performance.now() - t0);
    }
  }
  for (const r of Object.values(setResult)) if (r.samplesMs) r.medianMs = median(r.samplesMs);
  result.sets[setName] = setResult;
}
process.stdout.write(`${JSON.stringify(result)}\n`);

/** Decodes bytes as `sourceFile` does: UTF-8, or latin1 when they are not valid UTF-8. */
function decode(b) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return b.toString('latin1');
  }
}

function gc() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

async function loadOurs() {
  let mod;
  try {
    mod = await import(pathToFileURL(distIndex).href);
  } catch (e) {
    return { ok: false, reason: `not built (importing dist/index.js failed: ${`${e?.message ?? e}`.split('\n')[0]})` };
  }
  const { parse, sourceFile } = mod;
  if (typeof parse !== 'function' || typeof sourceFile !== 'function') {
    return { ok: false, reason: 'not built (dist/index.js exports no parse/sourceFile)' };
  }
  return {
    ok: true,
    describe: 'parse(sourceFile(path, bytes)) from dist/index.js',
    pass(files) {
      let sink = 0;
      for (const rel of files) if (parse(sourceFile(rel, bytes.get(rel)))) sink++;
      return sink;
    },
    check(files) {
      // Files whose parse reported diagnostics: the counterpart of tree-sitter's ERROR nodes.
      let withDiagnostics = 0;
      let known = true;
      const examples = [];
      for (const rel of files) {
        const r = parse(sourceFile(rel, bytes.get(rel)));
        if (!Array.isArray(r?.diagnostics)) known = false;
        else if (r.diagnostics.length > 0) {
          withDiagnostics++;
          if (examples.length < 5) examples.push(rel);
        }
      }
      return known ? { filesWithDiagnostics: withDiagnostics, examples } : { filesWithDiagnostics: null };
    },
  };
}

function loadTreeSitter() {
  let Parser;
  let Make;
  try {
    const require = createRequire(path.join(anchorsDir, 'package.json'));
    Parser = require('tree-sitter');
    Make = require('tree-sitter-make');
  } catch (e) {
    return { ok: false, reason: `cannot load tree-sitter/tree-sitter-make from bench/anchors: ${`${e?.message ?? e}`.split('\n')[0]}` };
  }
  const parser = new Parser();
  parser.setLanguage(Make);
  return {
    ok: true,
    describe: 'tree-sitter-make: parser.parse(string) on the same strings',
    pass(files) {
      let sink = 0;
      for (const rel of files) sink += parser.parse(text.get(rel)).rootNode.endIndex;
      return sink;
    },
    check(files) {
      // `hasError` is true for ERROR and MISSING nodes; the ERROR count alone is also kept.
      let withErrorNode = 0;
      let withErrorOrMissing = 0;
      const examples = [];
      for (const rel of files) {
        const root = parser.parse(text.get(rel)).rootNode;
        if (root.hasError) withErrorOrMissing++;
        if (root.descendantsOfType('ERROR').length > 0) {
          withErrorNode++;
          if (examples.length < 5) examples.push(rel);
        }
      }
      return { filesWithErrorNode: withErrorNode, filesWithErrorOrMissing: withErrorOrMissing, examples };
    },
  };
}

function regexPass(files) {
  // Timed including the reads: this is the floor for any tool that has to read every file.
  let sink = 0;
  for (const rel of files) sink += readFileSync(path.join(tree, rel), 'utf8').split(/\r?\n/).length;
  return sink;
}
