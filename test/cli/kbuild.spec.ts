/**
 * The Kbuild commands of the CLI on Debian's headers and `net/openvswitch` as an external module:
 * the quick start's default run, each output format, bad input, and how path arguments are read
 * (from the current directory first, checked against Debian's modules.order). What the graph
 * holds is checked against kbuild's own dry run in test/graph; here the commands' shape and errors
 * are.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { corpusStatus, kernelFullTree, wholeTreeOracle } from '../corpus/kernel.js';

const status = corpusStatus();
const empty = mkdtempSync(join(tmpdir(), 'kbg-cli-kbuild-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

async function run(argv: readonly string[], cwd = empty): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  // What a login shell gives a command: PATH, HOME and PWD (tools/ Makefiles run `cd $(PWD)`).
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/', PWD: cwd };
  const code = await main([...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
  return { code, stdout, stderr };
}

describe('kbuild-graph with no tree: the fetched Debian kernel, net/openvswitch', () => {
  it('prints openvswitch.ko with its twelve objects and the three vport modules', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const start = lines.findIndex((l) => /openvswitch\.ko/.test(l));
    const next = lines.findIndex((l, i) => i > start && /\.ko\b/.test(l));
    const objects = lines.slice(start + 1, next).filter((l) => /\.o ← \S+\.c/.test(l));
    expect(objects).toHaveLength(12);
    expect(lines[start]).toContain('[CONFIG_OPENVSWITCH=m]');
    expect(objects.find((l) => l.includes('conntrack.o'))).toContain('[CONFIG_NF_CONNTRACK=m]');
    for (const m of ['vport-vxlan.ko', 'vport-geneve.ko', 'vport-gre.ko']) expect(r.stdout).toContain(m);
    expect(r.stderr).toContain('using Debian');
  });

  it('--json, --dot and --svg describe the same modules', async () => {
    const json = JSON.parse((await run(['--json'])).stdout) as { modules: { module: string }[] }[];
    expect(json[0].modules.map((m) => m.module.split('/').pop())).toEqual(['openvswitch.ko', 'vport-vxlan.ko', 'vport-geneve.ko', 'vport-gre.ko']);
    const dot = (await run(['--dot'])).stdout;
    expect(dot).toMatch(/^digraph kbuild \{/);
    expect(dot).toContain('CONFIG_NF_CONNTRACK=m');
    const svg = (await run(['--svg'])).stdout;
    expect(svg).toContain('<svg');
    expect(svg).toContain('conntrack.o');
  });

  it('why tells the chain of lines and config values', async () => {
    const r = await run(['why', 'conntrack.c']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('obj-$(CONFIG_OPENVSWITCH) [CONFIG_OPENVSWITCH=m] Makefile:6');
    expect(r.stdout).toContain('inside ifneq ($(CONFIG_NF_CONNTRACK),) (Makefile:21)');
    const no = await run(['why', 'no-such.c']);
    expect(no.code).toBe(1);
    expect(no.stdout).toContain('is not built');
  });

  it('compile-commands -o writes one entry per object', async () => {
    const out = join(empty, 'compile_commands.json');
    const r = await run(['compile-commands', '--clangd', '-o', out]);
    expect(r.code).toBe(0);
    const entries = JSON.parse(readFileSync(out, 'utf8')) as { arguments: string[]; file: string }[];
    expect(entries).toHaveLength(15); // twelve objects of openvswitch.ko and the three vport modules
    expect(entries[0].arguments[0]).toBe('gcc-12');
    expect(entries.flatMap((e) => e.arguments)).not.toContain('-mrecord-mcount');
  });
});

describe('bad input for the Kbuild commands', () => {
  it('a directory that is not a kernel tree', async () => {
    const r = await run(['-C', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[C004\]: .*no Makefile here/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('build with no module directory: C004, and nothing written into the default kernel', async () => {
    // The module the analysis commands fall back to (the quick start's).
    const cache = status.cache;
    if (cache === undefined) throw new Error(status.reason);
    const module = join(cache.dir, cache.stamp.paths.source, 'net', 'openvswitch');
    const before = readdirSync(module).sort();
    const r = await run(['build']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[C004\]: build needs the module directory/);
    expect(readdirSync(module).sort()).toEqual(before);
  });

  it('an M= directory that does not exist', async () => {
    const headers = status.headers;
    if (headers === undefined) throw new Error(status.reason);
    const r = await run(['-C', headers, `M=${join(empty, 'missing')}`, 'modules']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[C004\]: M=.*missing: no such directory/);
  });

  it('--config with M=: a C007 warning, and the graph kbuild, which reads no .config there, gives', async () => {
    const headers = status.headers;
    const tree = status.tree;
    if (headers === undefined || tree === undefined) throw new Error(status.reason);
    const garbage = join(empty, 'garbage.config');
    writeFileSync(garbage, 'not a configuration\n');
    const module = join(empty, 'openvswitch-config');
    cpSync(join(tree, 'net/openvswitch'), module, { recursive: true });
    // kbuild's own dry run does not change with KCONFIG_CONFIG under M=.
    const make = (extra: string[]): string => spawnSync('make', ['-C', headers, `M=${module}`, '-n', 'modules', ...extra], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).stdout;
    expect(make([`KCONFIG_CONFIG=${garbage}`])).toBe(make([]));
    const plain = await run(['-C', headers, `M=${module}`]);
    const given = await run(['-C', headers, `M=${module}`, '--config', garbage]);
    expect(given.code).toBe(0);
    expect(given.stderr).toContain(`warning[C007]: --config (KCONFIG_CONFIG=${garbage}) is not read with M=`);
    expect(given.stdout).toBe(plain.stdout);
  });

  it('an O= directory that does not exist: C004 before anything runs, and nothing made', async () => {
    const tree = kernelFullTree();
    if (tree === undefined) throw new Error(status.reason);
    const missing = join(empty, 'no-such-obj');
    const r = await run(['modules', '-C', tree, `O=${missing}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[C004\]: O=.*no-such-obj: no such directory; kbuild would make it/);
    expect(readdirSync(empty)).not.toContain('no-such-obj');
  });

  it('no .config in the build dir: K007 says how to make one', async () => {
    const tree = kernelFullTree();
    if (tree === undefined) throw new Error(status.reason);
    const obj = mkdtempSync(join(empty, 'obj-'));
    const r = await run(['modules', '-C', tree, `O=${obj}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[K007\]: no kernel configuration at .*\.config; make one with `make defconfig`/);
    expect(readdirSync(obj)).toEqual([]);
  });

  it('--config FILE: an empty build dir and a configuration elsewhere give Debian\'s modules.order', async () => {
    const tree = kernelFullTree();
    const headers = status.headers;
    const modulesDir = status.modulesDir;
    if (tree === undefined || headers === undefined || modulesDir === undefined) throw new Error(status.reason);
    const obj = mkdtempSync(join(empty, 'obj-'));
    const r = await run(['modules', '-C', tree, `O=${obj}`, '--config', join(headers, '.config'), 'CC=gcc-12']);
    expect(r.code).toBe(0);
    const debian = readFileSync(join(modulesDir, 'modules.order'), 'utf8').replace(/^kernel\//gm, '');
    expect(r.stdout).toBe(debian);
    expect(readdirSync(obj)).toEqual([]);
  }, 300_000);

  it('with no command allowed, a prepared tree shows its top directory and subdirectories in kbuild\'s order', async () => {
    const tree = kernelFullTree();
    const oracle = wholeTreeOracle();
    if (tree === undefined || oracle === undefined) throw new Error(status.reason);
    const r = await run(['-C', tree, `O=${oracle.objtree}`, 'CC=gcc-12']);
    expect(r.code).toBe(0);
    const subdirectories = r.stdout.split('\n').filter((l) => /^│   [├└]── \S+\/ /.test(l)).map((l) => l.slice(8).split(' ')[0]);
    // kbuild's own order: the top modules.order is assembled from the subdirectories' lists in this order.
    const order = oracle.modulesOrderParts['modules.order'].map((p) => `${p.slice(0, -'modules.order'.length)}`);
    expect(subdirectories.slice(0, order.length)).toEqual(order);
  }, 300_000);

  it('a .config for another architecture: K008', async () => {
    const tree = kernelFullTree();
    const headers = status.headers;
    if (tree === undefined || headers === undefined) throw new Error(status.reason);
    const obj = mkdtempSync(join(empty, 'obj-'));
    const config = readFileSync(join(headers, '.config'), 'latin1').replace('# Linux/x86 ', '# Linux/arm64 ');
    writeFileSync(join(obj, '.config'), config, 'latin1');
    const r = await run(['modules', '-C', tree, `O=${obj}`, 'ARCH=x86']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[K008\]: .*configuration for arm64, but kbuild would build for x86; pass ARCH=arm64/);
  });

  it("an external module against headers whose .config is for another architecture: K008, from the .config's heading", async () => {
    const headers = status.headers;
    const tree = status.tree;
    if (headers === undefined || tree === undefined) throw new Error(status.reason);
    // A copy of the headers directory with another .config heading; its links to kbuild's scripts made absolute.
    const copy = join(empty, 'headers-arm64');
    mkdirSync(copy);
    for (const name of readdirSync(headers)) {
      const from = join(headers, name);
      if (name === '.config') writeFileSync(join(copy, name), readFileSync(from, 'latin1').replace('# Linux/x86 ', '# Linux/arm64 '), 'latin1');
      else symlinkSync(realpathSync(from), join(copy, name));
    }
    const module = join(empty, 'openvswitch-arm64');
    cpSync(join(tree, 'net/openvswitch'), module, { recursive: true });
    const r = await run(['modules', '-C', copy, `M=${module}`, 'ARCH=x86']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[K008\]: .*configuration for arm64, but kbuild would build for x86; pass ARCH=arm64/);
    // The same headers with their own .config go through.
    expect((await run(['modules', '-C', headers, `M=${module}`, 'ARCH=x86'])).code).toBe(0);
  });

  it('garbage lines in the .config are reported with their positions, and the rest is read', async () => {
    const tree = kernelFullTree();
    const headers = status.headers;
    if (tree === undefined || headers === undefined) throw new Error(status.reason);
    const obj = mkdtempSync(join(empty, 'obj-'));
    const config = `${readFileSync(join(headers, '.config'), 'latin1')}this is garbage\nCONFIG_BROKEN="unterminated\n`;
    writeFileSync(join(obj, '.config'), config, 'latin1');
    const lines = config.split('\n').length;
    const r = await run(['modules', '-C', tree, `O=${obj}`, 'CC=gcc-12', 'net/openvswitch']);
    expect(r.stderr).toContain(`.config:${lines - 2}:1: warning[K001]`);
    expect(r.stderr).toMatch(new RegExp(`\\.config:${lines - 1}:\\d+: warning\\[K003\\]`));
    expect(r.stdout.split('\n')).toContain('net/openvswitch/openvswitch.ko');
  }, 300_000);

  it('one broken Makefile: its error is reported and the rest of the graph is produced', async () => {
    const headers = status.headers;
    const tree = status.tree;
    if (headers === undefined || tree === undefined) throw new Error(status.reason);
    const copy = join(empty, 'sound-core');
    cpSync(join(tree, 'sound/core'), copy, { recursive: true });
    appendFileSync(join(copy, 'seq/Makefile'), 'endif\n');
    const lines = readFileSync(join(copy, 'seq/Makefile'), 'utf8').split('\n').length - 1;
    const r = await run(['-C', headers, `M=${copy}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${copy}/seq/Makefile:${lines}: *** extraneous 'endif'.  Stop.`);
    expect(r.stdout).toContain('snd-pcm.ko');
  });

  it('a directory kbuild does not descend into', async () => {
    const r = await run(['no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kbuild does not descend into this directory');
  });
});

describe('paths on the command line: from the current directory first, then as kbuild names them', () => {
  /** The modules Debian's build puts directly in `dir` (its shipped modules.order), as file names. */
  function debianModules(dir: string): string[] {
    const modulesDir = status.modulesDir;
    if (modulesDir === undefined) throw new Error(status.reason);
    const prefix = `kernel/${dir}/`;
    return readFileSync(join(modulesDir, 'modules.order'), 'utf8').split('\n').filter((l) => l.startsWith(prefix) && !l.slice(prefix.length).includes('/')).map((l) => l.slice(prefix.length));
  }
  /** The modules a tree view lists at its top level. */
  const shownModules = (stdout: string): string[] => stdout.split('\n').flatMap((l) => /^[├└]── (\S+\.ko) /.exec(l)?.[1] ?? []);

  it('an external module with a subdirectory, run from the directory above it with a relative M=', async () => {
    const headers = status.headers;
    const tree = status.tree;
    if (headers === undefined || tree === undefined) throw new Error(status.reason);
    const here = mkdtempSync(join(empty, 'paths-'));
    const copy = join(here, 'core');
    cpSync(join(tree, 'sound/core'), copy, { recursive: true });
    const seq = debianModules('sound/core/seq');
    expect(seq.length).toBeGreaterThan(0);
    // `core/seq` from here, and `seq` as kbuild names it under M=: the same directory.
    for (const dir of ['core/seq', 'seq', `${copy}/seq`]) {
      const r = await run(['-C', headers, 'M=core', dir], here);
      expect(r.code, `${dir}: ${r.stderr}`).toBe(0);
      expect(r.stdout.split('\n')[0], dir).toBe(`${copy}/seq`);
      expect(shownModules(r.stdout), dir).toEqual(seq);
    }
    // A source of snd-seq.ko, named from here and from M=: built, by the same chain of lines.
    const from = await run(['why', 'core/seq/seq.c', '-C', headers, 'M=core'], here);
    const named = await run(['why', 'seq/seq.c', '-C', headers, 'M=core'], here);
    expect(from.code, from.stdout).toBe(0);
    expect(from.stdout).toContain('snd-seq.ko');
    expect(from.stdout.split('\n').slice(1)).toEqual(named.stdout.split('\n').slice(1));
  }, 120_000);

  it('in a kernel tree\'s subdirectory, with -C naming the tree', async () => {
    const tree = kernelFullTree();
    const oracle = wholeTreeOracle();
    if (tree === undefined || oracle === undefined) throw new Error(status.reason);
    const r = await run(['why', 'openvswitch/flow.c', '-C', '..', `O=${oracle.objtree}`, 'CC=gcc-12'], join(tree, 'net'));
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('net/ -> net/openvswitch/  obj-$(CONFIG_OPENVSWITCH) [CONFIG_OPENVSWITCH=m] Makefile:');
    expect(r.stdout).toContain('net/openvswitch/openvswitch.ko');
  }, 300_000);
});
