/**
 * A kernel `.config` read as Kconfig's `conf_read_simple` (scripts/kconfig/confdata.c) reads it, and
 * the `include/config/auto.conf` that Kconfig's syncconfig writes for it.
 */
import { diagnostic, span, type Diagnostic, type DiagnosticCode, type SourceFile, type Span } from '../../base/index.js';

/**
 * What a `.config` line says about its symbol's Kconfig type, from the value's shape alone:
 * `y` is `bool` (a tristate symbol at `y` is written the same way), `m` is `tristate`, a quoted
 * value is `string`, a decimal number `int`, a `0x` number `hex`; `unset` is `# CONFIG_X is not set`
 * or `CONFIG_X=n`, which Kconfig's reader treats alike.
 */
export type ConfigKind = 'bool' | 'tristate' | 'string' | 'int' | 'hex' | 'unset';

/** One symbol's value in a `.config`. */
export interface ConfigEntry {
  /**
   * The value as written: `y`, `m`, `"a \"quoted\" string"` (quotes and escapes kept), `42`, `0x1000`;
   * `n` for `unset`.
   */
  readonly value: string;
  readonly kind: ConfigKind;
  /** The line that set the value (the last one, when a symbol is set twice), without its line end. */
  readonly span: Span;
}

/** A kernel `.config`: plain readonly data. */
export interface KernelConfig {
  /** The path of the file it was read from. */
  readonly path: string;
  /**
   * The prompt of the heading Kconfig writes (`Linux/x86 6.1.192 Kernel Configuration`, from the
   * `mainmenu` of the top Kconfig), when the file starts with that heading.
   */
  readonly title: string | undefined;
  /** Every symbol the file sets, by name with the `CONFIG_` prefix as written. */
  readonly symbols: ReadonlyMap<string, ConfigEntry>;
  /** The symbols' names in the order of their first line in the file (the order of `symbols`). */
  readonly order: readonly string[];
}

/** What `readConfig` returns. */
export interface ReadConfigResult {
  readonly value: KernelConfig;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The prefix of every symbol in `.config` and `auto.conf`. Kconfig takes it from the `CONFIG_`
 * environment variable when that is set (scripts/kconfig/lkc.h); kbuild never sets it.
 */
const prefix = 'CONFIG_';

/** A Kconfig symbol name: the characters Kconfig's lexer reads as a word (scripts/kconfig/lexer.l, `n`). */
const symbolName = /^[A-Za-z0-9_-]+$/;

/**
 * Kconfig's checks of an int and a hex value (`sym_string_valid` in scripts/kconfig/symbol.c):
 * an int has no leading zero. Kconfig also takes hex digits without `0x` for a hex symbol, but
 * without the symbol's type such a value cannot be told from an int or from garbage.
 */
const intValue = /^-?(0|[1-9][0-9]*)$/;
const hexValue = /^0[xX][0-9a-fA-F]+$/;

/** What follows the name in `# CONFIG_X is not set`. */
const notSet = 'is not set';

/** The four lines Kconfig starts `.config` and `auto.conf` with (`conf_write_heading`); the third is `# <title>`. */
const headingFirst = '#';
const headingSecond = '# Automatically generated file; DO NOT EDIT.';

/**
 * Reads a kernel `.config` the way Kconfig's `conf_read_simple` does, line by line: `CONFIG_X=y`,
 * `=m`, `="string"` (with `\"` and `\\` escapes), decimal and `0x` numbers,
 * `# CONFIG_X is not set`, other comments and blank lines.
 * A line Kconfig would warn about gets a warning, and so does one Kconfig silently skips
 * (`CONFIG_X` with no `=`, a name that can be no symbol) or reads only in part (`CONFIG_X=yes`
 * is `y`); the rest of the file is still read.
 * A symbol set twice takes the later value, as in Kconfig ("override: reassigning to symbol").
 * Never throws.
 *
 * @example
 * const { value, diagnostics } = readConfig(sourceFile('.config', readFileSync('.config')));
 * value.symbols.get('CONFIG_NET')?.value; // 'y'
 */
export function readConfig(file: SourceFile): ReadConfigResult {
  const text = file.text;
  const diagnostics: Diagnostic[] = [];
  const symbols = new Map<string, ConfigEntry>();
  const report = (code: DiagnosticCode, message: string, start: number, end: number, related?: Diagnostic['related']): void => {
    diagnostics.push(diagnostic(code, 'warning', message, span(file.path, start, end), related));
  };
  const set = (name: string, value: string, kind: ConfigKind, nameStart: number, lineStart: number, lineEnd: number): void => {
    const entry: ConfigEntry = { value, kind, span: span(file.path, lineStart, lineEnd) };
    const earlier = symbols.get(name);
    if (earlier !== undefined) {
      report('K006', `override: reassigning to symbol ${name.slice(prefix.length)}`, nameStart, nameStart + name.length, [
        { span: earlier.span, message: 'set here before' },
      ]);
    }
    symbols.set(name, entry);
  };

  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline + 1;
    // Kconfig drops one carriage return before the newline (confdata.c), so CRLF files read alike.
    let end = newline === -1 ? text.length : newline;
    if (newline !== -1 && end > start && text.charCodeAt(end - 1) === 13) end -= 1;
    readLine(text, start, end, report, set);
    start = next;
  }

  return { value: { path: file.path, title: headingTitle(text), symbols, order: [...symbols.keys()] }, diagnostics };
}

type Report = (code: DiagnosticCode, message: string, start: number, end: number) => void;
type Assign = (name: string, value: string, kind: ConfigKind, nameStart: number, lineStart: number, lineEnd: number) => void;

/** Reads the line `text[start, end)` (without its line end), as one turn of `conf_read_simple`'s loop. */
function readLine(text: string, start: number, end: number, report: Report, set: Assign): void {
  if (start === end) return;
  if (text.charCodeAt(start) === 35 /* # */) {
    readComment(text, start, end, report, set);
    return;
  }
  if (!text.startsWith(prefix, start)) {
    report('K001', `unexpected data: ${text.slice(start, end)}`, start, end);
    return;
  }
  const equals = text.indexOf('=', start + prefix.length);
  if (equals === -1 || equals >= end) {
    report('K002', `no '=' after ${text.slice(start, end)}`, start, end);
    return;
  }
  const name = text.slice(start, equals);
  if (!symbolName.test(name.slice(prefix.length))) {
    report('K005', `'${name}' is not a symbol name`, start, equals);
    return;
  }
  const valueStart = equals + 1;
  const raw = text.slice(valueStart, end);
  const bare = name.slice(prefix.length);
  if (raw.startsWith('"')) {
    const close = closingQuote(raw);
    if (close === -1) {
      // Kconfig's own words (conf_set_sym_val).
      report('K003', 'invalid string found', valueStart, end);
      return;
    }
    // Kconfig stops at the closing quote and ignores the rest; read the value as it does, and say so.
    set(name, raw.slice(0, close + 1), 'string', start, start, end);
    if (close !== raw.length - 1) report('K003', `text after the closing quote of ${bare} is ignored`, valueStart + close + 1, end);
    return;
  }
  const kind = valueKind(raw);
  if (kind !== undefined) {
    set(name, raw, kind, start, start, end);
    return;
  }
  const letter = raw.charAt(0);
  const letterKind = letter === '' ? undefined : valueKind(letter);
  if (letterKind === 'bool' || letterKind === 'tristate' || letterKind === 'unset') {
    // Kconfig reads only the first letter of a bool or tristate value (conf_set_sym_val), so
    // `yes` and `y # on` are `y` there; that is also the only type such a value can be meant for.
    set(name, letter, letterKind, start, start, end);
    report('K004', `symbol value '${raw}' read as '${letter}'`, valueStart, end);
    return;
  }
  report('K004', `symbol value '${raw}' invalid for ${bare}`, valueStart, end);
}

/**
 * A line starting with `#`: `# CONFIG_X is not set` reads as `CONFIG_X=n`, anything else is a
 * comment. As in Kconfig, the name ends at the first space after the prefix, and the rest of the
 * line need only begin with `is not set`.
 */
function readComment(text: string, start: number, end: number, report: Report, set: Assign): void {
  const nameStart = start + 2;
  if (text.charCodeAt(start + 1) !== 32 || nameStart + prefix.length > end || !text.startsWith(prefix, nameStart)) return;
  const space = text.indexOf(' ', nameStart + prefix.length);
  if (space === -1 || space + 1 + notSet.length > end || !text.startsWith(notSet, space + 1)) return;
  const name = text.slice(nameStart, space);
  if (!symbolName.test(name.slice(prefix.length))) {
    report('K005', `'${name}' is not a symbol name`, nameStart, space);
    return;
  }
  set(name, 'n', 'unset', nameStart, start, end);
}

/** The offset of the quote that closes the string `raw` opens, or -1; a backslash escapes the next character (confdata.c). */
function closingQuote(raw: string): number {
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return -1;
}

/** The kind of an unquoted value, or undefined when it fits no Kconfig type for certain. */
function valueKind(raw: string): ConfigKind | undefined {
  if (raw === 'y') return 'bool';
  if (raw === 'm') return 'tristate';
  if (raw === 'n') return 'unset';
  if (intValue.test(raw)) return 'int';
  if (hexValue.test(raw)) return 'hex';
  return undefined;
}

/** The prompt of the heading Kconfig writes at the start of the file, if it is there. */
/**
 * The title in the heading of a `.config` or `auto.conf` text (`Linux/x86 6.1.192 Kernel
 * Configuration`), or undefined without Kconfig's heading: what `readConfig` gives as `title`,
 * without reading the rest of the file.
 */
export function headingTitle(text: string): string | undefined {
  const lines = text.split('\n', 5).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length < 4 || lines[0] !== headingFirst || lines[1] !== headingSecond || !lines[2].startsWith('# ') || lines[3] !== headingFirst) return undefined;
  return lines[2].slice(2);
}

/** Options for `autoConf`. */
export interface AutoConfOptions {
  /**
   * The heading's prompt: the top Kconfig's `mainmenu` with its variables expanded
   * (`Linux/x86 6.1.192 Kernel Configuration`). Defaults to the `.config`'s own heading, else to
   * `Main menu`, which Kconfig uses when there is no `mainmenu`.
   */
  readonly title?: string;
  /**
   * Symbol names (with the prefix) in the order Kconfig created them: the order in which each name
   * is first mentioned while the Kconfig files are parsed (definitions, `depends on`, `select`, ...).
   * Only the order among symbols that share a hash bucket matters. Defaults to the `.config`'s
   * order, which is the order of definitions and mostly agrees.
   */
  readonly kconfigOrder?: readonly string[];
}

/**
 * The text of `include/config/auto.conf` that Kconfig's syncconfig writes for a `.config` that is in
 * sync with its Kconfig files (`conf_write_autoconf`, `print_symbol_for_autoconf`): the heading, then
 * every symbol that is not `n`, strings without their quotes and escapes, in the order of Kconfig's
 * symbol hash table.
 * That order depends on the order Kconfig created the symbols in, which a `.config` only
 * approximates; pass `kconfigOrder` for an exact file. Symbols Kconfig does not know, and values it
 * would recompute, are not detected: that needs the Kconfig files.
 *
 * @example
 * writeFileSync('include/config/auto.conf', autoConf(readConfig(file).value));
 */
export function autoConf(config: KernelConfig, options: AutoConfOptions = {}): string {
  const rank = new Map<string, number>();
  (options.kconfigOrder ?? config.order).forEach((name, i) => {
    if (!rank.has(name)) rank.set(name, i);
  });
  // Names missing from kconfigOrder count as created after all that are in it, in file order.
  config.order.forEach((name, i) => {
    if (!rank.has(name)) rank.set(name, Number.MAX_SAFE_INTEGER / 2 + i);
  });
  const written = config.order
    .filter((name) => config.symbols.get(name)!.kind !== 'unset')
    .map((name) => ({ name, bucket: symbolBucket(name.slice(prefix.length)), rank: rank.get(name)! }));
  // `for_all_symbols` walks the buckets in order; `sym_lookup` puts a new symbol at the head of its
  // bucket's list, so within a bucket the symbol created last comes first (scripts/kconfig/symbol.c).
  written.sort((a, b) => a.bucket - b.bucket || b.rank - a.rank);
  const title = options.title ?? config.title ?? 'Main menu';
  let out = `${headingFirst}\n${headingSecond}\n# ${title}\n${headingFirst}\n`;
  for (const { name } of written) out += `${name}=${autoConfValue(config.symbols.get(name)!)}\n`;
  return out;
}

/**
 * A value as `auto.conf` has it: a string without its quotes and escapes (`print_symbol_for_autoconf`
 * writes the value Kconfig read, unescaped, so that make sees the plain text); anything else as written.
 */
function autoConfValue(entry: ConfigEntry): string {
  if (entry.kind !== 'string') return entry.value;
  // Kconfig's reader drops each backslash and keeps the character after it (conf_set_sym_val).
  return entry.value.slice(1, -1).replace(/\\(.)/gs, '$1');
}

/** Kconfig's `SYMBOL_HASHSIZE` (scripts/kconfig/expr.h). */
const symbolHashSize = 9973;

/**
 * The bucket of Kconfig's symbol hash table a name (without prefix) falls in: the 32-bit FNV-1a
 * hash of its bytes (`strhash`), modulo the table size. Names are ASCII (`symbolName`), so a
 * character is a byte.
 */
function symbolBucket(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash % symbolHashSize;
}
