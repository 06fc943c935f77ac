/**
 * Acceptance 2 of issue 5: a module that calls a function another external module exports
 * (`fixtures/kbg-exporter`, `fixtures/kbg-importer`) builds with the first one's `Module.symvers`
 * passed as `KBUILD_EXTRA_SYMBOLS=`, with no undefined symbol and the same files kbuild builds;
 * without it, modpost stops with the same message as in kbuild's own build (in 6.1 an ERROR: an
 * undefined symbol is a warning only with `KBUILD_MODPOST_WARN=1`, which gives modpost `-w`, and
 * then the `.ko` is linked, as in kbuild's build).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli, differences, freshCopy, kbuild, products, type Run } from './builds.js';

const headers = kernelHeaders();
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'kbg-build-symbols-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const exporter = join(work, 'kbg-exporter');
const importer = join(work, 'kbg-importer');
const extra = `KBUILD_EXTRA_SYMBOLS=${join(exporter, 'Module.symvers')}`;

/** modpost's own lines (`WARNING: modpost: ...`, `ERROR: modpost: ...`) among what a build printed. */
function modpost(r: Run): string[] {
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => /^(WARNING|ERROR): modpost: /.test(l));
}

/** Both modules built by one side: with the extra symbols, then the importer again without them. */
interface Side {
  readonly withExtra: Run;
  readonly products: Map<string, Buffer>;
  readonly without: Run;
  readonly withoutProducts: readonly string[];
  /** Without the extra symbols, with `KBUILD_MODPOST_WARN=1`. */
  readonly warn: Run;
  readonly warnProducts: Map<string, Buffer>;
}

async function side(build: (dir: string, extraWords: readonly string[]) => Run | Promise<Run>): Promise<Side> {
  freshCopy(join(fixtures, 'kbg-exporter'), exporter);
  freshCopy(join(fixtures, 'kbg-importer'), importer);
  const exported = await build(exporter, []);
  expect(exported.code, exported.stderr).toBe(0);
  const withExtra = await build(importer, [extra]);
  const built = new Map([...products(exporter)].map(([n, b]) => [`kbg-exporter/${n}`, b]));
  for (const [n, b] of products(importer)) built.set(`kbg-importer/${n}`, b);
  freshCopy(join(fixtures, 'kbg-importer'), importer);
  const without = await build(importer, []);
  const withoutProducts = readdirSync(importer).filter((n) => /\.(o|ko)$/.test(n)).sort();
  freshCopy(join(fixtures, 'kbg-importer'), importer);
  const warn = await build(importer, ['KBUILD_MODPOST_WARN=1']);
  return { withExtra, products: built, without, withoutProducts, warn, warnProducts: products(importer) };
}

describe('KBUILD_EXTRA_SYMBOLS: a module that uses another external module\'s export', () => {
  it('builds with the exporter\'s Module.symvers as kbuild does, and stops as kbuild does without it', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    const theirs = await side((dir, words) => kbuild(headers!, dir, [...words, 'modules', '-j2']));
    const ours = await side((dir, words) => cli(['build', dir, '--kernel', headers!, '-j', '2', ...words], work));
    // With the extra symbols: no undefined symbol, and every file as kbuild's (the .ko's __versions
    // holds kbg_add's CRC from the exporter's Module.symvers).
    expect(theirs.withExtra.code, theirs.withExtra.stderr).toBe(0);
    expect(modpost(theirs.withExtra)).toEqual([]);
    expect(ours.withExtra.code, ours.withExtra.stderr).toBe(0);
    expect(modpost(ours.withExtra)).toEqual([]);
    expect([...ours.products.keys()]).toEqual([...theirs.products.keys()]);
    // Each module: its .o, .mod.o, .ko, Module.symvers and modules.order.
    expect(theirs.products.size).toBe(10);
    expect(differences(theirs.products, ours.products)).toEqual([]);
    // Without: modpost's message, make's exit status, and no .ko on either side.
    expect(modpost(theirs.without)).toEqual([`ERROR: modpost: "kbg_add" [${importer}/kbg-importer.ko] undefined!`]);
    expect(modpost(ours.without)).toEqual(modpost(theirs.without));
    expect(theirs.without.code).toBe(2);
    expect(ours.without.code).toBe(theirs.without.code);
    expect(ours.withoutProducts).toEqual(theirs.withoutProducts);
    // With KBUILD_MODPOST_WARN=1: the same message as a WARNING, and the .ko linked as kbuild links it.
    expect(modpost(theirs.warn)).toEqual([`WARNING: modpost: "kbg_add" [${importer}/kbg-importer.ko] undefined!`]);
    expect(modpost(ours.warn)).toEqual(modpost(theirs.warn));
    expect(theirs.warn.code).toBe(0);
    expect(ours.warn.code, ours.warn.stderr).toBe(0);
    expect([...ours.warnProducts.keys()]).toEqual([...theirs.warnProducts.keys()]);
    expect(differences(theirs.warnProducts, ours.warnProducts)).toEqual([]);
  }, 120_000);
});
