/**
 * Issue acceptance 1: every makefile of the fetched Debian kernel tree (tools/ included) parses with
 * no error and prints back byte-identical, with leaves and comments tiling the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineCol, lineIndex, sourceBytes, sourceFile } from '../../src/base/index.js';
import { parse, print, tokensOf } from '../../src/parser/index.js';
import { tokenizeLines } from '../../src/lexer/index.js';
import { parseByGrammar } from '../../src/parser/parse.js';
import { corpusStatus, kernelHeaders, listKernelMakefiles } from './kernel.js';

/**
 * Known gaps: files whose names match the kbuild patterns but that GNU make never reads as makefiles.
 * Each still has to round-trip; the test checks that it does have the errors listed, so a change shows.
 */
const knownGaps: ReadonlyMap<string, string> = new Map([
  ['tools/perf/scripts/perl/Perf-Trace-Util/Makefile.PL', "a Perl ExtUtils::MakeMaker script, not a makefile; its name matches 'Makefile.*'"],
]);

describe('kernel corpus: parse', () => {
  const status = corpusStatus();

  it('is present', () => {
    expect(status.ready, status.reason).toBe(true);
  });

  it('parses every makefile with no error and prints it back byte-identical', () => {
    if (status.tree === undefined) throw new Error(status.reason);
    const tree = status.tree;
    const files = listKernelMakefiles(tree);
    expect(files.length).toBeGreaterThan(2900);
    const failures: string[] = [];
    let errorFree = 0;
    for (const path of files) {
      const bytes = readFileSync(join(tree, path));
      const file = sourceFile(path, bytes);
      const { value, diagnostics } = parse(file);
      if (!Buffer.from(sourceBytes(file, print(value))).equals(bytes)) failures.push(`${path}: does not print back byte-identical`);
      let at = 0;
      for (const t of tokensOf(value)) {
        if (t.start !== at) {
          failures.push(`${path}: leaves do not tile the file at offset ${at}`);
          break;
        }
        at = t.end;
      }
      if (at !== file.text.length) failures.push(`${path}: leaves end at ${at}, the file at ${file.text.length}`);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (knownGaps.has(path)) {
        if (errors.length === 0) failures.push(`${path}: listed as a known gap (${knownGaps.get(path)}) but parses cleanly now; remove it from the list`);
        continue;
      }
      if (errors.length === 0) errorFree++;
      const index = lineIndex(file.text);
      for (const d of errors.slice(0, 3)) {
        const { line, col } = lineCol(index, d.span.start);
        failures.push(`${path}:${line + 1}:${col + 1}: ${d.code} ${d.message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(errorFree).toBe(files.length - knownGaps.size);
  });

  it('builds every file without a block keyword (define, conditionals) as the grammar builds it', () => {
    if (status.tree === undefined) throw new Error(status.reason);
    const tree = status.tree;
    // The kernel's makefiles, and kbuild's generated auto.conf (6,449 lines of CONFIG_X=y), the file the flat path is for.
    const paths = listKernelMakefiles(tree).map((p) => join(tree, p));
    const headers = kernelHeaders();
    if (headers !== undefined && existsSync(join(headers, 'include/config/auto.conf'))) paths.push(join(headers, 'include/config/auto.conf'));
    let flat = 0;
    const differ: string[] = [];
    for (const path of paths) {
      const file = sourceFile(path, readFileSync(path));
      const ours = parse(file);
      const grammar = parseByGrammar(file);
      if (JSON.stringify(ours) !== JSON.stringify(grammar)) differ.push(path);
      if (!tokenizeLines(file).blockKeywords) flat++;
    }
    expect(differ).toEqual([]);
    // Most Kbuild files are flat lists of assignments (kbuild's scripts are not).
    expect(flat).toBeGreaterThan(1500);
  }, 120_000);
});
