/**
 * Generates src/eval/make/defaults.ts, GNU make 4.3's built-in variables and rules, from the data base
 * GNU make itself prints (`make -p -f /dev/null`), so that the table is GNU make's, not a transcription.
 *
 *   node scripts/gen-make-defaults.mjs          # rewrite src/eval/make/defaults.ts
 *   node scripts/gen-make-defaults.mjs --check  # fail when the file differs from what make prints
 *
 * Three data bases are read: the plain one; one with `-R`, whose missing `default` variables are the
 * built-in ones (GNU make default.c, which `-R` removes); and one whose makefile clears `.SUFFIXES`, whose
 * implicit rules are the built-in pattern rules alone (the others are suffix rules converted to
 * patterns, which depend on `.SUFFIXES` and are taken from the "Files" section instead).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'src', 'eval', 'make', 'defaults.ts');

/** Runs `make -p` with a clean environment in a scratch folder and returns its data base. */
function dataBase(dir, args) {
  const result = spawnSync('make', ['-p', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return result.stdout;
}

/** The lines of one `# Section` of a data base, up to the next section heading. */
function section(text, heading) {
  const lines = text.split('\n');
  const start = lines.indexOf(`# ${heading}`);
  if (start === -1) throw new Error(`no "# ${heading}" section in the data base`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^# (Variables|Pattern-specific Variable Values|Directories|Implicit Rules|Files|VPATH Search Paths|variable set hash-table stats:)/.test(l));
  return end === -1 ? rest : rest.slice(0, end);
}

/** The variables of a data base: name to `{ origin, flavor, value }`. */
function variables(text) {
  const out = new Map();
  const lines = section(text, 'Variables');
  for (let i = 0; i < lines.length; i++) {
    const origin = /^# (default|automatic|environment|makefile|command line|override|'override' directive|environment under -e)\b/.exec(lines[i]);
    if (!origin) continue;
    const line = lines[++i];
    if (line.startsWith('define ')) throw new Error(`a built-in variable printed as define: ${line}`);
    const m = /^(\S+) (:?=) (.*)$/.exec(line);
    if (!m) throw new Error(`unexpected variable line: ${JSON.stringify(line)}`);
    out.set(m[1], { origin: origin[1], flavor: m[2] === ':=' ? 'simple' : 'recursive', value: m[3] });
  }
  return out;
}

/**
 * Rules from a list of lines: a header `targets: prerequisites` (or `::`), comment lines, then the
 * recipe lines, each led by a tab. `keep` decides from the header and comments whether to keep a rule.
 */
function rules(lines, keep) {
  const out = [];
  let current;
  for (const line of lines) {
    if (line.startsWith('\t')) {
      if (current) current.recipe.push(line.slice(1));
      continue;
    }
    if (line === '') {
      current = undefined;
      continue;
    }
    if (line.startsWith('#')) {
      if (current) current.comments.push(line);
      continue;
    }
    const m = /^(.*?)(::?) ?(.*)$/.exec(line);
    if (!m) throw new Error(`unexpected rule line: ${JSON.stringify(line)}`);
    current = {
      targets: m[1].split(' ').filter(Boolean), doubleColon: m[2] === '::', prerequisites: m[3].split(' ').filter(Boolean),
      recipe: [], comments: [],
    };
    out.push(current);
  }
  return out.filter(keep).map(({ targets, doubleColon, prerequisites, recipe }) => ({ targets, doubleColon, prerequisites, recipe }));
}

const scratch = mkdtempSync(join(tmpdir(), 'kbg-make-defaults-'));
let text;
try {
  writeFileSync(join(scratch, 'no-suffixes.mk'), '.SUFFIXES:\n');
  const plain = dataBase(scratch, ['-f', '/dev/null']);
  const noBuiltinVariables = dataBase(scratch, ['-R', '-f', '/dev/null']);
  const noSuffixes = dataBase(scratch, ['-f', 'no-suffixes.mk']);
  const version = /^# GNU Make (\S+)/m.exec(plain)?.[1];
  if (version !== '4.3') throw new Error(`GNU make 4.3 is needed, found ${version}`);

  const all = variables(plain);
  const kept = variables(noBuiltinVariables);
  const builtin = [...all].filter(([name, v]) => v.origin === 'default' && !kept.has(name)).sort(([a], [b]) => (a < b ? -1 : 1));
  const automatic = [...all].filter(([, v]) => v.origin === 'automatic').sort(([a], [b]) => (a < b ? -1 : 1));
  const makeHost = all.get('MAKE_HOST')?.value;
  const suffixes = /^\.SUFFIXES: (.*)$/m.exec(section(plain, 'Files').join('\n'))?.[1];
  if (makeHost === undefined || suffixes === undefined) throw new Error('MAKE_HOST or .SUFFIXES missing from the data base');
  const suffixRules = rules(section(plain, 'Files'), (r) => r.comments.includes('#  Builtin rule') && r.recipe.length > 0 && r.targets.length === 1 && r.prerequisites.length === 0)
    .map((r) => ({ target: r.targets[0], recipe: r.recipe }))
    .sort((a, b) => (a.target < b.target ? -1 : 1));
  const patternRules = rules(section(noSuffixes, 'Implicit Rules'), (r) => r.targets.length > 0 && !r.targets[0].startsWith('# '));

  // TypeScript literals in the project's style: single-quoted strings, arrays with ', '.
  const json = (v) => (Array.isArray(v) ? `[${v.map(json).join(', ')}]` : `'${String(v).replace(/[\\']/g, '\\$&')}'`);
  text = [
    '/**',
    " * GNU make 4.3's built-in variables and rules (default.c), as `make -p -f /dev/null` prints them.",
    ' * Generated by scripts/gen-make-defaults.mjs: do not edit by hand, run the script.',
    ' */',
    '',
    '/** A built-in variable: origin `default` (or `automatic` for the `D`/`F` variants), as GNU make defines it. */',
    'export interface BuiltinVariable {',
    '  readonly name: string;',
    "  readonly flavor: 'recursive' | 'simple';",
    '  readonly value: string;',
    '}',
    '',
    '/** A built-in suffix rule (`.c.o`), used only while its suffixes are in `.SUFFIXES`. */',
    'export interface BuiltinSuffixRule {',
    '  readonly target: string;',
    '  readonly recipe: readonly string[];',
    '}',
    '',
    '/** A built-in pattern rule; `doubleColon` marks a terminal rule (`%:: RCS/%,v`). */',
    'export interface BuiltinPatternRule {',
    '  readonly targets: readonly string[];',
    '  readonly prerequisites: readonly string[];',
    '  readonly doubleColon: boolean;',
    '  readonly recipe: readonly string[];',
    '}',
    '',
    '/** The variables `-R` (`--no-builtin-variables`) leaves out, by name. */',
    'export const builtinVariables: readonly BuiltinVariable[] = [',
    ...builtin.map(([name, v]) => `  { name: ${json(name)}, flavor: ${json(v.flavor)}, value: ${json(v.value)} },`),
    '];',
    '',
    '/** The automatic `D` and `F` variables, defined globally in terms of `$@`, `$<`, ... (GNU make variable.c). */',
    'export const automaticVariables: readonly BuiltinVariable[] = [',
    ...automatic.map(([name, v]) => `  { name: ${json(name)}, flavor: ${json(v.flavor)}, value: ${json(v.value)} },`),
    '];',
    '',
    '/** The default `.SUFFIXES` and `SUFFIXES`, which `-r` (`--no-builtin-rules`) empties. */',
    `export const defaultSuffixes: readonly string[] = ${json(suffixes.split(' '))};`,
    '',
    '/** The built-in suffix rules, by target; `-r` leaves them out. */',
    'export const builtinSuffixRules: readonly BuiltinSuffixRule[] = [',
    ...suffixRules.map((r) => `  { target: ${json(r.target)}, recipe: ${json(r.recipe)} },`),
    '];',
    '',
    '/** The built-in pattern rules, in the order GNU make installs them after the makefiles\' own; `-r` leaves them out. */',
    'export const builtinPatternRules: readonly BuiltinPatternRule[] = [',
    ...patternRules.map((r) => `  { targets: ${json(r.targets)}, prerequisites: ${json(r.prerequisites)}, doubleColon: ${r.doubleColon}, recipe: ${json(r.recipe)} },`),
    '];',
    '',
    "/** `MAKE_HOST` of the GNU make the table was taken from. */",
    `export const makeHost = ${json(makeHost)};`,
    '',
  ].join('\n');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (process.argv.includes('--check')) {
  if (readFileSync(outfile, 'utf8') !== text) {
    console.error(`${outfile} differs from what GNU make prints; run node scripts/gen-make-defaults.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(outfile, text);
}
