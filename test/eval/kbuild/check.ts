/**
 * The `.config` reader's one test helper: `check(input, expected)` reads an inline `.config` and
 * compares its symbols, diagnostics (code and 1-based line:col) and `auto.conf` with the expected rows.
 */
import { expect } from 'vitest';
import { lineCol, lineIndex, sourceFile, type Diagnostic, type DiagnosticCode, type SourceFile } from '../../../src/base/index.js';
import { autoConf, readConfig, type AutoConfOptions, type KernelConfig } from '../../../src/eval/kbuild/index.js';

/** A diagnostic as tests see it: code, 1-based line, 1-based column (UTF-16 units). */
export type CodeAt = readonly [DiagnosticCode, number, number];

/** What a row expects; a field left out is not compared, except `codes`, which defaults to none. */
export interface Expected {
  /** Every symbol in order, as `NAME kind value @line` (the 1-based line that set it). */
  readonly symbols?: readonly string[];
  /** Every diagnostic, in offset order; defaults to `[]`. */
  readonly codes?: readonly CodeAt[];
  /** The heading's prompt, or undefined for a file without Kconfig's heading. */
  readonly title?: string | undefined;
  /** The text `autoConf` writes, with `autoConfOptions`. */
  readonly autoConf?: string;
  readonly autoConfOptions?: AutoConfOptions;
}

/**
 * Reads `input` as a `.config`, asserts the invariants every read must keep (see `configInvariants`),
 * then compares what `expected` lists.
 *
 * @example
 * check('CONFIG_NET=y\n', { symbols: ['CONFIG_NET bool y @1'] });
 */
export function check(input: string, expected: Expected = {}): KernelConfig {
  const file = sourceFile('.config', input);
  const { value, diagnostics } = readConfig(file);
  expect(configInvariants(file, value, diagnostics)).toEqual([]);
  const index = lineIndex(input);
  const lineOf = (offset: number): number => lineCol(index, offset).line + 1;
  const at = (d: Diagnostic): CodeAt => {
    const { line, col } = lineCol(index, d.span.start);
    return [d.code, line + 1, col + 1];
  };
  expect(diagnostics.map(at)).toEqual(expected.codes ?? []);
  if (expected.symbols) {
    const seen = value.order.map((name) => {
      const entry = value.symbols.get(name)!;
      return `${name} ${entry.kind} ${entry.value} @${lineOf(entry.span.start)}`;
    });
    expect(seen).toEqual(expected.symbols);
  }
  if ('title' in expected) expect(value.title).toBe(expected.title);
  if (expected.autoConf !== undefined) expect(autoConf(value, expected.autoConfOptions)).toBe(expected.autoConf);
  return value;
}

/**
 * Every invariant a read breaks, as readable strings (empty when it keeps them all): diagnostic and
 * entry spans lie inside the file, diagnostics come in offset order, an entry's span is one whole
 * line, `order` lists the map's keys, and `autoConf` does not throw.
 * A throwing read is reported as a broken invariant too, so property tests can shrink it.
 */
export function readInvariants(text: string): string[] {
  const file = sourceFile('prop.config', text);
  try {
    const { value, diagnostics } = readConfig(file);
    const broken = configInvariants(file, value, diagnostics);
    autoConf(value);
    return broken;
  } catch (e) {
    return [`threw: ${(e as Error).stack ?? String(e)}`];
  }
}

function configInvariants(file: SourceFile, config: KernelConfig, diagnostics: readonly Diagnostic[]): string[] {
  const text = file.text;
  const broken: string[] = [];
  const inside = (what: string, start: number, end: number): void => {
    if (!(start >= 0 && start <= end && end <= text.length)) broken.push(`${what} [${start}, ${end}) outside [0, ${text.length}]`);
  };
  let last = 0;
  for (const d of diagnostics) {
    inside(d.code, d.span.start, d.span.end);
    if (d.span.file !== file.path) broken.push(`${d.code} names file ${d.span.file}`);
    if (d.span.start < last) broken.push(`${d.code} at ${d.span.start} comes after a diagnostic at ${last}`);
    last = d.span.start;
    for (const r of d.related ?? []) inside(`${d.code} related`, r.span.start, r.span.end);
  }
  for (const [name, entry] of config.symbols) {
    const { start, end } = entry.span;
    inside(name, start, end);
    const lineStart = start === 0 || text[start - 1] === '\n';
    const line = text.slice(start, end);
    if (!lineStart || line.includes('\n') || !line.includes(name)) broken.push(`${name}'s span ${JSON.stringify(line)} is not its line`);
  }
  if (JSON.stringify(config.order) !== JSON.stringify([...config.symbols.keys()])) broken.push('order differs from the symbols');
  return broken;
}
