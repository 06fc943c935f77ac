/**
 * `--analysis-cache=FILE`: an analysis is taken from the file only while every question its run
 * asked (files, times, listings, kept `$(shell)` results) gets the same answer, and the command
 * line, environment and kbuild-graph are the same; otherwise kbuild is evaluated again. Checked on
 * the edit codec alone, on a host in memory, and through the CLI on Debian's headers with a copy of
 * `net/openvswitch`, where a taken analysis must print what a fresh evaluation prints.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Host, HostStat } from '../../src/base/index.js';
import { againstPrevious, firstChanged, fromPrevious, recordingHost } from '../../src/cli/analysis-cache.js';
import { main } from '../../src/cli/index.js';
import { corpusStatus } from '../corpus/kernel.js';

describe('compile commands kept as edits of the one before', () => {
  it('any command comes back from its edits, whatever the one before', () => {
    // A small alphabet, so that the two lists share words in every arrangement.
    const words = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 });
    fc.assert(
      fc.property(words, words, (current, previous) => {
        expect(fromPrevious(againstPrevious(current, previous), previous)).toEqual(current);
      }),
      { numRuns: 2000 },
    );
  });

  it('a command that differs in a few words takes a few edits', () => {
    const previous = Array.from({ length: 100 }, (_, i) => i);
    const current = [...previous];
    current[3] = 500; // the dependency file
    current.splice(50, 0, 501, 502); // an object's own flags
    current[90] = 503; // the output
    expect(againstPrevious(current, previous).length).toBeLessThanOrEqual(12);
  });
});

/** A host over files in memory: path to text (a directory is every path below it). */
function memoryHost(files: Map<string, { text: string; mtimeMs: number }>, shell?: Host['shell']): Host {
  const isDir = (path: string) => [...files.keys()].some((p) => p.startsWith(`${path}/`));
  const stat = (path: string): HostStat | undefined => {
    const f = files.get(path);
    if (f !== undefined) return { kind: 'file', mtimeMs: f.mtimeMs, size: f.text.length };
    return isDir(path) ? { kind: 'directory', mtimeMs: 0 } : undefined;
  };
  const names = (path: string) => (isDir(path) ? [...new Set([...files.keys()].filter((p) => p.startsWith(`${path}/`)).map((p) => p.slice(path.length + 1).split('/')[0]))] : undefined);
  return {
    readFile: (path) => (files.has(path) ? new TextEncoder().encode(files.get(path)!.text) : undefined),
    stat,
    realPath: (path) => (stat(path) === undefined ? undefined : path),
    readDirectory: names,
    readDirectoryKinds: (path) => {
      const n = names(path);
      return n === undefined ? undefined : new Map(n.map((name) => [name, stat(`${path}/${name}`)!.kind] as const));
    },
    shell: shell ?? (() => undefined),
  };
}

describe('the questions a run asked, asked again', () => {
  const tree = () => new Map([['/k/Makefile', { text: 'obj-y += a.o\n', mtimeMs: 1 }], ['/k/a.c', { text: 'int a;\n', mtimeMs: 1 }]]);
  const ask = (h: Host) => {
    h.readFile('/k/Makefile');
    // Its time is read: it counts.
    void h.stat('/k/a.c')?.mtimeMs;
    h.stat('/k/a.o');
    h.readDirectoryKinds!('/k');
    // Only looked for: its time does not count.
    h.stat('/k/Makefile');
  };
  const answering = (files: ReturnType<typeof tree>) => ({ files: memoryHost(files), keptShell: () => undefined });

  it('the same tree answers every question the same', () => {
    const r = recordingHost(memoryHost(tree()));
    ask(r.host);
    const questions = r.questions();
    expect(questions).toHaveLength(5);
    expect(firstChanged(questions!, answering(tree()))).toBeUndefined();
  });

  it('an edited file, a new time that was read, a new file and a file that appeared are each seen; an unread time is not', () => {
    const r = recordingHost(memoryHost(tree()));
    ask(r.host);
    const questions = r.questions()!;
    const edited = tree();
    edited.set('/k/Makefile', { text: 'obj-y += b.o\n', mtimeMs: 1 });
    expect(firstChanged(questions, answering(edited))).toBe('read /k/Makefile');
    const touched = tree();
    touched.set('/k/a.c', { text: 'int a;\n', mtimeMs: 2 });
    expect(firstChanged(questions, answering(touched))).toBe('stat /k/a.c');
    const rewritten = tree();
    rewritten.set('/k/Makefile', { text: 'obj-y += a.o\n', mtimeMs: 5 });
    expect(firstChanged(questions, answering(rewritten))).toBeUndefined();
    const made = tree();
    made.set('/k/a.o', { text: '', mtimeMs: 3 });
    expect(firstChanged(questions, answering(made))).toBe('stat /k/a.o');
    const added = tree();
    added.set('/k/b.c', { text: '', mtimeMs: 1 });
    expect(firstChanged(questions, answering(added))).toBe('kinds /k');
  });

  it('a kept command result must still be kept, and the same; a command that ran spoils the record', () => {
    const env = new Map([['PATH', '/bin']]);
    const replayed = recordingHost(memoryHost(tree(), () => ({ stdout: 'x86_64\n', status: 0, replayed: true })));
    replayed.host.shell('uname -m', '/k', env);
    const questions = replayed.questions()!;
    const kept = (stdout: string | undefined) => ({ files: memoryHost(tree()), keptShell: () => (stdout === undefined ? undefined : { stdout, stderr: '', status: 0 }) });
    expect(firstChanged(questions, kept('x86_64\n'))).toBeUndefined();
    expect(firstChanged(questions, kept('aarch64\n'))).toBe('shell uname -m');
    expect(firstChanged(questions, kept(undefined))).toBe('shell uname -m');
    const ran = recordingHost(memoryHost(tree(), () => ({ stdout: 'x86_64\n', status: 0 })));
    ran.host.shell('uname -m', '/k', env);
    expect(ran.questions()).toBeUndefined();
  });
});

const status = corpusStatus();
const work = mkdtempSync(join(tmpdir(), 'kbg-analysis-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('--analysis-cache through the CLI, on Debian\'s headers and a copy of net/openvswitch', () => {
  const headers = status.headers;
  const cache = status.cache;
  if (headers === undefined || cache === undefined) throw new Error(status.reason);
  const module = join(work, 'openvswitch');
  cpSync(join(cache.dir, cache.stamp.paths.source, 'net', 'openvswitch'), module, { recursive: true });
  const file = join(work, 'analysis.json');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', PWD: work, KBG_DEBUG: '1' };

  async function run(extra: readonly string[] = [], more: Record<string, string> = {}, command: readonly string[] = ['compile-commands']): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const argv = [...command, '-C', headers!, `M=${module}`, ...extra];
    const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work, env: { ...env, ...more } });
    return { code, stdout, stderr };
  }
  const cached = (more: Record<string, string> = {}) => run([`--analysis-cache=${file}`], more);
  // The file's heading line, and the analysis after it.
  const splitAt = (text: string): [string, string] => [text.slice(0, text.indexOf('\n')), text.slice(text.indexOf('\n') + 1)];

  it('the second run takes the analysis, and prints what a fresh evaluation prints', async () => {
    rmSync(file, { force: true });
    const first = await cached();
    expect(first.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const second = await cached();
    expect(second.stderr).toContain('taken: nothing it read has changed');
    expect(second.code).toBe(0);
    const fresh = await run();
    expect(second.stdout).toBe(fresh.stdout);
    expect(first.stdout).toBe(fresh.stdout);
    expect(JSON.parse(second.stdout)).toHaveLength(15);
    // The same analysis answers the other commands, which read what compile-commands does not
    // (each word's Makefile line, the targets' prerequisites).
    for (const command of [['why', 'conntrack.c'], ['show'], ['show', '--json'], ['modules']]) {
      const kept = await run([`--analysis-cache=${file}`], {}, command);
      expect(kept.stderr, command.join(' ')).toContain('taken: nothing it read has changed');
      expect(kept.stdout, command.join(' ')).toBe((await run([], {}, command)).stdout);
    }
  });

  it("kbuild's own make -n in between (its compiler checks come and go in the module's directory) leaves the analysis kept", async () => {
    await cached();
    const make = spawnSync('make', ['-C', headers!, `M=${module}`, '-n', 'modules'], { env: { PATH: env.PATH, HOME: env.HOME }, encoding: 'utf8' });
    // A dry run of kbuild stops at modpost (no modules.order was made), after printing the compiles.
    expect(make.stdout).toContain('/flow.o');
    expect((await cached()).stderr).toContain('taken: nothing it read has changed');
  });

  it('an edited Makefile is read again: its new flag is in every command', async () => {
    await cached();
    appendFileSync(join(module, 'Makefile'), 'ccflags-y += -DKBG_ANALYSIS_CACHE_TEST\n');
    const after = await cached();
    expect(after.stderr).toContain(`not taken (changed: read ${join(module, 'Makefile')})`);
    const entries = JSON.parse(after.stdout) as { arguments: string[] }[];
    expect(entries).toHaveLength(15);
    // kbuild's ccflags-y goes to every object of the directory (Documentation/kbuild/makefiles.rst).
    for (const e of entries) expect(e.arguments).toContain('-DKBG_ANALYSIS_CACHE_TEST');
    expect(after.stdout).toBe((await run()).stdout);
    expect((await cached()).stderr).toContain('taken: nothing it read has changed');
  });

  it('a new file in the module, another environment, another command line: evaluated again', async () => {
    await cached();
    writeFileSync(join(module, 'new.c'), 'int kbg;\n');
    // The directory's time or its listing, whichever was asked first.
    expect((await cached()).stderr).toContain(`not taken (changed: `);
    expect((await cached()).stderr).toContain('taken: nothing it read has changed');
    rmSync(join(module, 'new.c'));
    expect((await cached()).stderr).toMatch(new RegExp(`not taken \\(changed: (stat|kinds) ${module}\\)`));
    expect((await cached({ SOME_VARIABLE: '1' })).stderr).toContain('kept for another command line, environment or build of kbuild-graph');
    // kbuild-graph's own variables are not part of it: KBG_DEBUG=1 shows why a file is not taken.
    await run([`--analysis-cache=${file}`], { KBG_DEBUG: '' });
    expect((await cached()).stderr).toContain('taken: nothing it read has changed');
    const other = await run([`--analysis-cache=${file}`, 'V=1']);
    expect(other.stderr).toContain('kept for another command line');
    expect(other.code).toBe(0);
  });

  it('a damaged file is not taken: the run evaluates kbuild and writes it again', async () => {
    for (const text of ['{"format": 5, "key"', '[]\n[]', `${JSON.stringify({ format: 5, key: 'x', questions: [], sum: '' })}\n{}`]) {
      writeFileSync(file, text);
      const r = await cached();
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/not taken/);
      expect(JSON.parse(r.stdout)).toHaveLength(15);
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
    // The analysis changed after its heading was written: its sum no longer matches.
    const [heading, body] = splitAt(readFileSync(file, 'utf8'));
    const run = JSON.parse(body) as { strings: string[] };
    run.strings = [];
    writeFileSync(file, `${heading}\n${JSON.stringify(run)}`);
    const r = await cached();
    expect(r.stderr).toContain('not taken (damaged)');
    expect(JSON.parse(r.stdout)).toHaveLength(15);
    // The same with a sum that matches (only a program that knows the layout writes one): still damaged, not a crash.
    const [again] = splitAt(readFileSync(file, 'utf8'));
    const text = JSON.stringify(run);
    writeFileSync(file, `${JSON.stringify({ ...JSON.parse(again), sum: createHash('sha256').update(text).digest('base64') })}\n${text}`);
    const s = await cached();
    expect(s.stderr).toContain('not taken (damaged)');
    expect(JSON.parse(s.stdout)).toHaveLength(15);
  });

  it('with commands allowed and no shell cache, they run, and nothing is kept', async () => {
    rmSync(file, { force: true });
    const r = await run(['--allow-shell', `--analysis-cache=${file}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('analysis not kept: a command ran: ');
    expect(existsSync(file)).toBe(false);
  });
});
