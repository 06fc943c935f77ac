/**
 * Fetches the Debian kernel packages pinned in test/corpus/manifest.json into a git-ignored cache for the corpus tests (`npm run corpus`).
 * The cache layout, the version fallback and the symlink fix-ups are described in test/corpus/README.md; test/corpus/kernel.ts finds the result.
 */

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import {
  cacheBase,
  Failure,
  findCompleteCache,
  install,
  log,
  manifestPath,
  megabytes,
  onPath,
  pipeline,
  readManifest,
  removeAbandoned,
  repoRoot,
  roles,
  run,
  runMain,
  running,
  seconds,
  stampFormat,
  stampName,
  startedAt,
  tail,
  walk,
} from './lib/corpus.mjs';

// ---------------------------------------------------------------------------
// Choosing the release and downloading it.

/** Orders Debian version strings as dpkg does (deb-version(7)): epoch, then upstream, then revision. */
function compareDebianVersions(a, b) {
  const split = (version) => {
    const colon = version.indexOf(':');
    const epoch = colon >= 0 ? Number(version.slice(0, colon)) : 0;
    const rest = colon >= 0 ? version.slice(colon + 1) : version;
    const dash = rest.lastIndexOf('-');
    return dash >= 0 ? [epoch, rest.slice(0, dash), rest.slice(dash + 1)] : [epoch, rest, ''];
  };
  const isDigit = (c) => c !== undefined && c >= '0' && c <= '9';
  const order = (c) => {
    if (c === undefined || isDigit(c)) return 0;
    if (c === '~') return -1;
    if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
    return c.charCodeAt(0) + 256;
  };
  const comparePart = (x, y) => {
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      while ((i < x.length && !isDigit(x[i])) || (j < y.length && !isDigit(y[j]))) {
        const difference = order(x[i]) - order(y[j]);
        if (difference !== 0) return difference;
        i += 1;
        j += 1;
      }
      while (x[i] === '0') i += 1;
      while (y[j] === '0') j += 1;
      let firstDifference = 0;
      while (isDigit(x[i]) && isDigit(y[j])) {
        if (firstDifference === 0) firstDifference = x.charCodeAt(i) - y.charCodeAt(j);
        i += 1;
        j += 1;
      }
      if (isDigit(x[i])) return 1;
      if (isDigit(y[j])) return -1;
      if (firstDifference !== 0) return firstDifference;
    }
    return 0;
  };
  const [ea, ua, ra] = split(a);
  const [eb, ub, rb] = split(b);
  return ea - eb || comparePart(ua, ub) || comparePart(ra, rb);
}

/** Asks apt which versions of each package it can fetch: a Map from package name to a Set of versions. */
async function aptVersions(names) {
  const out = await run('apt-cache', ['madison', ...names]);
  const versions = new Map(names.map((name) => [name, new Set()]));
  for (const line of out.split('\n')) {
    const [name, version] = line.split('|').map((field) => field.trim());
    if (name && version && versions.has(name)) versions.get(name).add(version);
  }
  return versions;
}

async function missingPackages(release) {
  const names = Object.values(release.packages);
  const versions = await aptVersions(names);
  return names.filter((name) => !versions.get(name).has(release.version));
}

async function aptUpdate() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Failure(
      "apt's package lists need refreshing, which needs root: run `apt-get update` as root, then `npm run corpus` again",
    );
  }
  const at = performance.now();
  log('refreshing apt package lists (apt-get update)');
  await run('apt-get', ['update'], { echo: true });
  log(`apt-get update done (${seconds(at)})`);
}

function pinnedRelease(manifest) {
  return { version: manifest.version, abi: manifest.abi, packages: { ...manifest.packages }, fallback: false };
}

/**
 * Finds the newest version for which every package of the manifest exists with that same version string.
 * The ABI comes from the linux-headers-<abi prefix>N-<flavour> package that has the source package's version.
 */
async function findFallback(manifest) {
  const { packages, abi, flavour } = manifest;
  const abiPrefix = abi.replace(/[0-9]+$/, '');
  const escape = (text) => text.replace(/[.+]/g, '\\$&');
  const sourceVersions = [...(await aptVersions([packages.source])).get(packages.source)];
  sourceVersions.sort((a, b) => compareDebianVersions(b, a));
  const searched = await run('apt-cache', [
    'search',
    '--names-only',
    `^linux-headers-${escape(abiPrefix)}[0-9]+-${escape(flavour)}$`,
  ]);
  const headerNames = searched
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name !== '');
  if (headerNames.length === 0) return undefined;
  const headerVersions = await aptVersions(headerNames);
  for (const version of sourceVersions) {
    // The pinned version is what failed to come down; a fallback must be another one.
    if (version === manifest.version) continue;
    const headers = headerNames.find((name) => headerVersions.get(name).has(version));
    if (headers === undefined) continue;
    const newAbi = headers.slice('linux-headers-'.length, -(flavour.length + 1));
    const release = {
      version,
      abi: newAbi,
      packages: Object.fromEntries(roles.map((role) => [role, packages[role].split(abi).join(newAbi)])),
      fallback: true,
    };
    if ((await missingPackages(release)).length === 0) return release;
  }
  return undefined;
}

/** Downloads the release's packages into debDir; resolves with a Map from role to .deb path. */
async function download(release, debDir) {
  const at = performance.now();
  const specs = roles.map((role) => `${release.packages[role]}=${release.version}`);
  // A failed earlier attempt may have left files of another version behind.
  await fsp.rm(debDir, { recursive: true, force: true });
  await fsp.mkdir(debDir);
  log(`downloading ${specs.join(' ')}`);
  await run('apt-get', ['download', ...specs], { cwd: debDir, echo: true });
  const files = await fsp.readdir(debDir);
  const debs = new Map();
  let bytes = 0;
  for (const role of roles) {
    const file = files.find((name) => name.startsWith(`${release.packages[role]}_`) && name.endsWith('.deb'));
    if (file === undefined) throw new Failure(`apt-get download did not leave a .deb for ${release.packages[role]}`);
    debs.set(role, path.join(debDir, file));
    bytes += (await fsp.stat(path.join(debDir, file))).size;
  }
  log(`downloaded ${debs.size} packages, ${megabytes(bytes)} (${seconds(at)})`);
  return debs;
}

/** Picks the pinned release if apt can fetch it, refreshing apt's lists once if needed, else the newest complete fallback. */
async function fetchDebs(manifest, debDir) {
  const pinned = pinnedRelease(manifest);
  let updated = false;
  for (;;) {
    const missing = await missingPackages(pinned);
    if (missing.length === 0) {
      try {
        return { release: pinned, debs: await download(pinned, debDir) };
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        log(`the pinned version ${pinned.version} is listed but did not download:\n${tail(error.message, 8)}`);
      }
    } else {
      log(`apt does not list version ${pinned.version} of ${missing.join(', ')}`);
    }
    if (updated) break;
    await aptUpdate();
    updated = true;
  }
  const fallback = await findFallback(manifest);
  if (fallback === undefined) {
    throw new Failure(
      `no version of ${Object.values(pinned.packages).join(', ')} (with any ${manifest.abi.replace(/[0-9]+$/, 'N')} ABI) is available from apt with one version string for all of them`,
    );
  }
  log('');
  log(`*** the pinned version ${pinned.version} (ABI ${pinned.abi}) cannot be downloaded any more;`);
  log(`*** using ${fallback.version} (ABI ${fallback.abi}) instead. Update test/corpus/manifest.json to pin it.`);
  log('');
  return { release: fallback, debs: await download(fallback, debDir) };
}

// ---------------------------------------------------------------------------
// Unpacking.

async function unpackSource(manifest, release, deb, tmpDir, sourceDir) {
  const at = performance.now();
  const tarballMember = `./${manifest.source.tarball}`;
  const tarball = path.join(tmpDir, path.basename(manifest.source.tarball));
  await pipeline([['dpkg-deb', ['--fsys-tarfile', deb]], ['tar', ['-xO', tarballMember]]], { stdoutFile: tarball });
  await fsp.rm(deb);
  // The tarball's top folder is named like the tarball, e.g. linux-source-6.1/.
  const top = path.basename(manifest.source.tarball).replace(/\.tar\.[a-z0-9]+$/, '');
  // GNU tar's inclusion wildcards let '*' match '/' and nothing, so `top*/Makefile` finds Makefiles at any depth, the top one included.
  const namePatterns = manifest.source.fileNames.map((name) => `${top}*/${name}`);
  const patterns = [...namePatterns, ...manifest.source.fullDirectories.map((dir) => `${top}/${dir}`)];
  log(`extracting Makefiles and ${manifest.source.fullDirectories.length} full directories from ${path.basename(tarball)}`);
  await fsp.mkdir(sourceDir);
  // xz -T0 decompresses the tarball's blocks in parallel, about twice as fast as tar -J on two cores.
  try {
    await pipeline([
      ['xz', ['-T0', '-dc', tarball]],
      ['tar', ['-x', '-C', sourceDir, '--strip-components=1', '--wildcards', ...patterns]],
    ]);
  } catch (error) {
    // A file-name pattern that matches nothing (a kernel without *.mk files, say) is no error; anything else is.
    const complaints = (error.stderr ?? '').split('\n').filter((line) => line.trim() !== '');
    const harmless = (line) =>
      line === 'tar: Exiting with failure status due to previous errors' ||
      namePatterns.some((pattern) => line === `tar: ${pattern}: Not found in archive`);
    if (!(error instanceof Failure) || complaints.length === 0 || !complaints.every(harmless)) throw error;
  }
  await fsp.rm(tarball);
  for (const dir of manifest.source.fullDirectories) {
    const entries = await fsp.readdir(path.join(sourceDir, dir)).catch(() => []);
    if (entries.length === 0) throw new Failure(`the source tarball has no ${dir}/ (listed in manifest source.fullDirectories)`);
  }
  log(`source extracted (${seconds(at)}), release ${release.version}`);
}

async function unpackImage(manifest, release, deb, rootDir) {
  const at = performance.now();
  const modulesMember = `./lib/modules/${release.abi}-${manifest.flavour}`;
  // Only the modules.* lists are taken out of the package, so the 4,000 .ko files are never written.
  await pipeline([
    ['dpkg-deb', ['--fsys-tarfile', deb]],
    ['tar', ['-x', '-C', rootDir, '--wildcards', `${modulesMember}/modules.*`]],
  ]);
  await fsp.rm(deb);
  const modulesDir = path.join(rootDir, modulesMember);
  const keep = new Set(manifest.image?.keep ?? ['modules.order', 'modules.builtin', 'modules.builtin.modinfo']);
  for (const name of await fsp.readdir(modulesDir)) {
    if (name.startsWith('modules.') && !keep.has(name)) await fsp.rm(path.join(modulesDir, name), { recursive: true });
  }
  for (const name of manifest.image?.require ?? ['modules.order']) {
    if (!fs.existsSync(path.join(modulesDir, name))) {
      throw new Failure(`${path.basename(deb)} has no ${modulesMember.slice(2)}/${name}`);
    }
  }
  log(`image: kept ${[...keep].filter((name) => fs.existsSync(path.join(modulesDir, name))).join(', ')} (${seconds(at)})`);
}


/**
 * Points the packages' absolute symlinks (lib/modules/<abi>/build and source) into rootDir, as relative links.
 * The headers dir's own scripts/ and tools/ links are already relative (../../lib/linux-kbuild-<series>/...), so they resolve inside rootDir as unpacked.
 */
async function relinkAbsoluteSymlinks(rootDir) {
  let count = 0;
  await walk(rootDir, async (full, entry) => {
    if (!entry.isSymbolicLink()) return;
    const target = await fsp.readlink(full);
    if (!path.isAbsolute(target)) return;
    const relative = path.relative(path.dirname(full), path.join(rootDir, target));
    await fsp.rm(full);
    await fsp.symlink(relative, full);
    count += 1;
  });
  return count;
}

async function danglingSymlinks(rootDir) {
  const dangling = [];
  await walk(rootDir, async (full, entry) => {
    if (entry.isSymbolicLink() && !fs.existsSync(full)) dangling.push(path.relative(rootDir, full));
  });
  return dangling;
}

const includeLine = /^include[ \t]+(\S*?)(\/usr\/src\/linux-headers-[^/\s]+\/Makefile)[ \t]*$/m;

/**
 * Rewrites the flavour headers Makefile's `include /usr/src/linux-headers-<abi>-common/Makefile` to the same file under rootDir.
 * The path must be absolute because kbuild runs that Makefile from other folders; so a moved cache is fixed again by the next run.
 */
async function fixHeadersInclude(headersDir, rootDir) {
  const makefile = path.join(headersDir, 'Makefile');
  const text = await fsp.readFile(makefile, 'utf8');
  const match = includeLine.exec(text);
  if (match === null) throw new Failure(`${makefile} has no \`include .../usr/src/linux-headers-*/Makefile\` line to point into the cache`);
  const wanted = `include ${rootDir}${match[2]}`;
  if (match[0] === wanted) return false;
  await fsp.writeFile(makefile, text.replace(includeLine, wanted));
  return true;
}

function matchesKernelMakefileName(name) {
  return name === 'Makefile' || name === 'Kbuild' || name === 'Kbuild.include' || name.startsWith('Makefile.') || name.endsWith('.mk');
}

async function countFiles(dir) {
  const counts = { files: 0, makefiles: 0, bytes: 0 };
  await walk(dir, async (full, entry) => {
    if (entry.isDirectory()) return;
    counts.bytes += (await fsp.lstat(full)).size;
    if (!entry.isFile()) return;
    counts.files += 1;
    if (matchesKernelMakefileName(entry.name)) counts.makefiles += 1;
  });
  return counts;
}

// ---------------------------------------------------------------------------
// Installing into place.

function describe(dir, stamp) {
  const where = (key) => path.join(dir, stamp.paths[key]);
  return [
    `  source tree:  ${where('source')} (${stamp.counts.makefiles} Makefile, Kbuild, Makefile.*, *.mk files)`,
    `  headers:      ${where('headers')}`,
    `  modules dir:  ${where('modulesDir')} (${stamp.counts.modulesOrder} modules in modules.order)`,
    `  stamp:        ${path.join(dir, stampName)}`,
  ].join('\n');
}

// ---------------------------------------------------------------------------
// Main.

function requireTools() {
  if (!onPath('apt-get') || !onPath('dpkg') || !onPath('dpkg-deb')) {
    if (process.env.KBG_KERNEL_TREE) {
      // The user pointed the tests at a tree of their own; nothing to fetch.
      console.log(`no apt-get/dpkg here; using KBG_KERNEL_TREE=${process.env.KBG_KERNEL_TREE} for the corpus tests`);
      process.exit(0);
    }
    throw new Failure(
      [
        'this machine has no apt-get/dpkg, so the pinned Debian kernel packages cannot be fetched.',
        '  For the parser corpus tests, point KBG_KERNEL_TREE at a Linux kernel source tree:',
        '      KBG_KERNEL_TREE=/path/to/linux npm test',
        '  For tests that need kbuild headers (out-of-tree builds), also set KBG_KERNEL_HEADERS=/path/to/headers',
        '  (a configured kernel build dir, e.g. /lib/modules/$(uname -r)/build).',
      ].join('\n'),
    );
  }
  for (const tool of ['apt-cache', 'tar', 'xz']) {
    if (!onPath(tool)) throw new Failure(`${tool} is not installed; on Debian: apt-get install ${tool === 'xz' ? 'xz-utils' : tool}`);
  }
}

async function main() {
  const { manifest, hash } = await readManifest();
  const base = cacheBase();
  const ready = await findCompleteCache(base, manifest, hash);
  if (ready !== undefined) {
    const { dir, stamp } = ready;
    try {
      if (await fixHeadersInclude(path.join(dir, stamp.paths.headers), path.join(dir, stamp.paths.root))) {
        log(`the cache has moved; pointed ${stamp.paths.headers}/Makefile at its new place`);
      }
    } catch (error) {
      // A read-only shared cache still serves the parser tests; only builds against its headers need the include.
      log(`warning: could not check the headers Makefile's include: ${error.message}`);
    }
    const note = stamp.fallback ? ` (fallback: the pinned ${stamp.pinnedVersion} was not downloadable when fetched)` : '';
    log(`kernel ${stamp.version} (ABI ${stamp.abi}-${stamp.flavour})${note} is already in ${dir}; nothing to do`);
    console.log(describe(dir, stamp));
    log(`done in ${seconds(startedAt)}`);
    return;
  }

  requireTools();
  await fsp.mkdir(base, { recursive: true });
  await removeAbandoned(base);
  const tmpDir = path.join(base, `.tmp-${manifest.version}-${process.pid}`);
  running.tmpDir = tmpDir;
  await fsp.mkdir(tmpDir);
  const debDir = path.join(tmpDir, 'debs');
  await fsp.mkdir(debDir);
  log(`fetching kernel ${manifest.version} (ABI ${manifest.abi}-${manifest.flavour}), pinned in ${path.relative(repoRoot, manifestPath)}`);

  const { release, debs } = await fetchDebs(manifest, debDir);
  const finalDir = path.join(base, release.version);
  const rootDir = path.join(tmpDir, 'root');
  const finalRoot = path.join(finalDir, 'root');
  const sourceDir = path.join(tmpDir, 'source');
  await fsp.mkdir(rootDir);
  if (/[\s:]/.test(finalDir)) {
    log(`warning: ${finalDir} contains a space or colon; kbuild refuses such paths, so out-of-tree builds against these headers will fail`);
  }

  await unpackSource(manifest, release, debs.get('source'), tmpDir, sourceDir);
  for (const role of ['headers', 'headersCommon', 'kbuild']) {
    const at = performance.now();
    await run('dpkg', ['-x', debs.get(role), rootDir]);
    await fsp.rm(debs.get(role));
    log(`unpacked ${release.packages[role]} (${seconds(at)})`);
  }
  await unpackImage(manifest, release, debs.get('image'), rootDir);
  await fsp.rm(debDir, { recursive: true });

  const paths = {
    source: 'source',
    root: 'root',
    headers: `root/usr/src/linux-headers-${release.abi}-${manifest.flavour}`,
    headersCommon: `root/usr/src/linux-headers-${release.abi}-common`,
    kbuild: `root/usr/lib/linux-kbuild-${manifest.series}`,
    modulesDir: `root/lib/modules/${release.abi}-${manifest.flavour}`,
  };
  const relinked = await relinkAbsoluteSymlinks(rootDir);
  // The include names the final place, which exists only after install(); check its twin under tmpDir.
  await fixHeadersInclude(path.join(tmpDir, paths.headers), finalRoot);
  if (!fs.existsSync(path.join(tmpDir, paths.headersCommon, 'Makefile'))) {
    throw new Failure(`${paths.headersCommon}/Makefile is missing after unpacking`);
  }
  const dangling = await danglingSymlinks(rootDir);
  if (dangling.length > 0) throw new Failure(`symlinks that do not resolve inside the cache:\n${tail(dangling.join('\n'), 20)}`);
  for (const link of ['scripts', 'tools']) {
    if (!fs.statSync(path.join(tmpDir, paths.headers, link)).isDirectory()) {
      throw new Failure(`${paths.headers}/${link} does not lead to linux-kbuild's folder`);
    }
  }
  log(`pointed ${relinked} absolute symlinks and the headers Makefile's include into the cache; all symlinks resolve`);

  const sourceCounts = await countFiles(sourceDir);
  const modulesOrder = (await fsp.readFile(path.join(tmpDir, paths.modulesDir, 'modules.order'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '').length;
  const stamp = {
    format: stampFormat,
    version: release.version,
    abi: release.abi,
    flavour: manifest.flavour,
    series: manifest.series,
    pinnedVersion: manifest.version,
    fallback: release.fallback,
    manifestHash: hash,
    packages: Object.fromEntries(roles.map((role) => [release.packages[role], release.version])),
    paths,
    counts: { makefiles: sourceCounts.makefiles, sourceFiles: sourceCounts.files, modulesOrder },
    fetchedAt: new Date().toISOString(),
  };
  // The stamp is written last: its presence is what marks the cache complete.
  await fsp.writeFile(path.join(tmpDir, stampName), `${JSON.stringify(stamp, null, 2)}\n`);
  await install(tmpDir, finalDir);
  running.tmpDir = undefined;

  const total = await countFiles(finalDir);
  log(`kernel ${release.version} (ABI ${release.abi}-${manifest.flavour}) is ready in ${finalDir}, ${megabytes(total.bytes)}`);
  if (release.fallback) log(`note: this is the fallback version, not the pinned ${manifest.version}`);
  console.log(describe(finalDir, stamp));
  log(`done in ${seconds(startedAt)}`);
}

await runMain('corpus', main, 'removing the partial download');
