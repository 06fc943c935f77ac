/**
 * Issue 4, acceptance 4: Debian's clangd 14 checks `datapath.c` of an external `net/openvswitch` with
 * no error under `kbuild-graph compile-commands --clangd`, and with errors under the kernel's own
 * scripts/clang-tools/gen_compile_commands.py run over a real build of the same module.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { corpusStatus, kernelFullTree, ootOracle, oracleStatus } from '../corpus/kernel.js';

const work = mkdtempSync(join(tmpdir(), 'kbg-clangd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What `clangd --check` said about one file. */
interface Check {
  /** The count of its closing line, "All checks completed, N errors". */
  readonly errors: number;
  /** Each error line without its timestamp, as `[code] Line N: message`. */
  readonly messages: readonly string[];
  /** The command clangd took from the compilation database; undefined when it guessed one. */
  readonly command: string | undefined;
}

/** Debian's clangd 14, by the name its package installs (`clangd-14`) or the `clangd` package's link. */
function clangd(): string {
  for (const name of ['clangd-14', 'clangd']) {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
    if (r.error === undefined && /clangd version 14\./.test(r.stdout)) return name;
  }
  throw new Error('Debian\'s clangd 14 is not installed (not as clangd-14 nor as clangd); install it as root: apt-get install -y --no-install-recommends clangd-14 (.ci/run does)');
}

/** Runs `clangd --check=FILE` with the compile_commands.json in `database`. */
function check(file: string, database: string): Promise<Check> {
  const binary = clangd();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [`--compile-commands-dir=${database}`, `--check=${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const closing = /All checks completed, (\d+) errors/.exec(log);
      if (closing === null) return reject(new Error(`clangd --check=${file} did not finish its checks:\n${log.slice(-2000)}`));
      const messages = [...log.matchAll(/^E\[[^\]]*\] (.*)$/gm)].map((m) => m[1]);
      resolve({ errors: Number(closing[1]), messages, command: /Compile command from CDB is: (.*)/.exec(log)?.[1] });
    });
  });
}

/** `kbuild-graph compile-commands` for `module` against `headers`, written to `out`; the entry of datapath.c. */
async function compileCommands(headers: string, module: string, out: string, clangdOption: boolean): Promise<string[]> {
  let stderr = '';
  const argv = ['compile-commands', '-C', headers, `M=${module}`, '--allow-shell', ...(clangdOption ? ['--clangd'] : []), '-o', out];
  const code = await main(argv, { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: work, env: { PATH: process.env.PATH ?? '' } });
  expect(code, stderr).toBe(0);
  const entries = JSON.parse(readFileSync(out, 'utf8')) as { file: string; arguments: string[] }[];
  const entry = entries.find((e) => e.file === join(module, 'datapath.c'));
  if (entry === undefined) throw new Error(`no entry for datapath.c in ${out}`);
  return entry.arguments;
}

describe('clangd --check=datapath.c of an external net/openvswitch', () => {
  it('kbuild-graph compile-commands --clangd: no error, and only the options clangd rejects are dropped', async () => {
    const { headers, tree, reason } = corpusStatus();
    if (headers === undefined || tree === undefined) throw new Error(reason);
    clangd();
    const module = join(work, 'openvswitch');
    cpSync(join(tree, 'net', 'openvswitch'), module, { recursive: true });
    const raw = join(work, 'raw');
    mkdirSync(raw);
    const kept = await compileCommands(headers, module, join(module, 'compile_commands.json'), true);
    const all = await compileCommands(headers, module, join(raw, 'compile_commands.json'), false);
    const [ours, unfiltered] = await Promise.all([check(join(module, 'datapath.c'), module), check(join(module, 'datapath.c'), raw)]);

    expect(ours.command).toBeDefined();
    expect(ours.messages).toEqual([]);
    expect(ours.errors).toBe(0);

    // Without --clangd the only errors are clangd's driver rejecting options (the directory is
    // right, so the code itself has none), and --clangd drops exactly the options they name.
    expect(unfiltered.errors).toBeGreaterThan(0);
    for (const m of unfiltered.messages) expect(m).toMatch(/^\[drv_[a-z_]+\] Line 1: /);
    const named = unfiltered.messages.map((m) => /'(-[^']+)'/.exec(m)?.[1]);
    const dropped = all.filter((w) => !kept.includes(w));
    expect(dropped.sort()).toEqual(named.sort());
  });

  it('the kernel\'s gen_compile_commands.py over a real build: errors', async (context) => {
    const oracle = ootOracle();
    const full = kernelFullTree();
    if (oracle === undefined || full === undefined) {
      if (process.env.CI) throw new Error(oracleStatus().reason);
      return context.skip(oracleStatus().reason);
    }
    clangd();
    // The script reads the build's .cmd files; its output goes to a folder of ours, never into the cache.
    const database = join(work, 'gen');
    mkdirSync(database);
    const script = join(full, 'scripts', 'clang-tools', 'gen_compile_commands.py');
    const gen = spawnSync('python3', [script, '-d', oracle.moduleDir, '-o', join(database, 'compile_commands.json')], { encoding: 'utf8' });
    if (gen.error !== undefined) throw new Error(`python3 cannot run ${script}: ${gen.error.message} (.ci/run installs python3)`);
    expect(gen.status, gen.stderr).toBe(0);
    const theirs = await check(join(oracle.moduleDir, 'datapath.c'), database);

    expect(theirs.command).toBeDefined();
    expect(theirs.errors).toBeGreaterThan(0);
    // Both causes: options clang rejects, and code errors, because `directory` is the module dir
    // while kbuild runs from the headers dir, so `-I./include` misses the generated headers.
    expect(theirs.messages.some((m) => m.startsWith('[drv_unknown_argument]'))).toBe(true);
    expect(theirs.messages.some((m) => !m.startsWith('[drv_') && !m.includes('Line 1:'))).toBe(true);
  });
});
