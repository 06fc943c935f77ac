/**
 * Writing a `build.ninja`: ninja's escaping (`$`, and in paths spaces and `:`), shell quoting for
 * the commands, and the text of variables, rules and build edges. Pure; no file is touched here.
 */

/** A `rule`: its name and variables (`command`, `depfile`, `deps`, `restat`, `generator`, ...). */
export interface NinjaRule {
  readonly name: string;
  readonly variables: readonly (readonly [string, string])[];
}

/** A `build` edge; paths are plain (escaped when written), variable values too. */
export interface NinjaEdge {
  readonly outputs: readonly string[];
  readonly implicitOutputs?: readonly string[];
  readonly rule: string;
  readonly inputs?: readonly string[];
  readonly implicitInputs?: readonly string[];
  readonly orderOnly?: readonly string[];
  /** Edge variables; values are plain text unless `raw` says they are already ninja text. */
  readonly variables?: readonly NinjaVariable[];
}

/** `name = value`: `value` is plain text, escaped when written, unless `raw` (already ninja text, with `$var` references). */
export interface NinjaVariable {
  readonly name: string;
  readonly value: string;
  readonly raw?: boolean;
}

/** A whole file: leading comment lines, file-level variables, rules, edges. */
export interface NinjaFile {
  readonly comments: readonly string[];
  readonly variables: readonly NinjaVariable[];
  readonly rules: readonly NinjaRule[];
  readonly edges: readonly NinjaEdge[];
}

/**
 * A path as ninja reads it in a `build` line: `$`, space and `:` are escaped. A `|` or a newline
 * cannot be written in a ninja path at all (`ninjaWritable` tells).
 *
 * @example
 * ninjaPath('/m/a b:c$.o') // '/m/a$ b$:c$$.o'
 */
export function ninjaPath(path: string): string {
  return path.replace(/[$ :]/g, (c) => `$${c}`);
}

/** Whether ninja can name `path` at all (it has no escape for `|`, newlines or NUL). */
export function ninjaWritable(path: string): boolean {
  return !/[|\r\n\0]/.test(path);
}

/**
 * A variable value as ninja reads it: `$` escaped, and a leading blank kept (ninja drops the
 * blanks after `=`). Values never hold a newline (`shellWord` writes one without it).
 *
 * @example
 * ninjaValue(' echo $$') // '$ echo $$$$'
 */
export function ninjaValue(text: string): string {
  return text.replace(/\$/g, '$$$$').replace(/^[ \t]/, (c) => `$${c}`);
}

/**
 * A word that `/bin/sh` reads back as exactly `text`: bare when it holds only safe characters,
 * else in single quotes; text with a newline is rebuilt by `printf '%b'` inside the word, so that
 * the result is one line, as a ninja command must be (a trailing newline is lost there).
 *
 * @example
 * shellWord("it's") // `'it'\''s'`
 */
export function shellWord(text: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  const quoted = (t: string): string => `'${t.replace(/'/g, `'\\''`)}'`;
  if (!text.includes('\n')) return quoted(text);
  return `"$(printf '%b' ${quoted(text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n'))})"`;
}

/** The text of `file`. */
export function ninjaText(file: NinjaFile): string {
  const out: string[] = [];
  for (const c of file.comments) out.push(`# ${c.replace(/\n/g, ' ')}\n`);
  if (file.comments.length > 0) out.push('ninja_required_version = 1.10\n\n');
  for (const v of file.variables) out.push(variable(v, ''));
  if (file.variables.length > 0) out.push('\n');
  for (const r of file.rules) {
    out.push(`rule ${r.name}\n`);
    for (const [name, value] of r.variables) out.push(variable({ name, value, raw: true }, '  '));
    out.push('\n');
  }
  for (const e of file.edges) {
    const paths = (ps: readonly string[] | undefined, lead: string): string => (ps === undefined || ps.length === 0 ? '' : `${lead}${ps.map(ninjaPath).join(' ')}`);
    out.push(`build ${e.outputs.map(ninjaPath).join(' ')}${paths(e.implicitOutputs, ' | ')}: ${e.rule}${paths(e.inputs, ' ')}${paths(e.implicitInputs, ' | ')}${paths(e.orderOnly, ' || ')}\n`);
    for (const v of e.variables ?? []) out.push(variable(v, '  '));
  }
  return out.join('');
}

function variable(v: NinjaVariable, indent: string): string {
  return `${indent}${v.name} = ${v.raw === true ? v.value : ninjaValue(v.value)}\n`;
}
