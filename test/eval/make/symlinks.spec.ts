/**
 * A directory reached through a symbolic link, against GNU make 4.3: make knows its directory as
 * getcwd(3) gives it (CURDIR and "Entering directory" with the link resolved), while a recipe's or
 * `$(shell)`'s `cd LINK && pwd` gives sh's logical path, the link kept (kbuild finds `srctree` and
 * `KBUILD_EXTMOD` this way).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGnuMake, runOurs } from './harness.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'kbg-symlinks-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'real', 'sub'), { recursive: true });
symlinkSync(join(work, 'real'), join(work, 'link'));
writeFileSync(join(work, 'real', 'Makefile'), [
  '$(info CURDIR=$(CURDIR))',
  `$(info cd=$(shell cd ${join(work, 'link')} && pwd))`,
  '$(info sub=$(shell cd sub && pwd))',
  `$(info up=$(shell cd ${join(work, 'link', 'sub')}/.. && pwd))`,
  'all: ; @:',
  '',
].join('\n'));

describe('make through a symbolic link, against GNU make', () => {
  for (const args of [['-C', join(work, 'link')], ['-C', join(work, 'link'), '-w'], ['-C', 'link']]) {
    it(`make ${args.join(' ')}`, async () => {
      const theirs = runGnuMake(work, args);
      expect(theirs.stdout).toContain(`CURDIR=${join(work, 'real')}`);
      expect(theirs.stdout).toContain(`cd=${join(work, 'link')}`);
      expect(await runOurs(work, args)).toEqual(theirs);
    });
  }
});
