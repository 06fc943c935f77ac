/**
 * Tests of the `kbuild-graph` command line: `main` run in-process on temporary files with captured
 * output, plus one spawn of the bundled bin/kbuild-graph.js.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in `cwd` and captures everything it writes. */
async function check(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

describe('kbuild-graph', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kbg-cli-'));
    writeFileSync(join(dir, 'good.mk'), 'obj-y += foo.o\n\nall: foo.o\n\techo done\n');
    writeFileSync(join(dir, 'bad.mk'), 'foo\n');
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'Makefile'), 'obj-y += sub/\n');
    writeFileSync(join(dir, 'tree', 'sub', 'Kbuild'), 'obj-y += a.o\n');
    writeFileSync(join(dir, 'tree', 'sub', 'Makefile.build'), 'x := 1\n');
    writeFileSync(join(dir, 'tree', 'sub', 'notes.txt'), 'foo\n');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('a good file exits 0 and prints nothing', async () => {
    const run = await check(['parse', 'good.mk'], dir);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('a word alone on a line is P001 at 1:1 and exits 1', async () => {
    const run = await check(['parse', 'bad.mk'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bad\.mk:1:1: error\[P001\]: /);
  });

  test('--quiet prints no diagnostics but keeps the exit code', async () => {
    const run = await check(['parse', '-q', 'bad.mk'], dir);
    expect(run).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  test('a missing file is C001, exits 1, and the other files are still parsed', async () => {
    const run = await check(['parse', 'missing.mk', 'bad.mk'], dir);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(/^missing\.mk: error\[C001\]: cannot read file: \S/);
    expect(run.stderr).toMatch(/^bad\.mk:1:1: error\[P001\]: /m);
  });

  test('a directory means its makefiles, recursively and sorted', async () => {
    const run = await check(['parse', '--json', 'tree'], dir);
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout) as { path: string; tree: unknown; diagnostics: unknown[] }[];
    expect(entries.map((e) => e.path)).toEqual([
      join('tree', 'Makefile'),
      join('tree', 'sub', 'Kbuild'),
      join('tree', 'sub', 'Makefile.build'),
    ]);
    for (const entry of entries) {
      expect(entry.tree).toBeTypeOf('object');
      expect(entry.diagnostics).toEqual([]);
    }
  });

  test('--json is one array with the tree and diagnostics of each file', async () => {
    const run = await check(['parse', '--json', '-q', 'good.mk', 'bad.mk', 'missing.mk'], dir);
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.stdout) as { path: string; tree: unknown; diagnostics: { code: string }[] }[];
    expect(entries.map((e) => [e.path, e.tree === null, e.diagnostics.map((d) => d.code)])).toEqual([
      ['good.mk', false, []],
      ['bad.mk', false, ['P001']],
      ['missing.mk', true, ['C001']],
    ]);
  });

  test('--stats prints one line of counts and time', async () => {
    const run = await check(['parse', '--stats', '-q', 'good.mk', 'bad.mk'], dir);
    expect(run.code).toBe(1);
    const bytes = readFileSync(join(dir, 'good.mk')).length + readFileSync(join(dir, 'bad.mk')).length;
    expect(run.stdout).toMatch(new RegExp(`^files 2, bytes ${bytes}, errors [1-9]\\d*, warnings \\d+, time \\d+(\\.\\d+)? ms\\n$`));
  });

  test('a bad option is one C002 line and exit 2, with no stack trace', async () => {
    const run = await check(['parse', '--no-such-option', 'good.mk'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^kbuild-graph: error\[C002\]: .*--no-such-option.*\n$/);
  });

  test('an unknown command and a missing argument are usage errors', async () => {
    expect((await check(['frobnicate'], dir)).code).toBe(2);
    expect((await check(['parse'], dir)).code).toBe(2);
  });

  test('--version and --help exit 0 on stdout', async () => {
    const version = await check(['--version'], dir);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\S+\n$/);
    const help = await check(['parse', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--json');
  });

  test('the bundled executable prints the package version', () => {
    const bin = join(root, 'bin', 'kbuild-graph.js');
    expect(existsSync(bin), 'bin/kbuild-graph.js is missing: run `npm run build` first').toBe(true);
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(out).toBe(`${version}\n`);
  });

  test('the bundled `make` command starts its probes before the engine and the parser load', () => {
    // make.ts starts the probes kept from the last run, then imports the engine: the chunks it
    // imports statically must not hold the engine or the parser, or they would load first.
    const chunks = join(root, 'bin', 'chunks');
    const run = readFileSync(join(chunks, 'run.js'), 'utf8');
    const make = /import\("\.\/(make-[\w-]+\.js)"\)/.exec(run)?.[1];
    expect(make, 'run.js loads the make command as a chunk of its own').toBeDefined();
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = readFileSync(join(chunks, name), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*"\.\/([\w-]+\.js)"/g)) visit(m[1]);
    };
    visit(make!);
    const loaded = [...seen].map((name) => readFileSync(join(chunks, name), 'utf8')).join('\n');
    // The engine's entry and the parser's Chevrotain grammar.
    expect(loaded).not.toMatch(/function evaluate\(/);
    expect(loaded).not.toMatch(/performSelfAnalysis/);
    // What it does load: the probes' start.
    expect(loaded).toMatch(/function startProbes\(/);
  });
});
