/**
 * Makes the ground truth the tests compare kbuild-graph with (`npm run corpus`, after fetch-kernel.mjs): real kbuild's answers for the fetched kernel.
 * It unpacks the whole source tree, runs the dry run of /work/shared/GROUND-TRUTH.md's Oracle 2 and the real out-of-tree build of its Oracle 1,
 * and parses them into oracle/whole-tree.json and oracle/oot-openvswitch.json; test/corpus/README.md describes the layout, test/corpus/kernel.ts reads it.
 */

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cacheBase,
  Failure,
  findCompleteCache,
  install,
  log,
  megabytes,
  onPath,
  pipeline,
  readManifest,
  removeAbandoned,
  run,
  runMain,
  running,
  seconds,
  sha256,
  startedAt,
  tail,
  walk,
} from './lib/corpus.mjs';
import { commandsOf, forEachSimple, ListEvaluator } from './lib/shell.mjs';

// Bump when the oracle's files change shape; any edit to this script or lib/shell.mjs also makes the oracle stale (see codeHash).
const oracleFormat = 1;
const treeFormat = 1;
const compiler = 'gcc-12';
const ootDirectory = 'net/openvswitch';
const ootName = 'oot-openvswitch';

/** The tools modules_prepare and the oracle need: a command to look for, or a package dpkg must know as installed. */
const neededTools = [
  { command: 'make', pkg: 'make' },
  { command: compiler, pkg: compiler },
  { command: 'flex', pkg: 'flex' },
  { command: 'bison', pkg: 'bison' },
  { command: 'bc', pkg: 'bc' },
  { command: 'pahole', pkg: 'dwarves' },
  { command: 'openssl', pkg: 'openssl' },
  { pkg: 'libelf-dev' },
  { pkg: 'libssl-dev' },
];

// ---------------------------------------------------------------------------
// Small helpers.

async function readJson(file) {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes text to file through a temporary sibling and rename(2), so a reader sees the old file or the whole new one. */
async function writeAtomically(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  await fsp.writeFile(tmp, text);
  await fsp.rename(tmp, file);
}

/** JSON with one line per entry of each top-level object, so the files stay greppable and diffable. */
function toJsonLines(value) {
  const lines = Object.entries(value).map(([key, inner]) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner) || Object.keys(inner).length === 0) {
      return `${JSON.stringify(key)}: ${JSON.stringify(inner)}`;
    }
    const entries = Object.entries(inner).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `${JSON.stringify(key)}: {\n${entries.join(',\n')}\n}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** The environment for make: ours without what would change kbuild's answers (MAKEFLAGS from a parent make, ARCH, KBUILD_*, ...). */
function makeEnvironment() {
  const env = { ...process.env, LC_ALL: 'C' };
  const dropped = new Set(['ARCH', 'SRCARCH', 'CROSS_COMPILE', 'LLVM', 'LLVM_IAS', 'CC', 'LD', 'AR', 'O', 'M', 'V', 'W', 'C']);
  for (const name of Object.keys(env)) {
    if (dropped.has(name) || /^(MAKE|MFLAGS|GNUMAKEFLAGS|KBUILD_|KCONFIG_|KCFLAGS|KCPPFLAGS|KAFLAGS|INSTALL_)/.test(name)) delete env[name];
  }
  return env;
}

/**
 * Runs one command with stdout and stderr into files (the same file when stderrFile is omitted) and resolves with its exit status and time.
 * Unlike run(), a non-zero status is an answer, not a failure: the dry run is expected to stop with 2.
 */
function runLogged(command, args, { cwd, env, stdoutFile, stderrFile }) {
  return new Promise((resolve, reject) => {
    const at = performance.now();
    const out = fs.openSync(stdoutFile, 'w');
    const err = stderrFile === undefined ? out : fs.openSync(stderrFile, 'w');
    // In a process group of its own, so that an interrupted run can stop make's sub-makes too (see cleanUp in lib/corpus.mjs).
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, err], detached: true });
    child.ownGroup = true;
    running.children.add(child);
    const close = () => {
      running.children.delete(child);
      fs.closeSync(out);
      if (err !== out) fs.closeSync(err);
    };
    child.on('error', (error) => {
      close();
      reject(new Failure(error.code === 'ENOENT' ? `${command} is not installed` : `${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      close();
      resolve({ status: signal ? `signal ${signal}` : code, seconds: Number(((performance.now() - at) / 1000).toFixed(1)) });
    });
  });
}

/** Runs a step that must succeed, logging into logDir/<name>.log; resolves with its status and time for the stamp. */
async function mustSucceed(name, command, args, options) {
  const logFile = path.join(options.logDir, `${name}.log`);
  log(`${name}: ${[command, ...args].join(' ')}`);
  const result = await runLogged(command, args, { ...options, stdoutFile: logFile });
  if (result.status !== 0) {
    const text = await fsp.readFile(logFile, 'utf8').catch(() => '');
    throw new Failure(`${name} exited with status ${result.status} after ${result.seconds} s; the end of ${logFile}:\n${tail(text)}`);
  }
  log(`${name} took ${result.seconds} s`);
  return { argv: [command, ...args], ...result };
}

async function firstLine(command, args) {
  try {
    return (await run(command, args)).split('\n')[0].trim();
  } catch {
    return undefined;
  }
}

/** A hash of this script and the shell reader, so that the oracle is made again when the code that makes it changes. */
async function codeHash() {
  const here = fileURLToPath(import.meta.url);
  const texts = await Promise.all([here, path.join(path.dirname(here), 'lib', 'shell.mjs')].map((file) => fsp.readFile(file, 'utf8')));
  return sha256(texts.join('\0'));
}

// ---------------------------------------------------------------------------
// Tools.

async function dpkgInstalled(pkg) {
  try {
    return (await run('dpkg-query', ['-W', '-f', '${Status}', pkg])).trim() === 'install ok installed';
  } catch {
    return false;
  }
}

/** Installs with apt-get what modules_prepare needs and is missing; a machine that has it all runs no apt at all. */
async function ensureTools() {
  const missing = [];
  for (const tool of neededTools) {
    const present = tool.command !== undefined ? onPath(tool.command) : await dpkgInstalled(tool.pkg);
    if (!present) missing.push(tool.pkg);
  }
  if (missing.length === 0) return [];
  const installArgs = ['install', '-y', '--no-install-recommends', ...missing];
  if (!onPath('apt-get') || (typeof process.getuid === 'function' && process.getuid() !== 0)) {
    throw new Failure(`the kbuild oracle needs ${missing.join(', ')}; install them as root: apt-get ${installArgs.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const at = performance.now();
  log(`installing what modules_prepare needs: apt-get ${installArgs.join(' ')}`);
  try {
    await run('apt-get', installArgs, { env });
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    log('apt-get install failed; refreshing the package lists (apt-get update) and trying once more');
    await run('apt-get', ['update'], { env });
    await run('apt-get', installArgs, { env });
  }
  log(`installed ${missing.join(', ')} (${seconds(at)})`);
  return missing;
}

// ---------------------------------------------------------------------------
// The whole source tree.

/** Unpacks the whole linux-source tarball into dir/tree, unless tree.stamp.json says it is there; resolves with the stamp. */
async function ensureTree(dir, manifest, fetchStamp) {
  const treeDir = path.join(dir, 'tree');
  const stampFile = path.join(dir, 'tree.stamp.json');
  const stamp = await readJson(stampFile);
  if (stamp?.format === treeFormat && stamp.version === fetchStamp.version && fs.existsSync(path.join(treeDir, 'Makefile'))) {
    return stamp;
  }
  // A tree without its stamp is what an interrupted run leaves: unpack again.
  await fsp.rm(stampFile, { force: true });
  const at = performance.now();
  const tmpDir = path.join(dir, `.tmp-tree-${process.pid}`);
  running.tmpDir = tmpDir;
  await fsp.mkdir(tmpDir);
  // The source package's name carries no ABI, so a fallback release has the same one.
  const pkg = manifest.packages.source;
  const spec = `${pkg}=${fetchStamp.version}`;
  log(`downloading ${spec} for the whole source tree`);
  try {
    await run('apt-get', ['download', spec], { cwd: tmpDir });
  } catch (error) {
    if (!(error instanceof Failure) || (typeof process.getuid === 'function' && process.getuid() !== 0)) throw error;
    log('apt-get download failed; refreshing the package lists (apt-get update) and trying once more');
    await run('apt-get', ['update']);
    await run('apt-get', ['download', spec], { cwd: tmpDir });
  }
  const deb = (await fsp.readdir(tmpDir)).find((name) => name.startsWith(`${pkg}_`) && name.endsWith('.deb'));
  if (deb === undefined) throw new Failure(`apt-get download did not leave a .deb for ${pkg}`);
  const debPath = path.join(tmpDir, deb);
  const debBytes = (await fsp.stat(debPath)).size;
  log(`downloaded ${deb}, ${megabytes(debBytes)} (${seconds(at)}); unpacking the whole tree`);
  const unpackAt = performance.now();
  const tmpTree = path.join(tmpDir, 'tree');
  await fsp.mkdir(tmpTree);
  // xz -T0 decompresses the tarball's blocks in parallel; the tarball's top folder (linux-source-6.1/) is stripped.
  await pipeline([
    ['dpkg-deb', ['--fsys-tarfile', debPath]],
    ['tar', ['-xO', `./${manifest.source.tarball}`]],
    ['xz', ['-T0', '-dc']],
    ['tar', ['-x', '-C', tmpTree, '--strip-components=1']],
  ]);
  await fsp.rm(debPath);
  if (!fs.existsSync(path.join(tmpTree, 'Makefile'))) throw new Failure(`${deb} unpacked without a top Makefile`);
  const unpackSeconds = (performance.now() - unpackAt) / 1000;
  await install(tmpTree, treeDir);
  await fsp.rm(tmpDir, { recursive: true, force: true });
  running.tmpDir = undefined;
  const newStamp = {
    format: treeFormat,
    version: fetchStamp.version,
    package: spec,
    seconds: { total: Number(((performance.now() - at) / 1000).toFixed(1)), unpack: Number(unpackSeconds.toFixed(1)) },
    unpackedAt: new Date().toISOString(),
  };
  await writeAtomically(stampFile, `${JSON.stringify(newStamp, null, 2)}\n`);
  log(`the whole tree is in ${treeDir} (${seconds(at)})`);
  return newStamp;
}

// ---------------------------------------------------------------------------
// Reading kbuild's commands.

/** The object a compile command writes, its source, or undefined when argv is not `<cc> ... -c ... -o X.o SRC`. */
function compiledObject(argv) {
  if (!argv.includes('-c')) return undefined;
  const o = argv.indexOf('-o');
  if (o < 0 || !argv[o + 1]?.endsWith('.o')) return undefined;
  return { output: argv[o + 1], file: argv[o + 2] ?? argv[argv.length - 1] };
}

function linkedObject(argv) {
  if (path.basename(argv[0] ?? '') !== 'ld' || !argv.includes('-r')) return undefined;
  const o = argv.indexOf('-o');
  return o < 0 ? undefined : argv[o + 1];
}

/**
 * Reads the dry run's output: every compile, `.mod` list, `ld -r`, archive and modules.order assembly.
 * Paths are as kbuild spells them: relative to the obj dir, with sources under the absolute srctree.
 */
function readDryRun(output, objtree) {
  const compile = {};
  const links = {};
  const archives = {};
  const modulesOrderParts = {};
  const repeated = [];
  let commands = 0;
  const evaluator = new ListEvaluator(
    (file) => file.endsWith('.mod') || file === 'modules.order' || file.endsWith('/modules.order'),
    (argv) => {
      if (argv[0] === 'ar' && /c/.test(argv[1] ?? '') && argv.length > 2) archives[argv[2]] = argv.slice(3);
    },
  );
  for (const { list } of commandsOf(output)) {
    commands += 1;
    forEachSimple(list, (command) => {
      const { argv } = command;
      if (argv[0] === compiler) {
        const object = compiledObject(argv);
        if (object === undefined) return;
        if (object.output in compile) repeated.push(object.output);
        compile[object.output] = { directory: objtree, file: object.file, arguments: argv };
      }
      const linked = linkedObject(argv);
      if (linked !== undefined) links[linked] = { arguments: argv };
    });
    for (const { pipeline: commandsOfPipeline } of list.items) {
      const last = commandsOfPipeline[commandsOfPipeline.length - 1];
      const target = last.redirects.find((redirect) => redirect.op === '>')?.target;
      if (target === undefined || !(target === 'modules.order' || target.endsWith('/modules.order'))) continue;
      const first = commandsOfPipeline[0];
      const parts = [];
      const collect = (simple) => {
        if (simple.argv[0] === 'cat' || simple.argv[0] === 'echo') parts.push(...simple.argv.slice(1));
        if (simple.argv[0] === 'awk') parts.push(...simple.argv.slice(2).filter((word) => word !== '-'));
      };
      if (first.kind === 'group') forEachSimple(first.body, collect);
      else collect(first);
      modulesOrderParts[target] = parts;
    }
    evaluator.run(list);
  }
  if (repeated.length > 0) throw new Failure(`the dry run compiles these objects twice: ${repeated.slice(0, 5).join(', ')}`);
  const mods = {};
  for (const file of [...evaluator.files.keys()].filter((name) => name.endsWith('.mod')).sort()) mods[file] = evaluator.lines(file);
  for (const [linked, entry] of Object.entries(links)) {
    const inputs = entry.arguments.slice(entry.arguments.indexOf('-o') + 2).flatMap((word) => {
      if (!word.startsWith('@')) return [word];
      return evaluator.lines(word.slice(1)) ?? [word];
    });
    links[linked] = { ...entry, inputs };
  }
  return { commands, compile, mods, links, archives, modulesOrderParts, modulesOrder: evaluator.lines('modules.order') };
}

/** Reads every `.<name>.cmd` of a real build: the raw commands, the compiles (the gcc part alone) and the `ld -r` links, keyed by path relative to moduleDir. */
async function readCmdFiles(moduleDir, directory) {
  const commands = {};
  const compile = {};
  const links = {};
  const relative = (file) => (path.isAbsolute(file) ? path.relative(moduleDir, file) : file);
  const files = [];
  await walk(moduleDir, async (full, entry) => {
    if (entry.isFile() && entry.name.startsWith('.') && entry.name.endsWith('.cmd')) files.push(full);
  });
  for (const file of files.sort()) {
    const text = await fsp.readFile(file, 'utf8');
    const match = /^cmd_(\S+) := (.*)$/m.exec(text);
    if (match === null) continue;
    const [, target, command] = match;
    commands[relative(target)] = command;
    for (const { list } of commandsOf(command)) {
      forEachSimple(list, ({ argv }) => {
        const object = argv[0] === compiler ? compiledObject(argv) : undefined;
        if (object !== undefined) compile[relative(object.output)] = { directory, file: object.file, arguments: argv };
        const linked = linkedObject(argv);
        if (linked !== undefined) links[relative(linked)] = { arguments: argv };
      });
    }
  }
  return { commands, compile, links };
}

async function readLines(file) {
  return (await fsp.readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
}

// ---------------------------------------------------------------------------
// Main.

function summary(dir, stamp) {
  const c = stamp.counts;
  return [
    `  tree:         ${path.join(dir, 'tree')}`,
    `  whole tree:   ${path.join(dir, 'oracle', 'whole-tree.json')} (${c.modules} modules, ${c.mods} .mod lists, ${c.compile} compiles; modules.order ${c.modulesOrderMatchesDebian ? 'equals' : 'DIFFERS FROM'} Debian's)`,
    `  out of tree:  ${path.join(dir, 'oracle', `${ootName}.json`)} (${c.oot.compile} compiles, ${c.oot.mods} .mod lists)`,
    `  stamp:        ${path.join(dir, 'oracle', 'stamp.json')}`,
  ].join('\n');
}

async function main() {
  if (process.arch !== 'x64') throw new Failure(`the oracle builds Debian's amd64 kernel with ${compiler}; this machine is ${process.arch}`);
  const { manifest, hash } = await readManifest();
  const found = await findCompleteCache(cacheBase(), manifest, hash);
  if (found === undefined) {
    if (process.env.KBG_KERNEL_TREE) {
      log(`no fetched kernel; KBG_KERNEL_TREE is set, so the corpus tests run without the kbuild oracle`);
      return;
    }
    throw new Failure('no fetched kernel for test/corpus/manifest.json; run `node scripts/fetch-kernel.mjs` first (`npm run corpus` runs both)');
  }
  const { dir, stamp: fetchStamp } = found;
  const oracleDir = path.join(dir, 'oracle');
  const treeDir = path.join(dir, 'tree');
  const objDir = path.join(oracleDir, 'obj');
  const code = await codeHash();
  const old = await readJson(path.join(oracleDir, 'stamp.json'));
  if (
    old?.format === oracleFormat &&
    old.codeHash === code &&
    old.version === fetchStamp.version &&
    old.fetchedAt === fetchStamp.fetchedAt &&
    old.srctree === treeDir &&
    fs.existsSync(path.join(dir, 'tree.stamp.json'))
  ) {
    log(`the kbuild oracle for ${fetchStamp.version} is already in ${oracleDir}; nothing to do`);
    console.log(summary(dir, old));
    log(`done in ${seconds(startedAt)}`);
    return;
  }
  if (old !== undefined) log(`the oracle in ${oracleDir} was made by other code or for another cache; making it again`);

  await removeAbandoned(dir);
  const treeStamp = await ensureTree(dir, manifest, fetchStamp);
  const installed = await ensureTools();
  const env = makeEnvironment();
  const headersDir = path.join(dir, fetchStamp.paths.headers);
  const debianConfig = path.join(headersDir, '.config');

  // Everything below is made in place, because kbuild writes absolute paths into what it makes; the stamp, written last, marks it finished.
  await fsp.rm(oracleDir, { recursive: true, force: true });
  const logDir = path.join(oracleDir, 'logs');
  await fsp.mkdir(path.join(objDir, 'output'), { recursive: true });
  await fsp.mkdir(logDir);
  await fsp.copyFile(debianConfig, path.join(objDir, '.config'));
  const steps = {};
  const kbuild = ['-C', treeDir, `O=${objDir}`, `CC=${compiler}`];
  const options = { cwd: oracleDir, env, logDir };

  // Oracle 2: the whole tree, from a dry run (GROUND-TRUTH.md).
  steps.olddefconfig = await mustSucceed('olddefconfig', 'make', [...kbuild, 'olddefconfig'], options);
  const [ours, debians] = await Promise.all([fsp.readFile(path.join(objDir, '.config')), fsp.readFile(debianConfig)]);
  if (!ours.equals(debians)) {
    const theirs = new Set(debians.toString().split('\n'));
    const changed = ours.toString().split('\n').filter((line) => !theirs.has(line));
    throw new Failure(`olddefconfig changed Debian's .config (is ${compiler} the compiler Debian built with?); new or changed lines:\n${tail(changed.join('\n'), 10)}`);
  }
  // Debian's CONFIG_MODULE_SIG_KEY names output/signing_key.pem; a throwaway key keeps the config as it is.
  const keyFile = path.join(objDir, 'output', 'signing_key.pem');
  steps.signingKey = await mustSucceed(
    'signing-key',
    'openssl',
    ['req', '-new', '-nodes', '-utf8', '-sha512', '-days', '36500', '-batch', '-x509', '-config', path.join(treeDir, 'certs', 'default_x509.genkey'), '-outform', 'PEM', '-out', keyFile, '-keyout', keyFile],
    options,
  );
  steps.modulesPrepare = await mustSucceed('modules_prepare', 'make', [...kbuild, '-j2', 'modules_prepare'], options);
  const dryRunLog = path.join(oracleDir, 'modules.log');
  const dryRunArgs = [...kbuild, '-n', '-k', '-j1', 'modules'];
  log(`dry run: make ${dryRunArgs.join(' ')} > ${dryRunLog}`);
  const dryRun = await runLogged('make', dryRunArgs, { cwd: oracleDir, env, stdoutFile: dryRunLog, stderrFile: path.join(logDir, 'modules.err') });
  const dryRunStderr = await readLines(path.join(logDir, 'modules.err'));
  // It stops with status 2 at vmlinux.a, which needs real objects; any other status or missing rule is a broken setup.
  const unexpected = dryRunStderr.filter((line) => /No rule to make target/.test(line) && !/'vmlinux\.a'/.test(line));
  if ((dryRun.status !== 0 && dryRun.status !== 2) || unexpected.length > 0) {
    throw new Failure(`the dry run exited with status ${dryRun.status} after ${dryRun.seconds} s:\n${tail(dryRunStderr.join('\n'))}`);
  }
  steps.dryRun = { argv: ['make', ...dryRunArgs], ...dryRun };
  log(`dry run took ${dryRun.seconds} s, exit status ${dryRun.status} (2 is expected: the link after the descent needs real objects)`);

  // Oracle 1: a real out-of-tree build of net/openvswitch against the headers package.
  const ootDir = path.join(oracleDir, ootName);
  await fsp.cp(path.join(treeDir, ootDirectory), ootDir, { recursive: true });
  steps.ootBuild = await mustSucceed('oot-build', 'make', ['-C', headersDir, `M=${ootDir}`, 'modules', '-j2'], options);

  // Reading the results.
  const parseAt = performance.now();
  const parsed = readDryRun(await fsp.readFile(dryRunLog, 'utf8'), objDir);
  const debianOrder = (await readLines(path.join(dir, fetchStamp.paths.modulesDir, 'modules.order'))).map((line) => line.replace(/^kernel\//, ''));
  const modulesOrder = parsed.modulesOrder ?? [];
  const matches = modulesOrder.length === debianOrder.length && modulesOrder.every((line, index) => line === debianOrder[index]);
  if (!matches) log(`WARNING: the dry run's modules.order (${modulesOrder.length} lines) differs from Debian's (${debianOrder.length} lines)`);
  const wholeTree = {
    format: oracleFormat,
    version: fetchStamp.version,
    srctree: treeDir,
    objtree: objDir,
    dryRun: { argv: steps.dryRun.argv, cwd: oracleDir, status: dryRun.status, seconds: dryRun.seconds, commands: parsed.commands, stderr: dryRunStderr },
    modulesOrderMatchesDebian: matches,
    modulesOrder,
    modulesOrderParts: parsed.modulesOrderParts,
    mods: parsed.mods,
    links: parsed.links,
    archives: parsed.archives,
    compile: parsed.compile,
  };
  const oot = await readCmdFiles(ootDir, headersDir);
  for (const entry of Object.values(oot.links)) {
    const inputs = [];
    for (const word of entry.arguments.slice(entry.arguments.indexOf('-o') + 2)) {
      inputs.push(...(word.startsWith('@') ? await readLines(word.slice(1)) : [word]).map((file) => path.relative(ootDir, path.resolve(ootDir, file))));
    }
    entry.inputs = inputs;
  }
  const ootMods = {};
  const ootModFiles = [];
  await walk(ootDir, async (full, entry) => {
    if (entry.isFile() && entry.name.endsWith('.mod')) ootModFiles.push(full);
  });
  for (const file of ootModFiles.sort()) ootMods[path.relative(ootDir, file)] = (await readLines(file)).map((line) => path.relative(ootDir, path.resolve(ootDir, line)));
  const ootOracle = {
    format: oracleFormat,
    version: fetchStamp.version,
    source: ootDirectory,
    moduleDir: ootDir,
    headers: headersDir,
    build: { argv: steps.ootBuild.argv, status: steps.ootBuild.status, seconds: steps.ootBuild.seconds },
    modulesOrder: (await readLines(path.join(ootDir, 'modules.order'))).map((line) => path.relative(ootDir, path.resolve(ootDir, line))),
    mods: ootMods,
    links: oot.links,
    compile: oot.compile,
    commands: oot.commands,
  };
  await writeAtomically(path.join(oracleDir, 'whole-tree.json'), toJsonLines(wholeTree));
  await writeAtomically(path.join(oracleDir, `${ootName}.json`), toJsonLines(ootOracle));
  steps.parse = { seconds: Number(((performance.now() - parseAt) / 1000).toFixed(1)) };
  log(`read the dry run and the out-of-tree build (${steps.parse.seconds} s)`);

  const stamp = {
    format: oracleFormat,
    version: fetchStamp.version,
    fetchedAt: fetchStamp.fetchedAt,
    codeHash: code,
    srctree: treeDir,
    tools: {
      make: await firstLine('make', ['--version']),
      [compiler]: await firstLine(compiler, ['--version']),
      installedNow: installed,
    },
    counts: {
      modules: modulesOrder.length,
      debianModules: debianOrder.length,
      modulesOrderMatchesDebian: matches,
      mods: Object.keys(parsed.mods).length,
      compile: Object.keys(parsed.compile).length,
      links: Object.keys(parsed.links).length,
      archives: Object.keys(parsed.archives).length,
      dryRunCommands: parsed.commands,
      oot: {
        modules: ootOracle.modulesOrder.length,
        mods: Object.keys(ootMods).length,
        compile: Object.keys(oot.compile).length,
        links: Object.keys(oot.links).length,
      },
    },
    tree: treeStamp,
    steps,
    seconds: Number(((performance.now() - startedAt) / 1000).toFixed(1)),
    finishedAt: new Date().toISOString(),
  };
  // The stamp is written last: its presence is what marks the oracle finished.
  await writeAtomically(path.join(oracleDir, 'stamp.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  console.log(summary(dir, stamp));
  log(`done in ${seconds(startedAt)}`);
}

await runMain('oracle', main, 'the oracle is left unfinished (no stamp), and the next run makes it again');
