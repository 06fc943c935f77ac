/**
 * What a shell command writes into a file, when the pipelines that write it are pure: made of
 * `echo`, `printf '%s\n'`-style formats, `cat`, `:` and `awk '!x[$0]++'` (drop repeated lines),
 * grouped with `{ ...; }`, and redirected with `>` or `>>`. That is how kbuild writes
 * `modules.order`; anything else is not interpreted.
 */
import { resolvePath } from '../../eval/make/index.js';

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly pure: boolean; readonly quoted: boolean }
  | { readonly kind: 'op'; readonly text: string };

interface Simple {
  readonly kind: 'simple';
  readonly words: readonly string[];
  /** Whether every word is plain text (no expansion, no glob). */
  readonly pure: boolean;
  readonly redirects: readonly Redirect[];
}
interface Group {
  readonly kind: 'group';
  readonly body: readonly Pipeline[];
  readonly redirects: readonly Redirect[];
}
interface Redirect {
  readonly op: string;
  readonly file: string;
}
type Command = Simple | Group;
type Pipeline = readonly Command[];

/** Why a command cannot be interpreted: only thrown inside this module. */
class Impure extends Error {}

/**
 * The text the pure pipelines of `command` (run in `cwd`) write into `target` (absolute), or
 * undefined when none writes it or one that does is not pure. `read` gives a file's text.
 *
 * @example
 * pureOutput('{ echo a.ko; :; } > modules.order', '/m/modules.order', '/m', () => undefined) // 'a.ko\n'
 */
export function pureOutput(command: string, target: string, cwd: string, read: (path: string) => string | undefined): string | undefined {
  try {
    const list = parseList(tokens(command), { at: 0 }, undefined);
    let content: string | undefined;
    for (const pipeline of list) {
      const last = pipeline[pipeline.length - 1];
      const out = last?.redirects.find((r) => r.op === '>' || r.op === '>>');
      if (out === undefined || resolvePath(cwd, out.file) !== target) continue;
      const text = runPipeline(pipeline, cwd, read, true);
      content = out.op === '>' ? text : (content ?? read(target) ?? '') + text;
    }
    return content;
  } catch (e) {
    if (e instanceof Impure) return undefined;
    throw e;
  }
}

/** Splits shell text into words and operators, with quotes removed; a word with an expansion or a glob is impure. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n' || c === ';') {
      out.push({ kind: 'op', text: ';' });
      i++;
      continue;
    }
    const op = /^(&&|\|\||>>|>&|[0-9]>>?|[|&<>()])/.exec(text.slice(i));
    if (op !== null) {
      out.push({ kind: 'op', text: op[1] });
      i += op[1].length;
      continue;
    }
    let word = '';
    let pure = true;
    let quoted = false;
    while (i < text.length && !/[\s;&|<>()]/.test(text[i])) {
      const d = text[i];
      if (d === "'") {
        const end = text.indexOf("'", i + 1);
        if (end < 0) throw new Impure();
        word += text.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      } else if (d === '"') {
        quoted = true;
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '$' || text[i] === '`') pure = false;
          if (text[i] === '\\' && /[$`"\\\n]/.test(text[i + 1] ?? '')) i++;
          word += text[i++];
        }
        if (i >= text.length) throw new Impure();
        i++;
      } else if (d === '\\') {
        word += text[i + 1] ?? '';
        quoted = true;
        i += 2;
      } else {
        if (/[$`*?[~]/.test(d)) pure = false;
        word += d;
        i++;
      }
    }
    out.push({ kind: 'word', text: word, pure, quoted });
  }
  return out;
}

/** A list of pipelines joined by `;`, `&&` or newlines, up to `close` (`}`) or the end. */
function parseList(ts: readonly Token[], pos: { at: number }, close: '}' | undefined): Pipeline[] {
  const list: Pipeline[] = [];
  for (;;) {
    while (ts[pos.at]?.kind === 'op' && (ts[pos.at].text === ';' || ts[pos.at].text === '&&')) pos.at++;
    const t = ts[pos.at];
    if (t === undefined) {
      if (close !== undefined) throw new Impure();
      return list;
    }
    if (close !== undefined && t.kind === 'word' && !t.quoted && t.text === close) {
      pos.at++;
      return list;
    }
    list.push(parsePipeline(ts, pos));
    const next = ts[pos.at];
    if (next !== undefined && next.kind === 'op' && next.text !== ';' && next.text !== '&&') throw new Impure();
  }
}

function parsePipeline(ts: readonly Token[], pos: { at: number }): Pipeline {
  const commands: Command[] = [parseCommand(ts, pos)];
  while (ts[pos.at]?.kind === 'op' && ts[pos.at].text === '|') {
    pos.at++;
    commands.push(parseCommand(ts, pos));
  }
  return commands;
}

function parseCommand(ts: readonly Token[], pos: { at: number }): Command {
  const first = ts[pos.at];
  if (first?.kind === 'word' && !first.quoted && first.text === '{') {
    pos.at++;
    const body = parseList(ts, pos, '}');
    return { kind: 'group', body, redirects: parseRedirects(ts, pos, []) };
  }
  const words: string[] = [];
  const redirects: Redirect[] = [];
  let pure = true;
  for (;;) {
    const t = ts[pos.at];
    if (t === undefined) break;
    if (t.kind === 'word') {
      pure &&= t.pure;
      words.push(t.text);
      pos.at++;
    } else if (/^[0-9]?>/.test(t.text)) parseRedirects(ts, pos, redirects);
    else break;
  }
  if (words.length === 0) throw new Impure();
  return { kind: 'simple', words, pure, redirects };
}

function parseRedirects(ts: readonly Token[], pos: { at: number }, into: Redirect[]): Redirect[] {
  while (ts[pos.at]?.kind === 'op' && /^[0-9]?>/.test(ts[pos.at].text)) {
    const op = ts[pos.at].text;
    const file = ts[pos.at + 1];
    if (file?.kind !== 'word') throw new Impure();
    into.push({ op, file: file.text });
    pos.at += 2;
  }
  return into;
}

/** Runs a pipeline and returns what its last command writes (to its redirect when `redirected`). */
function runPipeline(pipeline: Pipeline, cwd: string, read: (path: string) => string | undefined, redirected: boolean): string {
  let text = '';
  pipeline.forEach((command, i) => {
    const last = i === pipeline.length - 1;
    // Only the last command's `>` (the file being planned) is understood; any other redirect is not.
    if (command.redirects.length > (last && redirected ? 1 : 0)) throw new Impure();
    if (command.kind === 'simple' && !command.pure) throw new Impure();
    text = command.kind === 'group' ? command.body.map((p) => runPipeline(p, cwd, read, false)).join('') : runSimple(command.words, text, cwd, read);
  });
  return text;
}

function runSimple(words: readonly string[], input: string, cwd: string, read: (path: string) => string | undefined): string {
  const [name, ...args] = words;
  switch (name) {
    case ':':
    case 'true':
      return '';
    case 'echo':
      if (args[0]?.startsWith('-')) throw new Impure();
      return `${args.join(' ')}\n`;
    case 'printf':
      return printf(args);
    case 'cat':
      return (args.length === 0 ? ['-'] : args).map((a) => {
        if (a === '-') return input;
        const text = read(resolvePath(cwd, a));
        if (text === undefined) throw new Impure();
        return text;
      }).join('');
    case 'awk': {
      // Only kbuild's "first occurrence of each line": `awk '!x[$0]++' [-]`.
      if (!/^\s*!\s*[A-Za-z_]\w*\[\$0\]\+\+\s*$/.test(args[0] ?? '') || args.slice(1).some((a) => a !== '-')) throw new Impure();
      const seen = new Set<string>();
      const lines = input.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      return lines.filter((l) => !seen.has(l) && seen.add(l) !== undefined).map((l) => `${l}\n`).join('');
    }
    default:
      throw new Impure();
  }
}

/** `printf FORMAT ARGS...` with `%s`, `%%` and the escapes `\n`, `\t`, `\\`; the format repeats while arguments remain. */
function printf(args: readonly string[]): string {
  const [format, ...rest] = args;
  if (format === undefined) throw new Impure();
  let out = '';
  let next = 0;
  do {
    let used = false;
    for (let i = 0; i < format.length; i++) {
      const c = format[i];
      if (c === '\\') {
        const e = format[++i];
        out += e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : (() => {
          throw new Impure();
        })();
      } else if (c === '%') {
        const f = format[++i];
        if (f === '%') out += '%';
        else if (f === 's') {
          out += rest[next++] ?? '';
          used = true;
        } else throw new Impure();
      } else out += c;
    }
    if (!used) break;
  } while (next < rest.length);
  return out;
}
