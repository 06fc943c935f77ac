/**
 * Acceptance 1 of issue 5 beyond net/openvswitch: for five kernel directories of different shape,
 * `kbuild-graph build` gives every `.o`, `.ko`, `Module.symvers` and `modules.order` byte-identical
 * to kbuild's own `make -C <headers> M=<dir> modules -j2` of the same directory at the same path,
 * cleaned in between. Each directory is built once by each side (10 to 80 s each with -j2).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli, differences, freshCopy, kbuild, products, seconds } from './builds.js';

const headers = kernelHeaders();
const work = mkdtempSync(join(tmpdir(), 'kbg-build-dirs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A kernel directory, what makes its shape different, and how many products kbuild builds there. */
const directories: readonly (readonly [source: string, shape: string, products: number])[] = [
  ['fs/fat', 'three composite modules, two of one member each (vfat-y := namei_vfat.o)', 20],
  ['drivers/net/wireguard', 'one composite module of 14 objects, a quoted ccflags-y define (pr_fmt)', 19],
  ['fs/ext4', 'one large composite module, 37 objects, some on CONFIG_ lines', 42],
  ['sound/core', 'subdirectories (oss/, seq/) with modules of their own, 17 modules, CFLAGS_ per object', 108],
  ['net/sched', '68 modules, mostly one object each', 206],
];

describe('kbuild-graph build against kbuild, directory by directory', () => {
  for (const [source, shape, count] of directories) {
    it(`${source} (${shape}): every product byte-identical`, async () => {
      expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
      const dir = join(work, source.replace(/\//g, '-'));
      freshCopy(source, dir);
      const make = kbuild(headers!, dir, ['modules', '-j2']);
      expect(make.code, make.stderr).toBe(0);
      const theirs = products(dir);
      expect(theirs.size).toBe(count);
      // Same path, cleaned in between: the compiler embeds the source paths, and both builds see the same ones.
      freshCopy(source, dir);
      const ours = await cli(['build', dir, '--kernel', headers!, '-j', '2'], work);
      expect(ours.code, ours.stderr).toBe(0);
      const built = products(dir);
      expect([...built.keys()]).toEqual([...theirs.keys()]);
      expect(differences(theirs, built)).toEqual([]);
      console.info(`${source} -j2: kbuild ${seconds(make.ms)}, kbuild-graph build ${seconds(ours.ms)}, ${count} products`);
      rmSync(dir, { recursive: true, force: true });
    }, 600_000);
  }
});
