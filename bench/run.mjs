/**
 * The parser benchmark harness (`npm run bench`): measures kbuild-graph against its anchors in
 * the same run, prints a table of times, ratios and the parser issue's goals, and writes
 * bench/results/latest.json. The goals are information, never a pass/fail.
 *
 * Usage: node bench/run.mjs [--only=inproc,whole,memory,startup] [--runs=N] [--no-install]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeArgs, makeEnv, makeVersion, preflight, SENTINEL, wrapperText } from './lib/gnu-make.mjs';
import { findKernelTree, listMakefiles } from './lib/kernel-tree.mjs';
import { alternate, median, peakRss, timeCommand } from './lib/measure.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const anchorsDir = path.join(benchDir, 'anchors');
const distIndex = path.join(root, 'dist', 'index.js');
const cli = path.join(root, 'bin', 'kbuild-graph.js');

/** The parser issue's goals, with the figures it quotes from its author's 2-core machine. */
const GOALS = {
  inprocRatio: 1 / 3,
  inprocMs: 170,
  wholeS: 0.3,
  peakMb: 200,
  startupRatio: 1.5,
  issue: { treeSitterMs: 522, treeSitterErrorPct: 79, regexMs: 56, makeS: 0.37 },
};

const options = parseArgs(process.argv.slice(2));
const figures = new Set(options.only ?? ['inproc', 'whole', 'memory', 'startup']);
const runs = options.runs ?? 5;

const machine = {
  cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  make: makeVersion(),
};
console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GiB, ${machine.os}`);
console.log(`node ${machine.node}; ${machine.make ?? 'GNU make: not found'}`);

const found = findKernelTree(root);
if (!found.root) {
  console.log(`no kernel tree found (tried: ${found.tried.join('; ')}).`);
  console.log('Run `npm run corpus`, or set KBG_KERNEL_TREE to a kernel source tree.');
  process.exit(1);
}
const tree = found.root;
const sets = listMakefiles(tree);
console.log(`kernel tree: ${tree} (${found.source})`);
console.log(`files: ${sets.kbuild.length} named Makefile or Kbuild; ${sets.all.length} makefiles in all (Makefile, Kbuild, Makefile.*, Kbuild.include, *.mk)`);
console.log(`ours: dist/index.js ${existsSync(distIndex) ? 'present' : 'not built'}, bin/kbuild-graph.js ${existsSync(cli) ? 'present' : 'not built'}`);
console.log('');

const anchors = options.noInstall ? { ok: existsSync(path.join(anchorsDir, 'node_modules')), reason: 'not installed (--no-install)' } : ensureAnchors();
const results = {
  schema: 1,
  date: new Date().toISOString(),
  machine,
  tree: { root: tree, source: found.source, files: { kbuild: sets.kbuild.length, all: sets.all.length } },
  runs,
  goals: GOALS,
  figures: {},
};

if (figures.has('inproc')) results.figures.inproc = benchInProcess();
if (figures.has('whole') || figures.has('memory')) results.figures.whole = benchWholeProcess(figures.has('whole'), figures.has('memory'));
if (figures.has('startup')) results.figures.startup = benchStartup();

printTable(results);
const out = path.join(benchDir, 'results', 'latest.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten: ${path.relative(root, out)}`);

/** Installs bench/anchors' locked dependencies when they are missing. Never throws. */
function ensureAnchors() {
  const need = ['tree-sitter', 'tree-sitter-make'].filter((p) => !existsSync(path.join(anchorsDir, 'node_modules', p, 'package.json')));
  if (need.length === 0) return { ok: true };
  console.log('installing the anchors: npm ci --prefix bench/anchors (native addons; a prebuilt binary or node-gyp)');
  const r = spawnSync('npm', ['ci', '--prefix', anchorsDir, '--no-audit', '--no-fund'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : lastLines(`${r.stderr}\n${r.stdout}`, 6);
    console.log(`anchor install failed, tree-sitter-make figures are skipped:\n${indent(why)}`);
    return { ok: false, reason: `npm ci --prefix bench/anchors failed: ${r.error ? r.error.message : lastLines(r.stderr, 1)}` };
  }
  return { ok: true };
}

/**
 * Figure a: our parser, tree-sitter-make and the regex read loop. Each file set gets its own child
 * process, so neither set profits from JIT warm-up done on the other.
 */
function benchInProcess() {
  console.log(`in-process parse: ${runs} timed passes per approach and file set, after a warm-up pass...`);
  const parts = ['ours', 'regex'];
  if (anchors.ok) parts.push('tree-sitter');
  const merged = { approaches: {}, sets: {} };
  for (const setName of Object.keys(sets)) {
    let r = runInProc(parts, setName);
    if (!r.ok && parts.includes('tree-sitter')) {
      // A native addon that crashes must not take our figures with it: measure it on its own.
      console.log(`  the combined run failed (${r.reason}); measuring tree-sitter in a separate process`);
      const ts = runInProc(['tree-sitter'], setName);
      r = runInProc(['ours', 'regex'], setName);
      if (r.ok) {
        r.value.approaches['tree-sitter'] = ts.ok ? ts.value.approaches['tree-sitter'] : { ok: false, reason: ts.reason };
        if (ts.ok) Object.assign(r.value.sets[setName], ts.value.sets[setName]);
      }
    }
    if (!r.ok) return { error: r.reason };
    Object.assign(merged.approaches, r.value.approaches);
    merged.sets[setName] = r.value.sets[setName];
  }
  if (!anchors.ok) merged.approaches['tree-sitter'] = { ok: false, reason: anchors.reason };
  return merged;
}

function runInProc(parts, setName) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kbg-bench-'));
  try {
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ tree, sets: { [setName]: sets[setName] }, parts, runs, distIndex, anchorsDir }));
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(benchDir, 'inproc.mjs'), config], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = (r.stdout ?? '').trim().split('\n').pop();
    if (r.status === 0 && line) return { ok: true, value: JSON.parse(line) };
    return { ok: false, reason: r.signal ? `killed by ${r.signal}` : `exit ${r.status}: ${lastLines(r.stderr ?? '', 3)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Figures b and c: `kbuild-graph parse --stats` as a whole process, on the Makefile/Kbuild list
 * and on the tree root, against one GNU make process reading the same Makefile/Kbuild files.
 */
function benchWholeProcess(timing, memory) {
  const out = { ours: {}, make: {} };
  const work = mkdtempSync(path.join(os.tmpdir(), 'kbg-bench-make-'));
  try {
    // Ours, on exactly the Makefile/Kbuild files (relative paths, run from the tree root), and
    // on the tree root, where the CLI picks the files itself.
    const oursRuns = {
      kbuild: { args: [cli, 'parse', '--stats', ...sets.kbuild], covers: `the ${sets.kbuild.length} Makefile/Kbuild files, listed on the command line` },
      tree: { args: [cli, 'parse', '--stats', '.'], covers: `the tree root: every makefile the CLI finds (${sets.all.length} by the bench's count)` },
    };
    const oursBuilt = existsSync(cli);

    let make = { ok: false, reason: 'GNU make not found' };
    if (machine.make) {
      console.log('GNU make: finding the files that stop make when all are read in one process...');
      const pf = preflight(tree, sets.kbuild, work);
      const wrapper = path.join(work, 'all.mk');
      writeFileSync(wrapper, wrapperText(tree, pf.included, path.join(work, 'sandbox'), false));
      make = {
        ok: pf.ok,
        reason: pf.reason,
        wrapper,
        sandbox: path.join(work, 'sandbox'),
        files: pf.included.length,
        excluded: pf.excluded,
        preflightRuns: pf.runs,
      };
      out.make = {
        command: `make ${makeArgs('<wrapper>').join(' ')} (cwd: empty sandbox)`,
        filesRead: pf.included.length,
        excluded: pf.excluded,
        preflightRuns: pf.runs,
        ok: pf.ok,
        ...(pf.ok ? {} : { reason: pf.reason }),
      };
    } else {
      out.make = { ok: false, reason: make.reason };
    }

    const runMake = () => {
      const r = timeCommand('make', makeArgs(make.wrapper), { cwd: make.sandbox, env: makeEnv() });
      return { ms: r.ms, status: r.status, readAll: r.stderr.includes(SENTINEL), stderrLines: r.stderr.split('\n').length - 1 };
    };
    const runOurs = (which) => () => {
      const r = timeCommand(process.execPath, oursRuns[which].args, { cwd: tree });
      return { ms: r.ms, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
    };

    if (timing) {
      console.log(`whole-process: ${runs} runs each, alternating, after a warm-up run...`);
      // The Makefile/Kbuild list, alternating with GNU make on the same files.
      const k = alternate(oursBuilt ? runOurs('kbuild') : null, make.ok ? runMake : null, runs);
      out.ours.kbuild = oursBuilt ? summarizeOurs(k.a, oursRuns.kbuild.covers) : { notBuilt: true, covers: oursRuns.kbuild.covers };
      if (make.ok) {
        Object.assign(out.make, {
          samplesMs: k.b.map((x) => x.ms),
          medianMs: median(k.b.map((x) => x.ms)),
          exitStatus: k.b[0].status,
          exitStatusNote: `2 is expected: the wrapper ends with $(error ${SENTINEL})`,
          readAllFiles: k.b.every((x) => x.readAll),
          stderrLines: k.b[0].stderrLines,
        });
      }
      const t = alternate(oursBuilt ? runOurs('tree') : null, null, runs);
      out.ours.tree = oursBuilt ? summarizeOurs(t.a, oursRuns.tree.covers) : { notBuilt: true, covers: oursRuns.tree.covers };
    }

    if (memory) {
      console.log('peak memory: one run each...');
      out.memory = {};
      if (oursBuilt) {
        for (const which of ['kbuild', 'tree']) {
          const m = peakRss(process.execPath, oursRuns[which].args, { cwd: tree, isNode: true });
          const failed = failure(m);
          out.memory[which] = failed ? { failed, method: m.method } : { kb: m.kb, method: m.method, status: m.status };
        }
      } else {
        out.memory.kbuild = { notBuilt: true };
        out.memory.tree = { notBuilt: true };
      }
      if (make.ok) {
        const m = peakRss('make', makeArgs(make.wrapper), { cwd: make.sandbox, env: makeEnv() });
        out.memory.make = { kb: m.kb, method: m.method, status: m.status };
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

function summarizeOurs(samples, covers) {
  const failed = samples.map(failure).find((x) => x !== null);
  if (failed) return { covers, failed };
  const ms = samples.map((x) => x.ms);
  const last = samples[samples.length - 1];
  return { covers, samplesMs: ms, medianMs: median(ms), exitStatus: last.status, statsOutput: lastLines(last.stdout, 15) };
}

/**
 * Why a run of our CLI failed, or null. A non-zero exit with output is not a failure: the CLI may
 * exit 1 because a file has diagnostics (the tree root holds a Perl Makefile.PL, for one).
 */
function failure(r) {
  if (r.signal) return `killed by ${r.signal}`;
  if (r.status !== 0 && r.stdout.trim() === '') return `exit ${r.status}: ${lastLines(r.stderr, 2)}`;
  return null;
}

/** Figure d: `kbuild-graph --version` against `node -e 0`. */
function benchStartup() {
  const n = Math.max(runs, 20);
  console.log(`startup: ${n} runs each, alternating, after 3 warm-up runs...`);
  const oursBuilt = existsSync(cli);
  const node = () => timeCommand(process.execPath, ['-e', '0']).ms;
  const ours = () => {
    const r = timeCommand(process.execPath, [cli, '--version']);
    return r.status === 0 ? r.ms : NaN;
  };
  const s = alternate(oursBuilt ? ours : null, node, n, 3);
  const out = { node: { samplesMs: s.b, medianMs: median(s.b) } };
  if (!oursBuilt) out.ours = { notBuilt: true };
  else if (s.a.some(Number.isNaN)) out.ours = { failed: '`kbuild-graph --version` exited non-zero' };
  else out.ours = { samplesMs: s.a, medianMs: median(s.a) };
  return out;
}

/** Prints the summary table: our time, the anchor's, the ratio, the goal and whether it is met. */
function printTable(res) {
  const rows = [];
  const f = res.figures;
  if (f.inproc) {
    if (f.inproc.error) rows.push(['in-process parse', `failed: ${f.inproc.error}`, '', '', '', '']);
    else {
      for (const [setName, label] of [['kbuild', `${res.tree.files.kbuild} Makefile/Kbuild`], ['all', `all ${res.tree.files.all} makefiles`]]) {
        const s = f.inproc.sets[setName];
        const ours = s.ours;
        const ts = s['tree-sitter'];
        const rx = s.regex;
        const oursCell = cellMs(ours, f.inproc.approaches.ours);
        const tsCell = ts?.medianMs !== undefined ? `tree-sitter-make ${ms(ts.medianMs)}` : ts?.failed ? 'tree-sitter-make: failed (see below)' : 'tree-sitter-make: skipped (see below)';
        const ratio = ours?.medianMs !== undefined && ts?.medianMs !== undefined ? ours.medianMs / ts.medianMs : undefined;
        const goal = setName === 'kbuild' ? `≤ ${fmtRatio(GOALS.inprocRatio)} and ≤ ${GOALS.inprocMs} ms` : `≤ ${fmtRatio(GOALS.inprocRatio)}`;
        const metRatio = ratio === undefined ? '—' : yes(ratio <= GOALS.inprocRatio);
        const metAbs = ours?.medianMs === undefined ? '—' : yes(ours.medianMs <= GOALS.inprocMs);
        const met = setName === 'kbuild' ? `${metRatio} / ${metAbs}` : metRatio;
        rows.push([`parse in-process, ${label}`, oursCell, tsCell, fmtRatio(ratio), goal, met]);
        if (ts?.filesWithErrorNode !== undefined) {
          const n = setName === 'kbuild' ? res.tree.files.kbuild : res.tree.files.all;
          const ourDiag = ours?.filesWithDiagnostics;
          rows.push([
            '  files with parse errors',
            ourDiag === undefined || ourDiag === null ? '—' : `${ourDiag} (${pct(ourDiag, n)})`,
            `ERROR nodes: ${ts.filesWithErrorNode} (${pct(ts.filesWithErrorNode, n)}); ERROR or MISSING: ${ts.filesWithErrorOrMissing} (${pct(ts.filesWithErrorOrMissing, n)})`,
            '',
            setName === 'kbuild' ? '0 (corpus test)' : '',
            '',
          ]);
        }
        if (rx?.medianMs !== undefined) {
          rows.push(['  reference: read + regex split', '', `${ms(rx.medianMs)} (timed with the reads)`, ours?.medianMs !== undefined ? fmtRatio(ours.medianMs / rx.medianMs) : '—', '', '']);
        }
      }
    }
  }
  if (f.whole && (f.whole.ours.kbuild || f.whole.ours.tree)) {
    const m = f.whole.make;
    const makeCell = m.medianMs !== undefined ? `GNU make ${sec(m.medianMs)} (${m.filesRead} files)` : `GNU make: ${m.reason ?? 'skipped'}`;
    for (const which of ['kbuild', 'tree']) {
      const o = f.whole.ours[which];
      if (!o) continue;
      const ratio = o.medianMs !== undefined && m.medianMs !== undefined ? o.medianMs / m.medianMs : undefined;
      const label = which === 'kbuild' ? `whole-process parse, ${res.tree.files.kbuild} Makefile/Kbuild` : 'whole-process parse, tree root';
      rows.push([label, o.notBuilt ? 'not built' : o.failed ? `failed: ${o.failed}` : sec(o.medianMs), which === 'kbuild' ? makeCell : '', fmtRatio(ratio), `≤ ${GOALS.wholeS} s`, o.medianMs === undefined || o.failed ? '—' : yes(o.medianMs <= GOALS.wholeS * 1000)]);
    }
  }
  if (f.whole?.memory) {
    const mem = f.whole.memory;
    for (const which of ['kbuild', 'tree']) {
      const o = mem[which];
      const cellOurs = o.notBuilt ? 'not built' : o.failed ? `failed: ${o.failed}` : o.kb === null ? `unknown (${o.method})` : mb(o.kb);
      const cellMake = which === 'kbuild' && mem.make?.kb ? `GNU make ${mb(mem.make.kb)}` : '';
      rows.push([`peak RSS, ${which === 'kbuild' ? 'Makefile/Kbuild list' : 'tree root'}`, cellOurs, cellMake, '', `< ${GOALS.peakMb} MB`, o.kb ? yes(o.kb / 1024 < GOALS.peakMb) : '—']);
    }
  }
  if (f.startup) {
    const s = f.startup;
    const ratio = s.ours.medianMs !== undefined ? s.ours.medianMs / s.node.medianMs : undefined;
    rows.push(['startup, kbuild-graph --version', s.ours.notBuilt ? 'not built' : s.ours.failed ? `failed: ${s.ours.failed}` : ms(s.ours.medianMs), `node -e 0 ${ms(s.node.medianMs)}`, fmtRatio(ratio), `≤ ${GOALS.startupRatio}×`, ratio === undefined ? '—' : yes(ratio <= GOALS.startupRatio)]);
  }
  console.log('');
  printRows(['figure', 'ours', 'anchor', 'ratio', 'goal', 'met'], rows);
  const startupNote = f.startup ? ` (startup: ${Math.max(runs, 20)})` : '';
  console.log(`\nmedian of ${runs}${startupNote} after warm-up; ratio = ours / anchor; "met" is information, not a test.`);
  console.log(`the issue quotes, from its 2-core machine: tree-sitter-make ${GOALS.issue.treeSitterMs} ms (${GOALS.issue.treeSitterErrorPct}% of files with ERROR nodes), regex loop ${GOALS.issue.regexMs} ms, GNU make ${GOALS.issue.makeS} s.`);
  const ts = f.inproc?.approaches?.['tree-sitter'];
  if (ts && !ts.ok) console.log(`tree-sitter-make was skipped: ${ts.reason}`);
  for (const [setName, s] of Object.entries(f.inproc?.sets ?? {})) {
    for (const [name, r] of Object.entries(s)) if (r.failed) console.log(`${name} failed on the ${setName} set: ${r.failed}`);
  }
  const m = f.whole?.make;
  if (m && m.ok === false) console.log(`GNU make was skipped: ${m.reason}`);
  if (m?.excluded?.length) {
    console.log(`GNU make read ${m.filesRead} of ${res.tree.files.kbuild} files; ${m.excluded.length} stop make when all share one process and were left out:`);
    for (const e of m.excluded) console.log(`  ${e.file}: ${e.error.replace(/^.*?\*\*\* /, '')}`);
  }
  if (m?.readAllFiles === false) console.log('warning: in some timed runs GNU make did not reach the end of the wrapper.');
}

function printRows(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

function cellMs(r, approach) {
  if (approach && !approach.ok) return approach.reason.startsWith('not built') ? 'not built' : `skipped: ${approach.reason}`;
  if (!r) return '—';
  if (r.failed) return `failed: ${r.failed}`;
  return ms(r.medianMs);
}

function parseArgs(argv) {
  const o = {};
  for (const a of argv) {
    if (a.startsWith('--only=')) o.only = a.slice(7).split(',').filter(Boolean);
    else if (a.startsWith('--runs=')) o.runs = Math.max(1, Number.parseInt(a.slice(7), 10) || 5);
    else if (a === '--no-install') o.noInstall = true;
    else {
      console.log(`unknown option ${a}\nusage: node bench/run.mjs [--only=inproc,whole,memory,startup] [--runs=N] [--no-install]`);
      process.exit(2);
    }
  }
  return o;
}

function ms(v) {
  return `${v.toFixed(1)} ms`;
}

function sec(v) {
  return `${(v / 1000).toFixed(3)} s`;
}

function mb(kb) {
  return `${(kb / 1024).toFixed(1)} MB`;
}

function pct(n, total) {
  return `${((100 * n) / total).toFixed(1)}%`;
}

function fmtRatio(r) {
  return r === undefined || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}×`;
}

function yes(b) {
  return b ? 'yes' : 'no';
}

function lastLines(text, n) {
  return String(text ?? '').trim().split('\n').slice(-n).join('\n');
}

function indent(text) {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
