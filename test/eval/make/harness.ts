/**
 * The differential harness: runs one makefile through GNU make and through `kbuild-graph make` with the
 * same arguments, environment and folder, and returns both results for comparison.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { main } from '../../../src/cli/index.js';

/** What one run printed and how it ended. */
export interface MakeRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/**
 * With `KBG_DIFF_SELF=1` both sides run GNU make: that checks the harness and that every case is
 * deterministic, without involving our engine.
 */
export const selfMode = process.env.KBG_DIFF_SELF === '1';

/**
 * The whole environment both sides see. `PATH` is inherited so that `make` and `sh` are found; no case
 * may print it. `KBG_TEST_ENV` gives the cases a variable of origin `environment`.
 */
export const fixedEnv: Readonly<Record<string, string>> = Object.freeze({
  PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  HOME: '/nonexistent',
  LANG: 'C',
  KBG_TEST_ENV: 'from-env',
});

/**
 * The arguments that come before a case's own: `--no-print-directory` keeps sub-makes from printing
 * their absolute directory. `-s` is deliberately absent, so "Nothing to be done" and friends are compared
 * too; `-n` prints recipes whether or not `-s` is given, and a case may still ask for `-s` itself.
 */
export const commonArgs: readonly string[] = ['--no-print-directory'];

/** Runs GNU make (the reference) with `args` in `cwd`, killing it after `timeoutMs`. */
export function runGnuMake(cwd: string, args: readonly string[], timeoutMs = 20000): MakeRun {
  const result = spawnSync('make', [...args], {
    cwd,
    env: { ...fixedEnv },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (result.error) throw result.error;
  // A signal (timeout) leaves status null; -1 can never equal a real exit status.
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

/** Runs our engine in-process as `kbuild-graph make ...args` in `cwd`. */
export async function runKbuildGraphMake(cwd: string, args: readonly string[]): Promise<MakeRun> {
  let stdout = '';
  let stderr = '';
  // The differential cases may run commands, as GNU make does: allow the shell.
  const status = await main(['make', '--allow-shell', ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    env: { ...fixedEnv },
  });
  return { stdout, stderr, status };
}

/** "Ours": our engine, or GNU make again in `KBG_DIFF_SELF=1` mode. */
export async function runOurs(cwd: string, args: readonly string[], timeoutMs?: number): Promise<MakeRun> {
  return selfMode ? runGnuMake(cwd, args, timeoutMs) : runKbuildGraphMake(cwd, args);
}

/** What a case's leading `#` lines say. */
export interface CaseHeader {
  /** Extra make arguments from `# args: ...`, split like a shell would (quotes, no expansion). */
  readonly args: readonly string[];
  /** The reason from `# TODO(reason)`: our engine is known to get this case wrong. */
  readonly todo: string | undefined;
}

/** Reads `# args:` and `# TODO(...)` from the comment lines at the top of a case. */
export function parseHeader(text: string): CaseHeader {
  let args: string[] = [];
  let todo: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const argsMatch = /^#\s*args:(.*)$/.exec(line);
    if (argsMatch) args = splitArgs(argsMatch[1] ?? '');
    const todoMatch = /^#\s*TODO\((.*)\)\s*$/.exec(line);
    if (todoMatch) todo = todoMatch[1] ?? '';
  }
  return { args, todo };
}

/**
 * Splits `text` into words the way `sh` would for plain words and '...' or "..." quotes (a backslash
 * escapes the next character outside single quotes); there is no expansion of any kind.
 */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} in "# args:${text}"`);
  if (inWord) words.push(word);
  return words;
}

/** One `.mk` case: its topic (folder relative to the cases root, with `/`), folder, file name. */
export interface MakeCase {
  readonly topic: string;
  readonly dir: string;
  readonly file: string;
}

/** Every `*.mk` under `root`, sorted by topic and name. Other files (`*.inc`, data) are not cases. */
export function listCases(root: string): MakeCase[] {
  const cases: MakeCase[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.mk')) {
        cases.push({ topic: relative(root, dir).split(sep).join('/'), dir, file: entry.name });
      }
    }
  };
  walk(root);
  return cases.sort((a, b) => (a.topic === b.topic ? cmp(a.file, b.file) : cmp(a.topic, b.topic)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
