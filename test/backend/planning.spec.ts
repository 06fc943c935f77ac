/**
 * `cleanBuildPlan`, the one dry run that plans a whole clean build (the gcc backend's clean builds
 * and the ninja backend), for net/openvswitch: it gets through to Makefile.modfinal whether
 * kbuild's compiler checks run or are answered from a cache (answers that ran nothing), and it
 * holds every command kbuild's own `make -n` prints for the clean directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShellResult } from '../../src/base/index.js';
import { cleanBuildPlan, type CleanPlan } from '../../src/backend/build/planning.js';
import { nodeHost } from '../../src/cli/host.js';
import { cachingHost } from '../../src/eval/make/index.js';
import { kernelHeaders } from '../corpus/kernel.js';
import { environment, freshCopy, kbuild } from './builds.js';

const headers = kernelHeaders();
const work = mkdtempSync(join(tmpdir(), 'kbg-planning-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cleanBuildPlan (net/openvswitch)', () => {
  it('gets through with kbuild\'s checks run or replayed from a cache, and holds every command of kbuild\'s make -n', () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    const dir = join(work, 'openvswitch');
    freshCopy('net/openvswitch', dir);
    const answers = new Map<string, ShellResult>();
    const plan = (): CleanPlan => cleanBuildPlan({
      host: cachingHost(nodeHost(true), { get: (k) => answers.get(k), set: (k, v) => void answers.set(k, v) }),
      directory: headers!,
      variables: [['M', dir]],
      env: new Map(Object.entries(environment)),
      outputs: dir,
    });
    const ran = plan();
    // The second time every check's answer comes from the cache: no command runs during the plan.
    const replayed = plan();
    for (const p of [ran, replayed]) expect(p.status, p.messages.map((m) => m.text).join('')).toBe(0);
    const commands = (p: CleanPlan): string[] => p.steps.flatMap((s) => s.commands);
    expect(commands(replayed)).toEqual(commands(ran));
    // The steps reach the end of Makefile.modfinal: each module's final link.
    const links = ran.steps.filter((s) => s.commands.length > 0 && s.target.endsWith('.ko')).map((s) => s.target.slice(dir.length + 1)).sort();
    expect(links).toEqual(['openvswitch.ko', 'vport-geneve.ko', 'vport-gre.ko', 'vport-vxlan.ko']);
    // kbuild's own dry run of the clean directory stops before modpost; every line it printed is planned.
    const make = kbuild(headers!, dir, ['modules', '-n']);
    const expected = make.stdout.split('\n').filter((l) => l !== '' && l !== ':' && !/^make(\[\d+\])?: /.test(l) && !/^make -f /.test(l));
    expect(expected.length).toBeGreaterThan(100);
    const planned = new Set(commands(ran).flatMap((c) => c.split('\n')));
    expect(expected.filter((l) => !planned.has(l))).toEqual([]);
  }, 120_000);
});
