/**
 * The differential suite: every makefile under `cases/` runs through GNU make and through
 * `kbuild-graph make`, and stdout, stderr and exit status must be identical. See README.md beside it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commonArgs, listCases, parseHeader, runGnuMake, runOurs, selfMode, type MakeCase } from './harness.js';

const casesRoot = join(dirname(fileURLToPath(import.meta.url)), 'cases');
const cases = listCases(casesRoot);

const byTopic = new Map<string, MakeCase[]>();
for (const c of cases) byTopic.set(c.topic, [...(byTopic.get(c.topic) ?? []), c]);

describe(`GNU make differential${selfMode ? ' (KBG_DIFF_SELF: GNU make on both sides)' : ''}`, () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
  });

  it('runs against GNU make 4.3, the compatibility level the cases were written for', () => {
    const version = runGnuMake(casesRoot, ['--version']);
    expect(version.stdout.split('\n')[0]).toBe('GNU Make 4.3');
  });

  for (const [topic, topicCases] of byTopic) {
    describe(topic, () => {
      for (const c of topicCases) {
        const header = parseHeader(readFileSync(join(c.dir, c.file), 'utf8'));
        const args = [...commonArgs, '-f', c.file, ...header.args];
        // A TODO case is a known gap: it must fail, and starts failing the suite once it passes, so the
        // TODO gets removed. In self mode both sides are GNU make, so every case must pass.
        const known = header.todo !== undefined && !selfMode;
        const test = known ? it.fails : it;
        const name = known ? `${c.file} [TODO(${header.todo})]` : c.file;
        test(name, async () => {
          const gnu = runGnuMake(c.dir, args);
          const ours = await runOurs(c.dir, args);
          expect(ours, `make ${args.join(' ')}  (in ${c.dir})`).toEqual(gnu);
        });
      }
    });
  }
});
