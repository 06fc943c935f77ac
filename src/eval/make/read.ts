/**
 * The makefile reader: walks a parsed makefile as GNU make's `eval` reads lines, setting
 * variables, taking conditional branches, including files and recording rules.
 */
import { lineCol, lineIndex, sourceFile, type Diagnostic } from '../../base/index.js';
import { parse, type Assignment, type Conditional, type ConditionalDirective, type Define, type Directive, type Expr, type MakefileNode, type Rule as RuleNode, type Statement, type Token } from '../../parser/index.js';
import { environmentOverrides } from './argv.js';
import { collapse } from './collapse.js';
import { MakeStop, type Location, type MakeContext, type ParsedMakefile } from './context.js';
import { readHostFile } from './environment.js';
import { expandText, lookup, splitWords } from './expand.js';
import { foldNewlines, runShell } from './functions/control.js';
import { strip } from './functions/args.js';
import type { PlainStatements, SharedRun } from './globals.js';
import { glob, resolvePath } from './paths.js';
import { canBeDefaultGoal, recordRule, samePatternRule, type Rule } from './rules.js';
import { liftEnvironment, mayOverride, newVariable, ownVariable, sharedVariable, type AssignOp, type Definition, type Origin, type Variable, type VariableTable } from './variables.js';

/** One file (or `$(eval)` buffer) being read: its text, and where its lines are reported. */
interface Buffer {
  readonly path: string;
  readonly text: string;
  /** For `$(eval)`: every line is reported at the caller's location (GNU make 4.3). */
  readonly fixed: Location | undefined;
  readonly index: ReturnType<typeof lineIndex>;
  readonly diagnostics: readonly Diagnostic[];
  /** The zero-based line `at` found last, where it looks first. */
  line: number;
  /** For a makefile (not `$(eval)` text): its plain assignments as shared variables (`plainAssignments`). */
  readonly plain: Map<readonly Statement[], PlainStatements> | undefined;
}

/**
 * The reader's state inside one buffer: the rules a recipe line would belong to; an empty list
 * after a rule with no targets, undefined outside rule context.
 */
interface ReadState {
  current: Rule[] | undefined;
  /** An invalid `else if` left a conditional open (GNU make's quirk): the file ends in error. */
  unclosed: boolean;
}

/** Reads a makefile through the host; false when it does not exist. */
export function readMakefile(ctx: MakeContext, path: string): boolean {
  const abs = resolvePath(ctx.options.cwd, path);
  const parsed = parsedMakefile(ctx, abs, path);
  if (parsed === undefined) return false;
  ctx.makefileList.push(path);
  appendMakefileList(ctx, path);
  let plain = parsed.plain.get(path);
  if (plain === undefined) {
    plain = new Map();
    parsed.plain.set(path, plain);
  }
  const buffer: Buffer = { path, text: parsed.text, fixed: undefined, index: parsed.index, diagnostics: parsed.tree.diagnostics, line: 0, plain };
  readTree(ctx, buffer, parsed.tree.value);
  return true;
}

/** A makefile's tree, from the shared cache while the file is unchanged, else read and parsed. */
function parsedMakefile(ctx: MakeContext, abs: string, path: string): ParsedMakefile | undefined {
  const cache = ctx.options.parsed;
  const stat = cache === undefined ? undefined : ctx.options.host.stat(abs);
  const hit = stat === undefined ? undefined : cache?.get(abs);
  if (hit !== undefined && hit.mtimeMs === stat?.mtimeMs) {
    ctx.reads.push(abs);
    return hit;
  }
  const bytes = readHostFile(ctx, abs);
  if (bytes === undefined) return undefined;
  const file = sourceFile(path, bytes);
  const entry: ParsedMakefile = { mtimeMs: stat?.mtimeMs ?? 0, text: file.text, index: lineIndex(file.text), tree: parse(file), plain: new Map() };
  if (cache !== undefined && stat !== undefined) cache.set(abs, entry);
  return entry;
}

/** Reads text as makefile lines at the current location (`$(eval)`). */
export function evalText(ctx: MakeContext, text: string): void {
  const where = ctx.location;
  const path = where?.file ?? '';
  const tree = parse(sourceFile(path, text));
  const buffer: Buffer = { path, text, fixed: where, index: lineIndex(text), diagnostics: tree.diagnostics, line: 0, plain: undefined };
  readTree(ctx, buffer, tree.value);
  ctx.location = where;
}

function appendMakefileList(ctx: MakeContext, path: string): void {
  const v = ctx.globals.get('MAKEFILE_LIST');
  if (v === undefined) ctx.globals.set('MAKEFILE_LIST', newVariable('MAKEFILE_LIST', 'simple', 'file', path, { op: '+=', span: undefined, where: undefined }));
  else ownVariable(ctx.globals, v).value = v.value === '' ? path : `${v.value} ${path}`;
}

function readTree(ctx: MakeContext, buffer: Buffer, tree: MakefileNode): void {
  const saved = ctx.location;
  const state: ReadState = { current: undefined, unclosed: false };
  readStatements(ctx, buffer, state, tree.statements);
  setCurrent(ctx, state, undefined);
  // A conditional still open at the end of the file (GNU make: at the line after the last).
  const missing = buffer.diagnostics.find((d) => d.code === 'P004');
  if (missing || state.unclosed) {
    // GNU make reports the line after the last one (an `$(eval)` its caller's line).
    const last = buffer.index.lineStarts.length + (buffer.text.endsWith('\n') ? 0 : 1);
    ctx.location = buffer.fixed ?? { file: buffer.path, line: last };
    throw new MakeStop(ctx.location, "missing 'endif'");
  }
  ctx.location = saved;
}

function at(buffer: Buffer, offset: number): Location {
  return buffer.fixed ?? { file: buffer.path, line: lineAt(buffer, offset) + 1 };
}

/**
 * The zero-based line of `offset`. Statements are read in order, so the line is most often the
 * one found last or a few after it (continuation lines): those are stepped to, others searched.
 */
function lineAt(buffer: Buffer, offset: number): number {
  const starts = buffer.index.lineStarts;
  let line = buffer.line;
  if (starts[line] <= offset) {
    for (let step = 0; step < 8; step++) {
      if (line + 1 >= starts.length || starts[line + 1] > offset) {
        buffer.line = line;
        return line;
      }
      line++;
    }
  }
  line = lineCol(buffer.index, offset).line;
  buffer.line = line;
  return line;
}

function slice(buffer: Buffer, e: Expr): string {
  return unescapeHashes(collapse(buffer.text.slice(e.start, e.end)), buffer.text[e.end] === '#');
}

/**
 * GNU make's comment removal on a non-recipe line: backslashes before a `#` pair up, so `\#`
 * is a literal `#` and `\\#` is a backslash then a comment (read.c `remove_comments`).
 * `beforeComment` says a comment follows the text, so its trailing backslashes pair up too.
 */
function unescapeHashes(text: string, beforeComment: boolean): string {
  if (text.indexOf('\\') === -1) return text;
  let out = text.replace(/(\\+)#/g, (_m, b: string) => `${'\\'.repeat(b.length >> 1)}#`);
  if (beforeComment) out = out.replace(/(\\+)$/, (b: string) => '\\'.repeat(b.length >> 1));
  return out;
}

function readStatements(ctx: MakeContext, buffer: Buffer, state: ReadState, statements: readonly Statement[]): void {
  const plain = buffer.plain === undefined || ctx.condition !== undefined ? undefined : plainAssignments(buffer, statements);
  if (plain === undefined) {
    for (const s of statements) readStatement(ctx, buffer, state, s);
    return;
  }
  const { each, runs } = plain;
  for (let i = 0; i < statements.length; i++) {
    const run = runs.size === 0 ? undefined : runs.get(i);
    if (run !== undefined && ctx.globals.addRun(run)) {
      // The whole run at once: what reading each of its assignments below would do.
      ctx.location = run.last.where;
      setCurrent(ctx, state, undefined);
      i = run.end - 1;
      continue;
    }
    const shared = each[i];
    if (shared !== null && !ctx.globals.has(shared.name)) {
      // What `assign` would do for it, without making the same variable again.
      ctx.location = shared.where;
      setCurrent(ctx, state, undefined);
      ctx.globals.set(shared.name, shared);
    } else readStatement(ctx, buffer, state, statements[i]);
  }
}

function readStatement(ctx: MakeContext, buffer: Buffer, state: ReadState, s: Statement): void {
  ctx.location = at(buffer, s.start);
  switch (s.kind) {
    case 'BlankLine':
      return;
    case 'Assignment':
      setCurrent(ctx, state, undefined);
      assign(ctx, buffer, s);
      return;
    case 'Define':
      setCurrent(ctx, state, undefined);
      directiveMessages(ctx, buffer, s.start, s.end);
      define(ctx, buffer, s);
      return;
    case 'Undefine': {
      setCurrent(ctx, state, undefined);
      const name = strip(expandText(ctx, slice(buffer, s.name)));
      if (name === '') throw new MakeStop(ctx.location, 'empty variable name');
      const v = ctx.globals.get(name);
      const override = s.modifiers.some((t) => t.type === 'Override');
      if (v !== undefined && mayOverride(v.origin, override ? 'override' : 'file')) ctx.globals.delete(name);
      return;
    }
    case 'Conditional':
      conditional(ctx, buffer, state, s);
      return;
    case 'Directive':
      setCurrent(ctx, state, undefined);
      directive(ctx, buffer, s);
      return;
    case 'Rule':
      rule(ctx, buffer, state, s);
      return;
    case 'RecipeLine':
      recipeLine(ctx, buffer, state, s.prefix.end, s.end - (s.newline ? s.newline.image.length : 0));
      return;
    case 'UnresolvedLine': {
      const tabLed = s.indent.length > 0 && s.indent[0].type === 'RecipeTab';
      if (tabLed && state.current !== undefined) {
        recipeLine(ctx, buffer, state, s.indent[0].end, s.end - (s.newline ? s.newline.image.length : 0));
        return;
      }
      setCurrent(ctx, state, undefined);
      const text = strip(expandText(ctx, slice(buffer, s.expr)));
      if (text === '') return;
      if (tabLed) throw new MakeStop(ctx.location, 'recipe commences before first target');
      ruleFromText(ctx, buffer, state, text);
      return;
    }
    case 'ErrorLine': {
      // The parser defers errors inside conditional branches to warnings; taken, they stop make.
      const d = buffer.diagnostics.find((x) => x.code.startsWith('P') && x.span.start >= s.start && x.span.start <= s.end);
      // A stray `endef` is just a line with no separator to GNU make.
      throw new MakeStop(ctx.location, d === undefined || d.code === 'P010' ? 'missing separator' : d.message);
    }
  }
}

/** Variables the engine itself changes in place: their assignments are never shared. */
const engineVariables: ReadonlySet<string> = new Set(['MAKEFILE_LIST', 'SHELL']);

/**
 * For each of a makefile's statements read outside any conditional, the variable it makes when it
 * is a plain assignment (`NAME = VALUE`, no modifiers, no reference in the name) and nothing of
 * that name exists, else null. Such a variable is the same for every make that reads the file, so
 * it is made once per run and shared (kbuild's `include/config/auto.conf`, read by every
 * directory's make, is thousands of them).
 */
function plainAssignments(buffer: Buffer, statements: readonly Statement[]): PlainStatements {
  const memo = buffer.plain!;
  const known = memo.get(statements);
  if (known !== undefined) return known;
  const line = buffer.line;
  const each = statements.map((s) => (s.kind === 'Assignment' ? plainAssignment(buffer, s) : null));
  buffer.line = line;
  const plain = { each, runs: plainRuns(statements, each) };
  memo.set(statements, plain);
  return plain;
}

/** Runs shorter than this are read one assignment at a time: a layer costs every later lookup. */
const shortestRun = 64;

/**
 * The long runs of plain assignments to distinct names, blank lines between them included: each is
 * added to a make's table as one layer when none of its names exists there yet (`GlobalTable`).
 */
function plainRuns(statements: readonly Statement[], each: readonly (Variable | null)[]): Map<number, SharedRun & { end: number; last: Variable }> {
  const runs = new Map<number, SharedRun & { end: number; last: Variable }>();
  let i = 0;
  while (i < statements.length) {
    if (each[i] === null) {
      i++;
      continue;
    }
    const variables = new Map<string, Variable>();
    let end = i;
    let last = each[i]!;
    for (let j = i; j < statements.length; j++) {
      const v = each[j];
      if (v === null) {
        if (statements[j].kind === 'BlankLine') continue;
        break;
      }
      if (variables.has(v.name)) break;
      variables.set(v.name, v);
      last = v;
      end = j + 1;
    }
    if (variables.size >= shortestRun) runs.set(i, { file: last.where!.file, variables, end, last });
    i = end;
  }
  return runs;
}

function plainAssignment(buffer: Buffer, s: Assignment): Variable | null {
  if (s.modifiers.length > 0 || s.op.image !== '=') return null;
  const written = slice(buffer, s.name);
  const name = strip(written);
  if (written.indexOf('$') !== -1 || name === '' || name.startsWith('.') || engineVariables.has(name)) return null;
  const value = valueText(buffer, s.value);
  const where = at(buffer, s.start);
  return sharedVariable(name, value, { op: '=', span: { file: buffer.path, start: s.start, end: s.end }, where, condition: undefined, value });
}

/** The origin an assignment gets, from its modifiers. */
function originOf(modifiers: readonly Token[]): Origin {
  return modifiers.some((t) => t.type === 'Override') ? 'override' : 'file';
}

function opOf(token: Token): AssignOp {
  return token.image as AssignOp;
}

/**
 * Sets a variable as GNU make's `do_variable_definition` does: by flavor of the operator, keeping
 * command-line and override values against plain makefile assignments.
 */
export function setVariable(
  ctx: MakeContext, table: VariableTable, name: string, op: AssignOp, rawValue: string, origin: Origin, where: Location | undefined, span: Diagnostic['span'] | undefined,
): Variable | undefined {
  const existing = table === ctx.globals ? ctx.globals.get(name) : table.get(name);
  const definition: Definition = { op, span, where, condition: ctx.condition };
  // Under -e an environment variable becomes an `environment override` once anything defines it.
  if (existing !== undefined && existing.origin === 'environment') liftEnvironment(existing, environmentOverrides(ctx.options.makeflags));
  if (existing !== undefined && !mayOverride(existing.origin, origin)) {
    // GNU make computes the value before it finds the variable may not change: expansions and
    // commands still run (their messages and errors show), and the result is dropped.
    if (op === ':=' || op === '::=' || op === ':::=' || (op === '+=' && existing.flavor === 'simple')) expandText(ctx, rawValue);
    else if (op === '!=') runShell(ctx, expandText(ctx, rawValue));
    const kept = ownVariable(table, existing);
    kept.definitions.push(definition);
    // GNU make still records whether this assignment appends: a target-specific `+=` that an
    // override kept stops appending to the outer value once a plain assignment is refused.
    if (table !== ctx.globals && kept.appendToParent && op !== '+=') kept.appendToParent = false;
    return undefined;
  }
  definition.value = rawValue;
  switch (op) {
    case '?=':
      // A target-specific `?=` is void when the variable is already set, there or globally.
      if ((table === ctx.globals ? lookup(ctx, name) : (table.get(name) ?? ctx.globals.get(name))) !== undefined) return undefined;
      return put(ctx, table, newVariable(name, 'recursive', origin, rawValue, definition), existing);
    case '+=': {
      if (existing === undefined) {
        const v = newVariable(name, 'recursive', origin, rawValue, definition);
        if (table !== ctx.globals) v.appendToParent = true;
        return put(ctx, table, v, existing);
      }
      // Appending nothing leaves the variable as it was, origin included (GNU make 4.3).
      if (rawValue === '') return existing;
      const addition = existing.flavor === 'simple' ? expandText(ctx, rawValue) : rawValue;
      definition.value = addition;
      const appended = ownVariable(table, existing);
      appended.value = appended.value === '' ? addition : addition === '' ? appended.value : `${appended.value} ${addition}`;
      appended.definitions.push(definition);
      appended.where = where;
      // The appended variable now comes from this definition (an environment variable becomes `file`).
      appended.origin = origin;
      return appended;
    }
    case ':=':
    case '::=':
      definition.value = expandText(ctx, rawValue);
      return put(ctx, table, newVariable(name, 'simple', origin, definition.value, definition), existing);
    case ':::=':
      return put(ctx, table, newVariable(name, 'recursive', origin, expandText(ctx, rawValue).replace(/\$/g, '$$$$'), definition), existing);
    case '!=': {
      const r = runShell(ctx, expandText(ctx, rawValue));
      return put(ctx, table, newVariable(name, 'recursive', origin, r === undefined ? '' : foldNewlines(r.stdout, false), definition), existing);
    }
    default:
      return put(ctx, table, newVariable(name, 'recursive', origin, rawValue, definition), existing);
  }
}

function put(ctx: MakeContext, table: VariableTable, v: Variable, existing: Variable | undefined): Variable {
  if (existing !== undefined) {
    v.definitions.unshift(...existing.definitions);
    v.export = existing.export;
  }
  table.set(v.name, v);
  if (table === ctx.globals && v.name === '.RECIPEPREFIX') ctx.recipePrefix = v.value === '' ? '\t' : v.value[0];
  return v;
}

function applyModifiers(table: VariableTable, found: Variable | undefined, modifiers: readonly Token[]): void {
  if (found === undefined || modifiers.length === 0) return;
  const v = ownVariable(table, found);
  for (const m of modifiers) {
    if (m.type === 'Export') v.export = 'export';
    else if (m.type === 'Unexport') v.export = 'unexport';
    else if (m.type === 'Private') v.private = true;
  }
}

function valueText(buffer: Buffer, e: Expr): string {
  // GNU make drops the blanks after the operator; trailing blanks stay.
  const text = slice(buffer, e);
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i === 0 ? text : text.slice(i);
}

function assign(ctx: MakeContext, buffer: Buffer, s: Assignment): void {
  const name = strip(expandText(ctx, slice(buffer, s.name)));
  if (name === '') throw new MakeStop(ctx.location, 'empty variable name');
  const v = setVariable(ctx, ctx.globals, name, opOf(s.op), valueText(buffer, s.value), originOf(s.modifiers), ctx.location, { file: buffer.path, start: s.start, end: s.end });
  applyModifiers(ctx.globals, v ?? ctx.globals.get(name), s.modifiers);
}

function define(ctx: MakeContext, buffer: Buffer, s: Define): void {
  const name = strip(expandText(ctx, slice(buffer, s.name)));
  if (name === '') throw new MakeStop(ctx.location, 'empty variable name');
  if (s.endef === undefined) throw new MakeStop(ctx.location, "missing 'endef', unterminated 'define'");
  const body = collapse(buffer.text.slice(s.bodyStart, s.bodyEnd));
  const op: AssignOp = s.op === undefined ? '=' : opOf(s.op);
  const v = setVariable(ctx, ctx.globals, name, op, body, originOf(s.modifiers), ctx.location, { file: buffer.path, start: s.start, end: s.end });
  applyModifiers(ctx.globals, v ?? ctx.globals.get(name), s.modifiers);
}

function conditional(ctx: MakeContext, buffer: Buffer, state: ReadState, s: Conditional): void {
  // GNU make reads every directive line of the block in order (warning about extra text as it
  // goes), tests conditions until one holds, and reads only that branch.
  let taken = false;
  const tested: { start: number; end: number; line: number }[] = [];
  for (const branch of s.branches) {
    ctx.location = at(buffer, branch.directive.start);
    directiveMessages(ctx, buffer, branch.directive.start, branch.directive.end);
    if (taken) continue;
    tested.push({ start: branch.directive.start, end: branch.directive.end, line: ctx.location.line });
    if (test(ctx, buffer, state, branch.directive)) {
      taken = true;
      const outer = ctx.condition;
      ctx.condition = { file: buffer.path, tested, outer };
      try {
        readStatements(ctx, buffer, state, branch.body);
      } finally {
        ctx.condition = outer;
      }
    }
  }
  if (s.endif) {
    ctx.location = at(buffer, s.endif.keyword.start);
    directiveMessages(ctx, buffer, s.endif.keyword.start, s.end);
  }
}

/**
 * Prints GNU make's reading-time messages for a directive line: warnings about extra text
 * (`FILE:LINE: extraneous text after 'else' directive`), and the fatal second `else`.
 */
function directiveMessages(ctx: MakeContext, buffer: Buffer, from: number, to: number): void {
  for (const d of buffer.diagnostics) {
    if (d.span.start < from || d.span.start >= to) continue;
    const where = at(buffer, d.span.start);
    if (d.code === 'P011' || d.code === 'P012') ctx.output.push({ stream: 'stderr', text: `${where.file}:${where.line}: ${d.message}\n` });
    else if (d.code === 'P007') throw new MakeStop(where, d.message);
  }
}

/** Evaluates one conditional directive; a bare `else` is true. */
function test(ctx: MakeContext, buffer: Buffer, state: ReadState, d: ConditionalDirective): boolean {
  const keyword = d.keyword;
  if (keyword === undefined) return true;
  if (d.elseTokens.length > 0) {
    try {
      return testCondition(ctx, buffer, d, keyword);
    } catch (e) {
      if (!(e instanceof MakeStop) || e.text !== 'invalid syntax in conditional') throw e;
      // GNU make 4.3 reads an invalid `else if...` as a plain `else` with extra text, and the
      // inner conditional it opened stays open: the file then ends with "missing 'endif'".
      ctx.output.push({ stream: 'stderr', text: `${ctx.location!.file}:${ctx.location!.line}: extraneous text after 'else' directive\n` });
      state.unclosed = true;
      return true;
    }
  }
  return testCondition(ctx, buffer, d, keyword);
}

function testCondition(ctx: MakeContext, buffer: Buffer, d: ConditionalDirective, keyword: Token): boolean {
  const end = d.comment.length > 0 ? d.comment[0].start : d.newline ? d.newline.start : d.end;
  const text = collapse(buffer.text.slice(keyword.end, end));
  if (keyword.type === 'Ifdef' || keyword.type === 'Ifndef') {
    const name = strip(expandText(ctx, text));
    if (/[ \t]/.test(name)) throw new MakeStop(ctx.location, 'invalid syntax in conditional');
    const v = lookup(ctx, name);
    const defined = v !== undefined && v.value !== '';
    return keyword.type === 'Ifdef' ? defined : !defined;
  }
  const equal = compareArgs(ctx, text);
  if (equal === undefined) throw new MakeStop(ctx.location, 'invalid syntax in conditional');
  return keyword.type === 'Ifeq' ? equal : !equal;
}

/** GNU make's `conditional_line` for `ifeq`/`ifneq`: `(a,b)` or two quoted strings. */
function compareArgs(ctx: MakeContext, line: string): boolean | undefined {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const open = line[i];
  if (open !== '(' && open !== '"' && open !== "'") return undefined;
  let first: string;
  let j = i + 1;
  if (open === '(') {
    let count = 0;
    for (; j < line.length; j++) {
      const c = line[j];
      if (c === '(') count++;
      else if (c === ')') count--;
      else if (c === ',' && count <= 0) break;
    }
    if (j >= line.length) return undefined;
    first = line.slice(i + 1, j).replace(/[ \t]+$/, '');
  } else {
    const close = line.indexOf(open, j);
    if (close === -1) return undefined;
    first = line.slice(j, close);
    j = close;
  }
  const left = expandText(ctx, first);
  j++;
  let second: string;
  if (open === '(') {
    while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
    let count = 0;
    let k = j;
    for (; k < line.length; k++) {
      const c = line[k];
      if (c === '(') count++;
      else if (c === ')') {
        if (count <= 0) break;
        count--;
      }
    }
    if (k >= line.length) return undefined;
    second = line.slice(j, k);
  } else {
    while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
    const q = line[j];
    if (q !== '"' && q !== "'") return undefined;
    const close = line.indexOf(q, j + 1);
    if (close === -1) return undefined;
    second = line.slice(j + 1, close);
  }
  return left === expandText(ctx, second);
}

function directive(ctx: MakeContext, buffer: Buffer, s: Directive): void {
  const args = expandText(ctx, slice(buffer, s.args));
  switch (s.keyword.type) {
    case 'Include':
    case 'DashInclude':
    case 'Sinclude':
      include(ctx, splitWords(args), s.keyword.type === 'Include');
      return;
    case 'Export':
    case 'Unexport': {
      const mark = s.keyword.type === 'Export' ? 'export' : 'unexport';
      const names = splitWords(args);
      if (names.length === 0) {
        ctx.exportAll = mark === 'export';
        return;
      }
      for (const name of names) {
        let v = ctx.globals.get(name);
        if (v === undefined) {
          v = newVariable(name, 'simple', 'file', '', { op: ':=', span: undefined, where: ctx.location });
          ctx.globals.set(name, v);
        }
        ownVariable(ctx.globals, v).export = mark;
      }
      return;
    }
    case 'Vpath':
      ctx.vpaths.push(splitWords(args));
      return;
    default:
      ctx.diagnostics.push({ code: 'M003', severity: 'warning', message: `'${s.keyword.image}' is not supported: kbuild-graph does not load plugins`, span: { file: buffer.path, start: s.start, end: s.end } });
  }
}

/**
 * `include`: each file relative to make's directory, then the `-I` directories; words with glob
 * characters are expanded first. A directory stops make even under `-include`. Missing files are
 * checked after all makefiles are read (GNU make tries to remake them then).
 */
function include(ctx: MakeContext, words: readonly string[], required: boolean): void {
  const where = ctx.location;
  // A glob that matches nothing stays itself (glob(3) with GLOB_NOCHECK), so it is missing.
  const files = words.flatMap((w) => {
    if (!/[*?[]/.test(w)) return [w];
    const found = glob(ctx, w);
    return found.length > 0 ? found : [w];
  });
  for (const file of files) {
    const candidates = file.startsWith('/') ? [file] : [file, ...ctx.options.includeDirs.map((d) => `${d}/${file}`)];
    let found = false;
    for (const c of candidates) {
      const kind = ctx.options.host.stat(resolvePath(ctx.options.cwd, c))?.kind;
      if (kind === 'directory') throw new MakeStop(undefined, `${c}: Is a directory`);
      if (kind === 'file') {
        found = readMakefile(ctx, c);
        if (found) break;
      }
    }
    ctx.location = where;
    if (!found && required) ctx.missingIncludes.push({ file, where: where! });
  }
}

/**
 * Moves the reader to a new rule context. The rules of the previous one are complete (their
 * recipe read), so they are recorded under their targets now, as GNU make records waiting files.
 */
function setCurrent(ctx: MakeContext, state: ReadState, rules: Rule[] | undefined): void {
  const done = state.current;
  state.current = rules;
  if (done === undefined) return;
  for (const r of done) {
    if (r.pattern) continue;
    for (const m of recordRule(ctx.rules, r)) {
      if (m.fatal) throw new MakeStop(m.where, m.text);
      ctx.output.push({ stream: 'stderr', text: `${m.where.file}:${m.where.line}: ${m.text}\n` });
    }
  }
}

function recipeLine(ctx: MakeContext, buffer: Buffer, state: ReadState, from: number, to: number): void {
  if (state.current === undefined) throw new MakeStop(ctx.location, 'recipe commences before first target');
  const text = buffer.text.slice(from, to);
  for (const r of state.current) r.recipe.push({ text, where: ctx.location! });
}

function rule(ctx: MakeContext, buffer: Buffer, state: ReadState, s: RuleNode): void {
  const first = s.prerequisites.parts.find((p) => !('type' in p) || (p.type !== 'Blank' && p.type !== 'Continuation'));
  if (first !== undefined && 'type' in first && (first.type === 'Define' || first.type === 'Undefine')) {
    throw new MakeStop(ctx.location, 'Malformed target-specific variable definition');
  }
  const targets = fileNames(unescapeColons(splitWords(expandText(ctx, slice(buffer, s.targets)))));
  if (s.targetVariable) {
    setCurrent(ctx, state, undefined);
    const tv = s.targetVariable;
    const name = strip(expandText(ctx, slice(buffer, tv.name)));
    for (const t of targets) {
      const table = targetTable(ctx, t);
      // The value is expanded (`:=`, `+=` to a simple variable) among the target's own variables,
      // as GNU make reads it: `t: V := $(V)` sees t's earlier V.
      const depth = ctx.scopes.length;
      if (!t.includes('%')) ctx.scopes.push(table);
      let v: Variable | undefined;
      try {
        v = setVariable(ctx, table, name, opOf(tv.op), valueText(buffer, tv.value), originOf(tv.modifiers), ctx.location, { file: buffer.path, start: s.start, end: s.end });
      } finally {
        ctx.scopes.length = depth;
      }
      applyModifiers(table, v ?? table.get(name), tv.modifiers);
    }
    return;
  }
  // Under `.SECONDEXPANSION`, a word that still holds a reference stays whole, blanks inside the
  // reference included, until the second expansion splits its value into words (GNU make's
  // parse_file_seq): `$$(patsubst %.c,%.o,$$(x))` is one word. A static pattern rule keeps such a
  // list whole (each `%` in it becomes the stem, rules.ts).
  const second = secondExpansionOn(ctx, state);
  const words = (text: string, unescape: boolean): string[] => {
    const split = !second || !text.includes('$') ? splitWords(text) : s.staticPattern ? [text.trim()] : referenceWords(text);
    const plain = (list: string[]): string[] => globWords(ctx, fileNames(unescape ? unescapeColons(list) : list));
    return split.flatMap((w) => (second && w.includes('$') ? [w] : plain([w])));
  };
  const prerequisites = words(expandText(ctx, slice(buffer, s.prerequisites)), true);
  const orderOnly = s.orderOnly ? words(expandText(ctx, slice(buffer, s.orderOnly.prerequisites)), false) : [];
  const pattern = s.staticPattern ? fileNames([strip(expandText(ctx, slice(buffer, s.staticPattern.pattern)))])[0] : undefined;
  const recipe = s.recipe ? [buffer.text.slice(s.recipe.semicolon.end, s.end - (s.newline ? s.newline.image.length : 0))] : [];
  addRule(ctx, state, globWords(ctx, targets), prerequisites, orderOnly, pattern, s.op.type === 'DoubleColon', s.op.type === 'AmpColon', recipe);
}

/**
 * Words of a rule line with glob characters become the files they match, sorted, as GNU make's
 * reader expands them (read.c `parse_file_seq`); a glob that matches nothing stays as written.
 * Pattern words (`%`) and words left for a second expansion (`$`) are not globbed.
 */
function globWords(ctx: MakeContext, words: string[]): string[] {
  if (!words.some((w) => /[*?[]/.test(w))) return words;
  return words.flatMap((w) => {
    if (!/[*?[]/.test(w) || w.includes('%') || w.includes('$')) return [w];
    const found = glob(ctx, w);
    return found.length > 0 ? found : [w];
  });
}

/**
 * Rule words as GNU make's reader enters them (read.c `parse_file_seq`): leading `./` (with the
 * slashes after it) is dropped, so `./x` and `x` are one file; `./` alone stays.
 */
function fileNames(words: string[]): string[] {
  if (!words.some((w) => w.startsWith('./'))) return words;
  return words.map((w) => {
    let name = w;
    while (name.length > 2 && name.startsWith('./')) name = name.slice(2).replace(/^\/+/, '');
    return name;
  });
}

/** `a\:b` names the file `a:b` (GNU make unquotes colons in rule lines). */
function unescapeColons(words: string[]): string[] {
  return words.map((w) => (w.includes('\\:') ? w.replace(/\\:/g, ':') : w));
}

/** A line that expanded to text: it must be a rule (GNU make reads it no other way). */
function ruleFromText(ctx: MakeContext, buffer: Buffer, state: ReadState, text: string): void {
  const tree = parse(sourceFile(buffer.path, text));
  const s = tree.value.statements.find((x) => x.kind !== 'BlankLine');
  if (s === undefined) return;
  if (s.kind !== 'Rule') throw new MakeStop(ctx.location, 'missing separator');
  rule(ctx, { ...buffer, text, fixed: ctx.location, index: lineIndex(text), diagnostics: tree.diagnostics, line: 0, plain: undefined }, state, s);
}

/** Words of a rule line's text split at blanks outside references (`$(a b)` is one word). */
function referenceWords(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (depth === 0 && (c === ' ' || c === '\t')) {
      if (start !== -1) words.push(text.slice(start, i));
      start = -1;
      continue;
    }
    if (start === -1) start = i;
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      depth++;
      i++;
    } else if (depth > 0 && (c === ')' || c === '}')) depth--;
  }
  if (start !== -1) words.push(text.slice(start));
  return words;
}

/** Whether `.SECONDEXPANSION` applies to a rule read now: to the rules read after it (its own rule may still be open). */
function secondExpansionOn(ctx: MakeContext, state: ReadState): boolean {
  return ctx.rules.targets.has('.SECONDEXPANSION') || (state.current?.some((x) => x.targets.includes('.SECONDEXPANSION')) ?? false);
}

function addRule(
  ctx: MakeContext, state: ReadState, targets: string[], prerequisites: string[], orderOnly: string[], staticPattern: string | undefined,
  doubleColon: boolean, grouped: boolean, recipe: string[],
): void {
  if (targets.length === 0) {
    // A rule whose targets expand to nothing swallows its recipe lines (GNU make's no_targets).
    setCurrent(ctx, state, []);
    return;
  }
  const where = ctx.location!;
  if (staticPattern !== undefined && !staticPattern.includes('%')) throw new MakeStop(where, "target pattern contains no '%'");
  // `\%` in a target is a literal percent: such a target is explicit (GNU make find_percent).
  const hasPercent = (t: string): boolean => /(^|[^\\])(\\\\)*%/.test(t);
  const isPattern = staticPattern === undefined && targets.some(hasPercent);
  if (isPattern && !targets.every(hasPercent)) {
    // GNU make 4.3 still accepts this, with an error message that does not stop it.
    ctx.output.push({ stream: 'stderr', text: `${where.file}:${where.line}: *** mixed implicit and normal rules: deprecated syntax\n` });
  }
  const names = isPattern ? targets : targets.map((t) => t.replace(/\\%/g, '%'));
  const secondExpansion = secondExpansionOn(ctx, state);
  const r: Rule = {
    targets: names, prerequisites, orderOnly, staticPattern, doubleColon, grouped, pattern: isPattern, secondExpansion,
    recipe: recipe.map((text) => ({ text, where })), where,
  };
  setCurrent(ctx, state, [r]);
  if (isPattern) {
    // A pattern rule with the same targets and prerequisites as an earlier one replaces it; without
    // a recipe it only cancels it (GNU make's new_pattern_rule; the search skips such a rule).
    const same = ctx.rules.patterns.findIndex((old) => samePatternRule(old, r));
    if (same !== -1) ctx.rules.patterns.splice(same, 1);
    ctx.rules.patterns.push(r);
  } else ctx.rules.explicit.push(r);
  // GNU make record_files: a rule read while `.DEFAULT_GOAL` is empty gives it its first target, so
  // emptying `.DEFAULT_GOAL` lets the next rule's target take its place.
  const defaultGoal = ctx.globals.get('.DEFAULT_GOAL');
  const goal = isPattern ? undefined : targets.find(canBeDefaultGoal);
  if (goal !== undefined && defaultGoal !== undefined && defaultGoal.value === '') {
    ctx.rules.defaultGoal = goal;
    ownVariable(ctx.globals, defaultGoal).value = goal;
  }
}

function targetTable(ctx: MakeContext, target: string): VariableTable {
  if (target.includes('%')) {
    // All the lines of one pattern share one table, as GNU make keeps one variable set per pattern.
    const known = ctx.rules.patternVariables.find((p) => p.pattern === target);
    if (known !== undefined) return known.variables;
    const variables: VariableTable = new Map();
    ctx.rules.patternVariables.push({ pattern: target, variables });
    return variables;
  }
  let table = ctx.rules.targetVariables.get(target);
  if (table === undefined) {
    table = new Map();
    ctx.rules.targetVariables.set(target, table);
  }
  return table;
}

