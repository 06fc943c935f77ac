/**
 * Just enough of the POSIX shell to read the recipe lines kbuild prints under `make -n`: words split and unquoted as sh would, lists, pipelines, `{ }` groups and redirections.
 * It evaluates only the few commands kbuild uses to write its lists (echo, printf, cat, awk '!x[$0]++', xargs ar), over a table of files it has seen written; see scripts/kbuild-oracle.mjs.
 */

const reservedWords = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!']);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;
// Characters with no meaning to the shell inside a word ('#' and '$' are plain after the first character of a run).
const plain = /[^\s'"\\$`<>;&|()]*/y;

/**
 * Splits one shell line into tokens: `{ word, quoted }` for words (quotes removed, `$(...)`, `${...}` and backquotes kept as written),
 * `{ op }` for `;`, `&`, `&&`, `|`, `||`, `(`, `)` and redirection operators (`>`, `>>`, `<`, `>&`, ...).
 */
export function tokenize(line) {
  const tokens = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  const endWord = () => {
    if (inWord) tokens.push({ word, quoted });
    word = '';
    inWord = false;
    quoted = false;
  };
  // Copies a $( ), ${ } or ` ` construct from i as written and returns the index after it.
  const copyNested = (i, open, close) => {
    let depth = 0;
    let j = i;
    while (j < line.length) {
      const c = line[j];
      if (c === '\\') j += 1;
      else if (c === "'" && open !== '`') j = line.indexOf("'", j + 1);
      else if (c === open && (open !== close || j === i)) depth += 1;
      else if (c === close) {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
      if (j < 0) break;
      j += 1;
    }
    throw new Error(`unterminated ${open} in: ${line.slice(i, i + 80)}`);
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      endWord();
      i += 1;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line.slice(i, i + 80)}`);
      word += line.slice(i + 1, end);
      inWord = true;
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      quoted = true;
      i += 1;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
          if (line[i + 1] !== '\n') word += line[i + 1];
          i += 2;
        } else if (line[i] === '$' && line[i + 1] === '(') {
          const end = copyNested(i + 1, '(', ')');
          word += line.slice(i, end);
          i = end;
        } else {
          word += line[i];
          i += 1;
        }
      }
      if (i >= line.length) throw new Error(`unterminated " in: ${line.slice(0, 80)}`);
      i += 1;
    } else if (c === '\\') {
      // A backslash-newline joins lines; any other backslash quotes the next character.
      if (line[i + 1] !== '\n') {
        word += line[i + 1] ?? '';
        inWord = true;
        quoted = true;
      }
      i += 2;
    } else if (c === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      const end = copyNested(i + 1, line[i + 1], line[i + 1] === '(' ? ')' : '}');
      word += line.slice(i, end);
      inWord = true;
      i = end;
    } else if (c === '`') {
      const end = copyNested(i, '`', '`');
      word += line.slice(i, end);
      inWord = true;
      i = end;
    } else if ('<>'.includes(c)) {
      // A word of digits right before the operator is its file descriptor: 2>/dev/null.
      if (inWord && !quoted && /^[0-9]+$/.test(word)) {
        word = '';
        inWord = false;
      }
      endWord();
      let op = c;
      if (line[i + 1] === c || line[i + 1] === '&') op += line[i + 1];
      tokens.push({ op });
      i += op.length;
    } else if (';&|()'.includes(c)) {
      endWord();
      const op = (c === '&' || c === '|') && line[i + 1] === c ? c + c : c === '&' && line[i + 1] === '>' ? '&>' : c;
      tokens.push({ op });
      i += op.length;
    } else {
      // A run of plain characters is taken in one slice: building words a character at a time exhausts memory on a 160 MB log.
      plain.lastIndex = i + 1;
      const end = plain.test(line) ? plain.lastIndex : i + 1;
      word += line.slice(i, end);
      inWord = true;
      i = end;
    }
  }
  endWord();
  return tokens;
}

/**
 * Parses tokens into a list: `{ kind: 'list', items: [{ pipeline, then }] }`, where a pipeline is an array of commands,
 * a command `{ kind: 'simple', argv, quoted, assignments, redirects }` (assignments: the `NAME=value` words before argv) or `{ kind: 'group', body: list, redirects }`, and a redirect `{ op, target }`.
 * Reserved words that start a command (if, then, !, ...) are dropped, so `then gcc ...` reads as `gcc ...`.
 */
export function parse(tokens) {
  let at = 0;
  const isWord = (token, value) => token !== undefined && 'word' in token && !token.quoted && token.word === value;
  const parseList = (closer) => {
    const items = [];
    while (at < tokens.length) {
      const token = tokens[at];
      if (closer !== undefined && (isWord(token, closer) || token.op === closer)) break;
      if (token.op === ';' || token.op === '&' || token.op === '&&' || token.op === '||') {
        at += 1;
        continue;
      }
      const before = at;
      items.push({ pipeline: parsePipeline(closer) });
      if (at === before) throw new Error(`unexpected ${JSON.stringify(tokens[at])}`);
    }
    return { kind: 'list', items };
  };
  const parsePipeline = (closer) => {
    const commands = [parseCommand(closer)];
    while (tokens[at]?.op === '|') {
      at += 1;
      commands.push(parseCommand(closer));
    }
    return commands;
  };
  const parseRedirects = (redirects) => {
    while (tokens[at]?.op !== undefined && /^[<>&]/.test(tokens[at].op) && tokens[at].op !== '&&' && tokens[at].op !== '&') {
      const op = tokens[at].op;
      const target = tokens[at + 1];
      if (target === undefined || !('word' in target)) throw new Error(`redirection ${op} without a file`);
      redirects.push({ op, target: target.word });
      at += 2;
    }
  };
  const parseCommand = (closer) => {
    while (at < tokens.length && 'word' in tokens[at] && !tokens[at].quoted && reservedWords.has(tokens[at].word)) at += 1;
    const token = tokens[at];
    if (isWord(token, '{') || token?.op === '(') {
      const close = token.op === '(' ? ')' : '}';
      at += 1;
      const body = parseList(close);
      at += 1;
      const redirects = [];
      parseRedirects(redirects);
      return { kind: 'group', body, redirects };
    }
    const argv = [];
    const quoted = [];
    const assignments = [];
    const redirects = [];
    while (at < tokens.length) {
      const next = tokens[at];
      if ('word' in next) {
        if (argv.length === 0 && closer !== undefined && isWord(next, closer)) break;
        if (argv.length === 0 && assignment.test(next.word)) {
          assignments.push(next.word);
          at += 1;
          continue;
        }
        argv.push(next.word);
        quoted.push(next.quoted);
        at += 1;
      } else if (/^[<>]|^&>/.test(next.op)) {
        parseRedirects(redirects);
      } else {
        break;
      }
    }
    return { kind: 'simple', argv, quoted, assignments, redirects };
  };
  const list = parseList(undefined);
  if (at < tokens.length) throw new Error(`unexpected ${JSON.stringify(tokens[at])}`);
  return list;
}

/** Calls visit(command) for every simple command in the list, groups included, in the order the shell would meet them. */
export function forEachSimple(list, visit) {
  for (const { pipeline } of list.items) {
    for (const command of pipeline) {
      if (command.kind === 'group') forEachSimple(command.body, visit);
      else visit(command);
    }
  }
}

/** printf(1) for the formats kbuild uses: %s conversions and \n escapes, the format reused until the arguments run out. */
function printf(format, args) {
  const unescaped = format.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  const conversions = (unescaped.match(/%s/g) ?? []).length;
  if (/%[^s%]/.test(unescaped)) return undefined;
  let out = '';
  let next = 0;
  do {
    out += unescaped.replace(/%s|%%/g, (m) => (m === '%%' ? '%' : (args[next++] ?? '')));
  } while (conversions > 0 && next < args.length);
  return out;
}

function splitLines(text) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const awkUnique = /^!x\[\$0\]\+\+$/;
const awkUniquePrefixed = /^!x\[\$0\]\+\+ \{ print\("([^"]*)"\$0\) \}$/;

/**
 * Evaluates shell lines over a table of known files, for the few commands kbuild uses to write its lists.
 * `files` maps a path (as the line spells it) to its text; writes to paths that `track(path)` accepts are evaluated and stored,
 * and `onCommand(argv, stdin)` sees every simple command with the text piped into it (undefined when unknown).
 */
export class ListEvaluator {
  constructor(track, onCommand) {
    this.files = new Map();
    this.track = track;
    this.onCommand = onCommand;
  }

  /** Runs a parsed list; throws when a tracked file is written by a command it cannot evaluate. */
  run(list) {
    for (const { pipeline } of list.items) this.runPipeline(pipeline);
  }

  runPipeline(pipeline) {
    let stdin = '';
    for (const command of pipeline) stdin = this.runCommand(command, stdin);
    return stdin;
  }

  /** Returns the command's stdout as text, or undefined when it cannot be known; a tracked `>` target takes the text instead. */
  runCommand(command, stdin) {
    let out;
    if (command.kind === 'group') {
      out = '';
      for (const { pipeline } of command.body.items) {
        const text = this.runPipeline(pipeline);
        out = out === undefined || text === undefined ? undefined : out + text;
      }
    } else {
      this.onCommand?.(command.argv, stdin);
      out = this.simple(command.argv, stdin);
    }
    for (const { op, target } of command.redirects) {
      if (op !== '>' && op !== '>>') continue;
      if (this.track(target)) {
        if (out === undefined) throw new Error(`cannot tell what is written to ${target}`);
        this.files.set(target, op === '>>' ? (this.files.get(target) ?? '') + out : out);
      }
      out = '';
    }
    return out;
  }

  simple(argv, stdin) {
    const [name, ...args] = argv;
    const readAll = (paths) => {
      if (paths.length === 0 || (paths.length === 1 && paths[0] === '-')) return stdin;
      let text = '';
      for (const file of paths) {
        const content = file === '-' ? stdin : this.files.get(file);
        if (content === undefined) return undefined;
        text += content;
      }
      return text;
    };
    switch (name) {
      case undefined:
      case ':':
      case 'true':
        return '';
      case 'echo':
        return `${args.join(' ')}\n`;
      case 'printf':
        return args.length === 0 ? undefined : printf(args[0], args.slice(1));
      case 'cat':
        return readAll(args);
      case 'awk': {
        const input = readAll(args.slice(1));
        const prefixed = awkUniquePrefixed.exec(args[0] ?? '');
        if (input === undefined || (!prefixed && !awkUnique.test(args[0] ?? ''))) return undefined;
        const lines = [...new Set(splitLines(input))];
        return lines.map((line) => `${prefixed ? prefixed[1] : ''}${line}\n`).join('');
      }
      case 'xargs':
        if (stdin !== undefined) this.onCommand?.([...args, ...stdin.split(/\s+/).filter((w) => w !== '')], '');
        return undefined;
      default:
        return undefined;
    }
  }

  /** The lines of a file it has evaluated. */
  lines(path) {
    const text = this.files.get(path);
    return text === undefined ? undefined : splitLines(text);
  }
}

/** Splits one line of shell into its parsed list. */
export function parseLine(line) {
  return parse(tokenize(line));
}

/**
 * Cuts the output of `make -n` into shell commands: a line ending in a backslash, or with a quote still open, continues on the next line.
 * Yields `{ line, text, list }` with the first line's number (from 1), the command's text, and its parse.
 */
export function* commandsOf(output) {
  const lines = output.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const first = index;
    let text = lines[index];
    for (;;) {
      const continued = /(^|[^\\])(\\\\)*\\$/.test(text);
      if (!continued) {
        try {
          if (text.trim() !== '') yield { line: first + 1, text, list: parseLine(text) };
          break;
        } catch (error) {
          if (!/^unterminated/.test(error.message) || index + 1 >= lines.length || index - first > 200) {
            throw new Error(`line ${first + 1}: ${error.message}`);
          }
        }
      }
      if (index + 1 >= lines.length) throw new Error(`line ${first + 1}: the output ends inside a command`);
      index += 1;
      text += `\n${lines[index]}`;
    }
  }
}
