/**
 * Acceptance 3 of issue 5 for net/openvswitch: `kbuild-graph build --backend ninja` gives the same
 * `.o`, `.ko`, `Module.symvers` and `modules.order` files, byte for byte, as the gcc backend at the
 * same path (cleaned in between); a second run is ninja's no-op; after a touched source, a touched
 * header, a changed Makefile and a new environment variable, ninja reruns the steps kbuild's own
 * make reruns on a copy built by kbuild. Without ninja the backend says so (B001). The ninja text
 * writer and the pure-command reader are checked against ninja and sh.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../src/cli/host.js';
import { ninjaBackend, ninjaText, pureOutput, shellWord, type NinjaFile } from '../../src/backend/build/index.js';
import { kernelHeaders } from '../corpus/kernel.js';
import { cli as run, differences, environment, freshCopy, kbuild, products, seconds } from './builds.js';

const headers = kernelHeaders();
const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/kbuild-graph.js');
const work = mkdtempSync(join(tmpdir(), 'kbg-build-ninja-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const cli = (argv: readonly string[]): ReturnType<typeof run> => run(argv, work);
/** Built by kbuild-graph (gcc, then ninja). */
const dir = join(work, 'openvswitch');
/** Built by kbuild's own make, for what an incremental build reruns. */
const theirs = join(work, 'kbuild');
const ninja = (env: Readonly<Record<string, string>> = {}): ReturnType<typeof run> => run(['build', dir, '--kernel', headers!, '-j', '2', '--backend', 'ninja'], work, env);

/** kbuild's progress lines (one per command kbuild runs: CC, LD, MODPOST, BTF), sorted: `-j2` may order them either way. */
function progress(stdout: string, at: string): string[] {
  return stdout.split('\n').filter((l) => /^ {2}(CC|LD|MODPOST|BTF)/.test(l)).map((l) => l.replace(at, 'DIR')).sort();
}

/** Every object's modification time. */
function objectTimes(at: string): Map<string, number> {
  return new Map(readdirSync(at).filter((n) => /\.(o|ko)$/.test(n)).map((n) => [n, statSync(join(at, n)).mtimeMs]));
}

/**
 * Makes `path` newer than anything built so far, as an edit does: now, not later (a time in the
 * future would still be newer than what the next build makes, if it takes less than the step).
 */
function touch(path: string): void {
  const now = new Date();
  utimesSync(path, now, now);
}

describe('kbuild-graph build --backend ninja, net/openvswitch', () => {
  it('gives every .o, .ko, Module.symvers and modules.order byte-identical to the gcc backend\'s', async () => {
    expect(headers, 'the Debian headers (npm run corpus)').toBeDefined();
    freshCopy('net/openvswitch', dir);
    const gcc = await cli(['build', dir, '--kernel', headers!, '-j', '2']);
    expect(gcc.code, gcc.stderr).toBe(0);
    const expected = products(dir);
    freshCopy('net/openvswitch', dir);
    const ours = await ninja();
    expect(ours.code, ours.stderr).toBe(0);
    const built = products(dir);
    expect([...built.keys()]).toEqual([...expected.keys()]);
    expect(built.size).toBe(26);
    expect(differences(expected, built)).toEqual([]);
    // The same commands ran: kbuild's progress lines are the gcc backend's.
    expect(progress(ours.stdout, dir)).toEqual(progress(gcc.stdout, dir));
    expect(readFileSync(join(dir, 'build.ninja'), 'utf8')).toMatch(/^build build\.ninja: regenerate \| .*\/Makefile /m);
    console.info(`net/openvswitch -j2: gcc backend ${seconds(gcc.ms)}, ninja backend ${seconds(ours.ms)}`);
  }, 300_000);

  it('a second run is ninja\'s no-op: no command runs, no object is written', async () => {
    const before = objectTimes(dir);
    const again = await ninja();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('ninja: no work to do.\n');
    expect(objectTimes(dir)).toEqual(before);
    console.info(`net/openvswitch no-op: ${again.ms} ms`);
  }, 60_000);

  it('through bin/kbuild-graph.js, a no-op is decided by ninja\'s dry run alone, before the CLI loads; a touched source still rebuilds', () => {
    expect(existsSync(bin), 'bin/kbuild-graph.js is missing: run `npm run build` first').toBe(true);
    const args = ['build', dir, '--kernel', headers!, '-j', '2', '--backend', 'ninja'];
    const process = (): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } => spawnSync('node', [bin, ...args], { cwd: work, encoding: 'utf8', env: environment });
    // The bundle's own build.ninja and stamp (the in-process runs above are another kbuild-graph).
    const first = process();
    expect(first.status, first.stderr).toBe(0);
    const stampFile = join(dir, '.kbuild-graph-build.json');
    expect(JSON.parse(readFileSync(stampFile, 'utf8')).ninja.argv).toEqual(['ninja', '-C', dir, '-j', '2', '--quiet', '-n']);
    const objects = objectTimes(dir);
    const stamp = statSync(stampFile);
    const again = process();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toBe('ninja: no work to do.\n');
    expect(again.stderr).toBe('');
    expect(objectTimes(dir)).toEqual(objects);
    // The whole CLI removes the stamp when it starts and writes it anew: this one was left alone.
    expect([statSync(stampFile).ino, statSync(stampFile).mtimeMs]).toEqual([stamp.ino, stamp.mtimeMs]);
    touch(join(dir, 'flow.c'));
    const touched = process();
    expect(touched.status, touched.stderr).toBe(0);
    expect(progress(touched.stdout, dir)).toContain('  CC [M]  DIR/flow.o');
    expect(statSync(stampFile).mtimeMs).toBeGreaterThan(stamp.mtimeMs);
  }, 300_000);

  it('after a touched source, a touched header, a changed Makefile and a new variable in the environment, reruns what kbuild\'s make reruns', async () => {
    freshCopy('net/openvswitch', theirs);
    const make = kbuild(headers!, theirs, ['modules', '-j2']);
    expect(make.code, make.stderr).toBe(0);
    const changes: readonly [string, (at: string) => void, Readonly<Record<string, string>>?][] = [
      ['a touched source', (at) => touch(join(at, 'actions.c'))],
      // vport.h is included by most of the module's objects: fixdep's record, turned into ninja's depfile, says which.
      ['a touched header', (at) => touch(join(at, 'vport.h'))],
      // A new flag for every object: build.ninja is planned again (ninja's regeneration edge), and the changed commands run.
      ['a changed Makefile', (at) => appendFileSync(join(at, 'Makefile'), 'ccflags-y += -DKBG_NINJA_TEST=1\n')],
      // A variable no command names: kbuild's make reruns nothing (its .cmd files compare commands only).
      ['a new variable in the environment', () => {}, { KBG_NINJA_UNRELATED: 'yes' }],
    ];
    for (const [what, change, env] of changes) {
      change(theirs);
      const expected = kbuild(headers!, theirs, ['modules', '-j2'], env);
      expect(expected.code, expected.stderr).toBe(0);
      change(dir);
      const ours = await ninja(env);
      expect(ours.code, ours.stderr).toBe(0);
      expect(progress(ours.stdout, dir), what).toEqual(progress(expected.stdout, theirs));
      if (env === undefined) expect(progress(ours.stdout, dir).length, what).toBeGreaterThan(0);
    }
  }, 600_000);
});

describe('the ninja backend without ninja', () => {
  it('plans, writes build.ninja through the writer it is given, and says that ninja is missing (B001)', async () => {
    const at = join(work, 'no-ninja');
    freshCopy('net/openvswitch', at);
    const written: string[] = [];
    let printed = '';
    const r = await ninjaBackend.build({
      host: nodeHost(true),
      directory: headers!,
      variables: [['M', at]],
      env: new Map([['PATH', process.env.PATH ?? '']]),
      // What /bin/sh says when it finds no ninja.
      runner: async () => ({ status: 127, stdout: '', stderr: '' }),
      jobs: 2,
      keepGoing: false,
      print: (_stream, text) => (printed += text),
      ninja: { write: (path) => written.push(path), self: ['node', 'kbuild-graph.js'], generate: false },
    });
    expect(r.status).toBe(2);
    expect(written).toEqual([join(at, 'build.ninja')]);
    expect(printed).toMatch(/error\[B001\]: .*ninja-build/);
  }, 60_000);
});

describe('build.ninja text', () => {
  it('names paths with $, blanks and : and runs commands with $, quotes and newlines as ninja and sh read them', () => {
    const at = join(work, 'text');
    mkdirSync(at, { recursive: true });
    const out = join(at, 'a b:c$d.txt');
    const input = join(at, 'in $x: y.txt');
    writeFileSync(input, 'input\n');
    const text = "cost $HOME, 'quoted' \"double\" \\back\nsecond line";
    const file: NinjaFile = {
      comments: ['test'],
      variables: [],
      rules: [{ name: 'r', variables: [['command', '$cmd']] }],
      edges: [{ outputs: [out], rule: 'r', inputs: [input], variables: [{ name: 'cmd', value: `cat ${shellWord(input)} > ${shellWord(out)} && printf %s ${shellWord(text)} >> ${shellWord(out)}` }] }],
    };
    writeFileSync(join(at, 'build.ninja'), ninjaText(file));
    const r = spawnSync('ninja', ['-C', at, '--quiet'], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(`input\n${text}`);
    // The input is named as ninja names it: a second run has nothing to do, a newer input reruns the edge.
    expect(spawnSync('ninja', ['-C', at, '-n'], { encoding: 'utf8' }).stdout).toContain('no work to do');
    touch(input);
    expect(spawnSync('ninja', ['-C', at, '-n'], { encoding: 'utf8' }).stdout).not.toContain('no work to do');
  });
});

describe('pureOutput', () => {
  // Each command, run by sh in a scratch directory, writes `out`; pureOutput must say the same, or nothing.
  const rows: readonly (readonly [string, boolean])[] = [
    ['{   echo /m/a.ko;   echo /m/b.ko; :; } > out', true],
    ["{ echo a.ko; cat sub/modules.order; echo a.ko; :; } | awk '!x[$0]++' - > out", true],
    ["set -e; trap 'rm -f out; trap - INT; kill -s INT $$' INT; { echo x; :; } > out; printf '%s\\n' 'cmd_out := { echo x; :; } > out' > .out.cmd", true],
    ["printf '%s\\n' a b 'c d' > out", true],
    ['echo one > out; echo two >> out', true],
    ['echo $HOME > out', false],
    ['{ echo a; ls; } > out', false],
  ];
  it.each(rows)('%s', (command, pure) => {
    const at = join(work, 'pure');
    rmSync(at, { recursive: true, force: true });
    mkdirSync(join(at, 'sub'), { recursive: true });
    writeFileSync(join(at, 'sub/modules.order'), 'sub/c.ko\na.ko\n');
    const r = spawnSync('/bin/sh', ['-c', command], { cwd: at, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const read = (path: string): string | undefined => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    };
    const ours = pureOutput(command, join(at, 'out'), at, read);
    expect(ours).toBe(pure ? readFileSync(join(at, 'out'), 'utf8') : undefined);
  });
});
