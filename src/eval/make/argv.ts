/**
 * GNU make's command line and `MAKEFLAGS`: options (`-C`, `-f`, `-I`, `-n`, grouped letters like `-rR`),
 * `VAR=VALUE` definitions and goals, and the switch text GNU make's `define_makeflags` writes back.
 */

/** What a make command line says. */
export interface MakeArgs {
  directories: string[];
  makefiles: string[];
  includeDirs: string[];
  /**
   * `VAR=VALUE` arguments in order, split at the first `=`: the left part keeps the operator's other
   * characters (`a+` for `a+=x`, `a:` for `a:=x`); `commandLineAssignment` reads it.
   */
  commandLine: [string, string][];
  goals: string[];
  dryRun: boolean;
  silent: boolean;
  printDirectory: boolean | undefined;
  allowShell: boolean;
  /** `--shell-cache=FILE`: where `$(shell)` results are kept between runs (kbuild-graph's own option). */
  shellCache: string | undefined;
  version: '4.3' | '4.4';
  /** The single-letter flags that are on, each once (for `MAKEFLAGS`; `formatMakeflags` orders them). */
  letters: string;
  /** Long options without a letter that go into `MAKEFLAGS` (`--no-print-directory`, `--trace`, ...). */
  longOptions: string[];
}

/** Options that need an argument, joined (`-fFILE`) or separate (`-f FILE`). */
const withArgument = new Set(['C', 'f', 'I', 'o', 'W', 'E']);

/** Options whose argument is optional (GNU make: `-j [N]`, `-l [N]`, `-O[TYPE]`). */
const optionalArgument = new Set(['j', 'l', 'O']);

/** Flags without an argument, as GNU make 4.3's switch table has them; `b` and `m` are ignored. */
const flagLetters = new Set(['b', 'B', 'd', 'e', 'i', 'k', 'L', 'm', 'n', 'q', 'r', 'R', 's', 'S', 't', 'w']);

/** Long names of the single-letter flags. */
const longFlags: ReadonlyMap<string, string> = new Map([
  ['always-make', 'B'], ['environment-overrides', 'e'], ['ignore-errors', 'i'], ['keep-going', 'k'],
  ['check-symlink-times', 'L'], ['just-print', 'n'], ['dry-run', 'n'], ['recon', 'n'], ['question', 'q'],
  ['no-builtin-rules', 'r'], ['no-builtin-variables', 'R'], ['silent', 's'], ['quiet', 's'], ['no-keep-going', 'S'],
  ['stop', 'S'], ['touch', 't'], ['print-directory', 'w'],
]);

/** Long names of the options that take an argument. */
const longWithArgument: ReadonlyMap<string, string> = new Map([
  ['directory', 'C'], ['file', 'f'], ['makefile', 'f'], ['include-dir', 'I'], ['old-file', 'o'], ['assume-old', 'o'],
  ['what-if', 'W'], ['new-file', 'W'], ['assume-new', 'W'], ['eval', 'E'],
]);

/**
 * Long options without a letter that `MAKEFLAGS` carries, in the order of GNU make 4.3's switch table
 * (which is the order `define_makeflags` writes them).
 */
const makeflagsLongOptions = ['--trace', '--no-print-directory', '--warn-undefined-variables'];

/** Long options that are accepted and not passed on (`--debug`, `--jobs`, ...). */
const ignoredLongOptions = new Set(['debug', 'jobs', 'load-average', 'max-load', 'output-sync']);

/**
 * Parses a make command line; a string is an error message (GNU make's wording). With `fromMakeflags`
 * the words come from a `MAKEFLAGS` value: GNU make's `decode_env_switches` ignores unknown options and
 * words that are neither options nor variable definitions there.
 */
export function parseMakeArgs(argv: readonly string[], fromMakeflags = false): MakeArgs | string {
  const a: MakeArgs = {
    directories: [], makefiles: [], includeDirs: [], commandLine: [], goals: [], dryRun: false, silent: false,
    printDirectory: undefined, allowShell: false, shellCache: undefined, version: '4.3', letters: '', longOptions: [],
  };
  const flag = (c: string): void => {
    // `-S` turns `-k` off again (a flag_off switch in GNU make's table).
    if (c === 'S') a.letters = a.letters.replace('k', '');
    else if (c !== 'b' && c !== 'm' && !a.letters.includes(c)) a.letters += c;
    if (c === 'n') a.dryRun = true;
    else if (c === 's') a.silent = true;
    else if (c === 'w') a.printDirectory = true;
  };
  const longOption = (name: string): void => {
    if (name === '--no-print-directory') a.printDirectory = false;
    if (!a.longOptions.includes(name)) a.longOptions.push(name);
  };
  const take = (opt: string, value: string): string | undefined => {
    if (value === '') return `the '-${opt}' option requires a non-empty string argument`;
    if (opt === 'C') a.directories.push(value);
    else if (opt === 'f') a.makefiles.push(value);
    else if (opt === 'I') a.includeDirs.push(value);
    return undefined;
  };
  const nonSwitch = (arg: string): string | undefined => {
    // GNU make ignores a lone `-` for compatibility.
    if (arg === '-') return undefined;
    const split = splitDefinition(arg);
    if (split !== undefined) a.commandLine.push(split);
    else if (fromMakeflags) return undefined;
    else if (arg === '') return '*** empty string invalid as file name.  Stop.';
    else a.goals.push(arg);
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      // After `--` no word is an option, but definitions are still definitions (GNU make main.c).
      for (const rest of argv.slice(i + 1)) {
        const problem = nonSwitch(rest);
        if (problem !== undefined) return problem;
      }
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq === -1 ? undefined : arg.slice(eq + 1);
      const letter = longFlags.get(name);
      const argumentOption = longWithArgument.get(name);
      if (letter !== undefined) flag(letter);
      else if (argumentOption !== undefined) {
        const value = inline ?? argv[++i];
        if (value === undefined) {
          if (fromMakeflags) continue;
          return `option '--${name}' requires an argument`;
        }
        const problem = take(argumentOption, value);
        if (problem !== undefined) return problem;
      } else if (name === 'allow-shell') a.allowShell = true;
      else if (name === 'shell-cache') {
        const file = inline ?? argv[++i];
        if (file === undefined || file === '') return "option '--shell-cache' requires a file name";
        a.shellCache = file;
      }
      else if (name === 'make-version') {
        if (inline !== '4.3' && inline !== '4.4') return "option '--make-version' takes 4.3 or 4.4";
        a.version = inline;
      } else if (name === 'no-silent') {
        a.letters = a.letters.replace('s', '');
        a.silent = false;
      } else if (makeflagsLongOptions.includes(`--${name}`)) longOption(`--${name}`);
      else if (ignoredLongOptions.has(name)) {
        const letter = name === 'jobs' ? 'j' : name === 'output-sync' ? 'O' : name === 'debug' ? undefined : 'l';
        if (letter !== undefined) {
          // `--jobs N` takes a following word as its argument as `-j N` does.
          const value = inline === undefined && takesNextWord(letter, argv[i + 1]) ? argv[++i] : inline;
          const problem = optionalValue(letter, value);
          if (problem !== undefined && !fromMakeflags) return problem;
        }
      } else if (!fromMakeflags) return `unrecognized option '${arg}'`;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const c = arg[k];
        if (withArgument.has(c)) {
          const value = k + 1 < arg.length ? arg.slice(k + 1) : argv[++i];
          if (value === undefined) {
            if (fromMakeflags) break;
            return `option requires an argument -- '${c}'`;
          }
          const problem = take(c, value);
          if (problem !== undefined) return problem;
          break;
        }
        if (optionalArgument.has(c)) {
          // `-j4`, or `-j 4` when the next word reads as the argument; otherwise no argument.
          let value = k + 1 < arg.length ? arg.slice(k + 1) : undefined;
          if (value === undefined && takesNextWord(c, argv[i + 1])) value = argv[++i];
          const problem = optionalValue(c, value);
          if (problem !== undefined && !fromMakeflags) return problem;
          break;
        }
        if (flagLetters.has(c)) flag(c);
        else if (!fromMakeflags) return `invalid option -- '${c}'`;
      }
      continue;
    }
    const problem = nonSwitch(arg);
    if (problem !== undefined) return problem;
  }
  return a;
}

/**
 * Whether the word after `-j`, `-l` or `--jobs` (with nothing attached) is taken as its argument,
 * as GNU make 4.3 decides: for `-j`, a word of digits only (an empty word too, which is then
 * refused); for `-l`, a word that starts as a number does; `-O` takes an attached argument only.
 */
function takesNextWord(option: string, word: string | undefined): boolean {
  if (word === undefined) return false;
  if (option === 'j') return /^[0-9]*$/.test(word);
  if (option === 'l') return /^[0-9.]/.test(word);
  return false;
}

/** GNU make's complaint about the argument of `-j` or `-O`, if it has one (`-l` takes anything). */
function optionalValue(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (option === 'j' && !(/^[0-9]+$/.test(value) && Number(value) >= 1)) return "the '-j' option requires a positive integer argument";
  if (option === 'O' && !['none', 'line', 'target', 'recurse'].includes(value)) return `*** unknown output-sync type '${value}'.  Stop.`;
  return undefined;
}

/**
 * Splits a command-line word that is a variable definition at its first `=`, as GNU make's
 * `parse_variable_definition` recognises one: the name may hold references but no blank in its middle,
 * and a `:` must be part of the operator (`a:b=c` is a target). Undefined for anything else.
 */
function splitDefinition(arg: string): [string, string] | undefined {
  let blank = false;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (c === '#') return undefined;
    if (c === '$' && (arg[i + 1] === '(' || arg[i + 1] === '{')) {
      // A reference in the name: skip to its matching close, counting only its own bracket kind.
      const open = arg[i + 1];
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < arg.length; j++) {
        if (arg[j] === open) depth++;
        else if (arg[j] === close && --depth === 0) break;
      }
      i = j;
      continue;
    }
    if (c === '=') return i === 0 ? undefined : [arg.slice(0, i), arg.slice(i + 1)];
    if (c === ' ' || c === '\t') {
      blank = true;
      continue;
    }
    const next = arg.slice(i + 1);
    const operator = (c === '+' || c === '?' || c === '!') && next.startsWith('=')
      || c === ':' && (next.startsWith('=') || next.startsWith(':=') || next.startsWith('::='));
    if (operator) {
      const eq = arg.indexOf('=', i);
      return [arg.slice(0, eq), arg.slice(eq + 1)];
    }
    if (c === ':' || blank) return undefined;
  }
  return undefined;
}

/** The operators a command-line definition can have. */
export type CommandLineOp = '=' | ':=' | '::=' | ':::=' | '+=' | '?=' | '!=';

/**
 * Reads a `commandLine` entry of `MakeArgs` (`['a+', 'x']` for `a+=x`): the variable name (not yet
 * expanded), the operator, and the value. Leading blanks of the value go, trailing ones stay, as
 * GNU make's `parse_variable_definition` does.
 *
 * @example
 * commandLineAssignment(['a ', '  x ']) // { name: 'a', op: '=', value: 'x ' }
 */
export function commandLineAssignment(entry: readonly [string, string]): { name: string; op: CommandLineOp; value: string } {
  const left = entry[0].replace(/[ \t]+$/, '');
  const value = entry[1].replace(/^[ \t]+/, '');
  for (const op of [':::', '::', ':', '+', '?', '!'] as const) {
    if (left.endsWith(op)) return { name: left.slice(0, -op.length).replace(/^[ \t]+|[ \t]+$/g, ''), op: `${op}=`, value };
  }
  return { name: left.replace(/^[ \t]+/, ''), op: '=', value };
}

/** The single-letter flags in GNU make 4.3's switch-table order, the order `MAKEFLAGS` lists them in. */
const flagOrder = 'BdeikLnpqrRstvw';

/**
 * GNU make's `define_makeflags`: the switches as `MAKEFLAGS` and `MFLAGS` show them. The flag letters
 * come first as one word (`ikn`), then options with arguments and long options in table order;
 * `MAKEFLAGS` drops the leading `-`, and `MFLAGS` drops `- ` when there are no letters. With `includeDirs` (GNU make's `all`, for recipes) the `-I` options are written too;
 * command-line variables are the caller's part (` -- $(MAKEOVERRIDES)`).
 *
 * @example
 * formatMakeflags('nki', ['--no-print-directory']) // { makeflags: 'ikn --no-print-directory', mflags: '-ikn --no-print-directory' }
 * formatMakeflags('', ['--no-print-directory'])    // { makeflags: ' --no-print-directory', mflags: '--no-print-directory' }
 */
export function formatMakeflags(
  letters: string, longOptions: readonly string[], includeDirs?: readonly string[],
): { makeflags: string; mflags: string } {
  const on = new Set(letters);
  let flagstring = `-${[...flagOrder].filter((c) => on.has(c)).join('')}`;
  for (const dir of includeDirs ?? []) flagstring += ` -I${quoteForMakeflags(dir)}`;
  for (const name of makeflagsLongOptions) if (longOptions.includes(name)) flagstring += ` ${name}`;
  if (flagstring === '-') return { makeflags: '', mflags: '' };
  return { makeflags: flagstring.slice(1), mflags: flagstring.startsWith('- ') ? flagstring.slice(2) : flagstring };
}

/**
 * GNU make's `quote_for_env`: `$` doubled so that make does not expand it, blanks and backslashes
 * escaped so that `decodeMakeflags` reads the text back as one word.
 */
export function quoteForMakeflags(text: string): string {
  return text.replace(/\$/g, '$$$$').replace(/([ \t\\])/g, '\\$1');
}

/**
 * Splits an expanded `MAKEFLAGS` (or `GNUMAKEFLAGS`) value into words as GNU make's
 * `decode_env_switches` does: blanks separate, a backslash keeps the next character, and a first word
 * that is neither an option nor a definition (`ks`) gets a `-`. Feed the words to `parseMakeArgs`
 * with `fromMakeflags`.
 *
 * @example
 * makeflagsWords('ks -- W=a\\ b') // ['-ks', '--', 'W=a b']
 */
export function makeflagsWords(value: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      word += value[++i];
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
  if (inWord) words.push(word);
  if (words.length > 0 && !words[0].startsWith('-') && !words[0].includes('=')) words[0] = `-${words[0]}`;
  return words;
}

/**
 * The switches a `MAKEFLAGS` value turns on, read as GNU make's `decode_env_switches` reads it.
 *
 * @example
 * makeflagsSwitches('ek --no-print-directory') // { letters: 'ek', longOptions: ['--no-print-directory'], includeDirs: [] }
 */
export function makeflagsSwitches(value: string): {
  letters: string;
  longOptions: readonly string[];
  includeDirs: readonly string[];
  /** The `VAR=VALUE` definitions after `--`. */
  commandLine: readonly (readonly [string, string])[];
} {
  const parsed = parseMakeArgs(makeflagsWords(value), true);
  if (typeof parsed === 'string') return { letters: '', longOptions: [], includeDirs: [], commandLine: [] };
  return { letters: parsed.letters, longOptions: parsed.longOptions, includeDirs: parsed.includeDirs, commandLine: parsed.commandLine };
}

/** Whether `-e` (`--environment-overrides`) is on in a `MAKEFLAGS` value such as `MakeOptions.makeflags`. */
export function environmentOverrides(makeflags: string): boolean {
  return makeflagsSwitches(makeflags).letters.includes('e');
}

/** Whether `--warn-undefined-variables` is on in a `MAKEFLAGS` value such as `MakeOptions.makeflags`. */
export function warnUndefinedVariables(makeflags: string): boolean {
  return makeflags.includes('--warn-undefined-variables') && makeflagsSwitches(makeflags).longOptions.includes('--warn-undefined-variables');
}

/**
 * The characters that end a run of plain word characters in `shellWords`: blanks and newline,
 * quotes, backslash, and the shell syntax it does not model.
 */
const plainEnders = ' \t\n\'"\\;&|<>()`$';

/** `plainEnders` as a search from `lastIndex`. */
const plainEnd = new RegExp(`[${plainEnders.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');

/** `plainEnders` by character code (all below 128), for a test of one character. */
const plainEnderCodes = new Uint8Array(128);
for (const c of plainEnders) plainEnderCodes[c.charCodeAt(0)] = 1;

/**
 * Splits a shell command into words: blanks separate, quotes group, backslash escapes. Undefined
 * for shell syntax beyond that (`;&|<>()` and backquotes, `$`) and for an unclosed quote.
 */
export function shellWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  const n = command.length;
  let i = 0;
  while (i < n) {
    const c = command.charCodeAt(i);
    if (c === 39) {
      const end = command.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word += command.slice(i + 1, end);
      i = end + 1;
      inWord = true;
    } else if (c === 34) {
      // Inside double quotes a backslash takes the next character as it is.
      let j = i + 1;
      let start = j;
      while (j < n) {
        const d = command.charCodeAt(j);
        if (d === 34) break;
        if (d === 92 && j + 1 < n) {
          word += command.slice(start, j);
          start = j + 1;
          j += 2;
        } else j++;
      }
      if (j >= n) return undefined;
      word += command.slice(start, j);
      i = j + 1;
      inWord = true;
    } else if (c === 92 && i + 1 < n) {
      // Backslash-newline joins lines and is no part of a word.
      if (command.charCodeAt(i + 1) !== 10) {
        word += command[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (c === 32 || c === 9 || c === 10) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c !== 92 && c < 128 && plainEnderCodes[c] === 1) {
      // Shell syntax the sub-make reader does not model.
      return undefined;
    } else {
      // A run of plain characters (a backslash that ends the command is one), found by a regular
      // expression search rather than a loop over characters: kbuild's compile commands are long
      // runs of plain words (41 MB for a tree's compile_commands.json).
      plainEnd.lastIndex = i + 1;
      const j = plainEnd.exec(command)?.index ?? n;
      word = word === '' ? command.slice(i, j) : word + command.slice(i, j);
      i = j;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
