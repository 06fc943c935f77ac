/**
 * GNU make's command line: options (`-C`, `-f`, `-I`, `-n`, `-s`, grouped letters like `-rR`),
 * `VAR=VALUE` definitions and goals. Used by the CLI and by recursive `$(MAKE)` lines.
 */

/** What a make command line says. */
export interface MakeArgs {
  directories: string[];
  makefiles: string[];
  includeDirs: string[];
  commandLine: [string, string][];
  goals: string[];
  dryRun: boolean;
  silent: boolean;
  printDirectory: boolean | undefined;
  allowShell: boolean;
  version: '4.3' | '4.4';
  /** Single-letter flags without arguments, in order (for `MAKEFLAGS`). */
  letters: string;
  /** Long options that go into `MAKEFLAGS` (`--no-print-directory`; `--include-dir` is in `includeDirs`). */
  longOptions: string[];
}

/** Options that take an argument, joined (`-fFILE`) or separate (`-f FILE`). */
const withArgument = new Set(['C', 'f', 'I', 'j', 'l', 'o', 'W', 'E']);

/** Parses a make command line; a string is an error message (GNU make's wording). */
export function parseMakeArgs(argv: readonly string[]): MakeArgs | string {
  const a: MakeArgs = {
    directories: [], makefiles: [], includeDirs: [], commandLine: [], goals: [], dryRun: false, silent: false,
    printDirectory: undefined, allowShell: false, version: '4.3', letters: '', longOptions: [],
  };
  const letter = (c: string): void => {
    if (!a.letters.includes(c)) a.letters += c;
  };
  const take = (opt: string, value: string): void => {
    if (opt === 'C') a.directories.push(value);
    else if (opt === 'f') a.makefiles.push(value);
    else if (opt === 'I') a.includeDirs.push(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      a.goals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq === -1 ? undefined : arg.slice(eq + 1);
      switch (name) {
        case 'allow-shell': a.allowShell = true; break;
        case 'make-version':
          if (inline !== '4.3' && inline !== '4.4') return "option '--make-version' takes 4.3 or 4.4";
          a.version = inline;
          break;
        case 'dry-run': case 'just-print': case 'recon': a.dryRun = true; letter('n'); break;
        case 'silent': case 'quiet': a.silent = true; letter('s'); break;
        case 'no-print-directory': a.printDirectory = false; a.longOptions.push(arg); break;
        case 'print-directory': a.printDirectory = true; letter('w'); break;
        case 'directory': take('C', inline ?? argv[++i] ?? ''); break;
        case 'file': case 'makefile': take('f', inline ?? argv[++i] ?? ''); break;
        case 'include-dir': take('I', inline ?? argv[++i] ?? ''); break;
        case 'no-builtin-rules': letter('r'); break;
        case 'no-builtin-variables': letter('R'); break;
        case 'keep-going': letter('k'); break;
        case 'jobs': case 'warn-undefined-variables': break;
        default: return `unrecognized option '${arg}'`;
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const c = arg[k];
        if (withArgument.has(c)) {
          const value = k + 1 < arg.length ? arg.slice(k + 1) : argv[++i];
          if (value === undefined) return `option requires an argument -- '${c}'`;
          take(c, value);
          break;
        }
        switch (c) {
          case 'n': a.dryRun = true; break;
          case 's': a.silent = true; break;
          case 'w': a.printDirectory = true; break;
          case 'r': case 'R': case 'k': case 'B': case 'e': case 'i': break;
          default: return `invalid option -- '${c}'`;
        }
        letter(c);
      }
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      a.commandLine.push([arg.slice(0, eq), arg.slice(eq + 1)]);
      continue;
    }
    a.goals.push(arg);
  }
  return a;
}

/** Splits a shell command into words: blanks separate, quotes group, backslash escapes. */
export function shellWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word += command.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\' && j + 1 < command.length) j++;
        word += command[j];
      }
      if (j >= command.length) return undefined;
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      // Backslash-newline joins lines and is no part of a word.
      if (command[i + 1] !== '\n') {
        word += command[i + 1];
        inWord = true;
      }
      i++;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (';&|<>()`$'.includes(c)) {
      // Shell syntax the sub-make reader does not model.
      return undefined;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
