/**
 * Tests of the corpus locator in kernel.ts: its file-name rule on a small fixture tree, and, once `npm run corpus` has run, the fetched kernel itself.
 * A missing corpus fails these tests with the reason: `npm test` fetches it first (`pretest`), and so does .ci/run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusStatus, isKernelMakefileName, listKernelMakefiles } from './kernel.js';

/** What the pinned packages hold, per Debian version; a fallback version has no row and gets only the generic checks. */
const pinnedFacts: Readonly<Record<string, { readonly makefiles: number; readonly makefileOrKbuild: number; readonly modules: number }>> = {
  '6.1.192-2': { makefiles: 2973, makefileOrKbuild: 2918, modules: 4023 },
};

describe('isKernelMakefileName', () => {
  const rows: ReadonlyArray<readonly [string, boolean]> = [
    ['Makefile', true],
    ['Kbuild', true],
    ['Makefile.build', true],
    ['Makefile.am', true],
    ['Kbuild.include', true],
    ['lib.mk', true],
    ['Kconfig', false],
    ['Kbuild.foo', false],
    ['makefile', false],
    ['GNUmakefile', false],
    ['Makefile~', false],
    ['foo.c', false],
  ];
  it.each(rows)('%s -> %s', (name, expected) => {
    expect(isKernelMakefileName(name)).toBe(expected);
  });
});

describe('listKernelMakefiles', () => {
  const root = mkdtempSync(join(tmpdir(), 'kbg-corpus-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists kbuild files sorted, skipping .git, symlinks and other names', () => {
    const files = [
      'Makefile',
      'Kbuild',
      'scripts/Makefile.build',
      'scripts/Kbuild.include',
      'tools/scripts/utilities.mk',
      'drivers/net/Makefile',
      'drivers/net/Kconfig',
      'drivers/net/e1000.c',
      'Makefile.d/readme',
      '.git/Makefile',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), '');
    }
    symlinkSync('Makefile', join(root, 'drivers/Makefile'));
    expect(listKernelMakefiles(root)).toEqual([
      'Kbuild',
      'Makefile',
      'drivers/net/Makefile',
      'scripts/Kbuild.include',
      'scripts/Makefile.build',
      'tools/scripts/utilities.mk',
    ]);
  });
});

describe('kernel corpus', () => {
  const status = corpusStatus();
  // A missing corpus is a failure that says why, never a silent skip: `npm test` fetches it first.

  it('is present', () => {
    expect(status.ready, status.reason).toBe(true);
  });

  it('has every kbuild file of the tree', () => {
    if (status.tree === undefined) throw new Error(status.reason);
    const files = listKernelMakefiles(status.tree);
    expect(files).toContain('Makefile');
    expect(files).toContain('scripts/Makefile.build');
    const stamp = status.cache?.stamp;
    // The cache counts its files when it is fetched; KBG_KERNEL_TREE trees have no stamp to compare with.
    if (stamp === undefined || process.env.KBG_KERNEL_TREE) return;
    expect(files.length).toBe(stamp.counts.makefiles);
    const facts = pinnedFacts[stamp.version];
    if (facts === undefined) return;
    expect(files.length).toBe(facts.makefiles);
    expect(files.filter((file) => /(^|\/)(Makefile|Kbuild)$/.test(file)).length).toBe(facts.makefileOrKbuild);
  });

  it.skipIf(status.cache === undefined)('has headers whose links and include resolve inside the cache', () => {
    const cache = status.cache;
    if (cache === undefined) throw new Error(status.reason);
    const headers = join(cache.dir, cache.stamp.paths.headers);
    for (const link of ['scripts', 'tools']) expect(statSync(join(headers, link)).isDirectory()).toBe(true);
    const include = /^include\s+(\S+)\s*$/m.exec(readFileSync(join(headers, 'Makefile'), 'utf8'));
    expect(include?.[1]).toBe(join(cache.dir, cache.stamp.paths.headersCommon, 'Makefile'));
    expect(existsSync(include?.[1] ?? '')).toBe(true);
    const modulesDir = join(cache.dir, cache.stamp.paths.modulesDir);
    expect(statSync(join(modulesDir, 'build')).isDirectory()).toBe(true);
    expect(statSync(join(modulesDir, 'source')).isDirectory()).toBe(true);
  });

  it.skipIf(status.modulesDir === undefined)("has Debian's modules.order", () => {
    if (status.modulesDir === undefined) throw new Error(status.reason);
    const order = readFileSync(join(status.modulesDir, 'modules.order'), 'utf8').split('\n').filter((line) => line !== '');
    expect(order.every((line) => line.endsWith('.ko'))).toBe(true);
    const facts = status.cache === undefined ? undefined : pinnedFacts[status.cache.stamp.version];
    if (facts !== undefined && !process.env.KBG_KERNEL_MODULES_DIR) expect(order.length).toBe(facts.modules);
  });
});
