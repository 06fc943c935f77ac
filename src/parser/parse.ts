/**
 * The Chevrotain statement grammar and `parse(file)`. Lines are classified as GNU make's reader
 * does; conditionals nest, `define` bodies are kept raw; expressions are parsed per line.
 */
import { EmbeddedActionsParser, EOF, type IToken, type TokenType } from 'chevrotain';
import { diagnostic, span, type Diagnostic, type SourceFile } from '../base/index.js';
import { allTokens, ConditionalLine, DefineLine, LogicalLine, tokenizeLines, type Token } from '../lexer/index.js';
import type { ConditionalBranch, ConditionalDirective, MakefileNode, Statement } from './cst.js';
import { buildDefine, defineNesting } from './define.js';
import {
  buildAssignment, buildBlank, buildConditionalDirective, buildDirective, buildErrorLine, buildRecipe, buildRule,
  buildUnresolved, classify, keywordLine, lineContext, range, type Classified, type Line, type LineContext, type RuleContext,
} from './lines.js';
import { tokensOf } from './print.js';
import { simpleAssignments } from './simple.js';
import { warmUpFile } from './warm-up.js';

/** What `parse` returns: the tree and every diagnostic of the file (lexer and parser). */
export interface ParseResult {
  readonly value: MakefileNode;
  readonly diagnostics: readonly Diagnostic[];
}

/** A peeked logical line with its classification. */
interface Peeked {
  readonly first: IToken;
  readonly line: Line;
  readonly classified: Classified;
  readonly prefixLed: boolean;
}

/** The line before the end of input: no tokens and no line end, as an empty last line would be. */
const noLine: Line = { tokens: [], newline: undefined, depth: [0] };

/**
 * The statement grammar. One instance per process (Chevrotain's performance guide); every field
 * below the rules is per-parse state, reset by `begin`, and never escapes into results.
 *
 * Its tokens are whole logical lines (`LogicalLine`, see the lexer): every decision is made per line,
 * by classifying the line as GNU make's reader does, so the grammar never needs to look inside one.
 * Semantic actions test `RECORDING_PHASE` instead of wrapping each in `ACTION(() => ...)`, and the
 * per-line alternatives are made once, so that a line costs no closures.
 */
class MakeParser extends EmbeddedActionsParser {
  private file = '';
  private diagnostics: Diagnostic[] = [];
  private lineContext: LineContext = lineContext('', []);
  private context: RuleContext = 'no';
  private prefix = '\t';
  private peeked: Peeked | undefined;
  /** How many conditionals enclose the current line. */
  private conditionalDepth = 0;
  /** How many lines the grammar consumed, to prove nothing was dropped. */
  consumed = 0;

  constructor() {
    super([LogicalLine, DefineLine, ConditionalLine], { recoveryEnabled: true, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  begin(file: string, diagnostics: Diagnostic[], lines: IToken[]): void {
    this.file = file;
    this.diagnostics = diagnostics;
    this.lineContext = lineContext(file, diagnostics);
    this.context = 'no';
    this.prefix = '\t';
    this.peeked = undefined;
    this.conditionalDepth = 0;
    this.consumed = 0;
    this.input = lines;
  }

  /**
   * statement: defineBlock | conditional | line, chosen by the next line's token type, which `peek`
   * sets from the line's class. Statements are the grammar's most frequent step, so they are
   * alternatives inlined into the rules that repeat them rather than a rule of their own: a subrule
   * call per line costs more than the rest of Chevrotain's work on it. The alternatives overlap (a
   * `DefineLine` is a `LogicalLine`); the first that matches is taken.
   */
  private readonly statement = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.SUBRULE(this.defineBlock) },
      { ALT: () => this.SUBRULE(this.conditional) },
      {
        ALT: (): Statement => {
          const peeked = this.RECORDING_PHASE ? undefined : this.peek();
          const line = this.taken(this.CONSUME(LogicalLine));
          // Recording the grammar runs no actions (Chevrotain's ACTION); there is no line to build.
          if (peeked === undefined) return undefined as never;
          return this.build(line, peeked.classified, peeked.prefixLed);
        },
      },
    ],
  };

  /** makefile: statement* */
  makefile = this.RULE('makefile', () => {
    const statements: Statement[] = [];
    this.MANY(() => {
      this.classifyNext();
      statements.push(this.OR(this.statement));
    });
    return statements;
  });

  /** defineBlock: defineLine bodyLine* endefLine? */
  defineBlock = this.RULE('defineBlock', (): Statement => {
    const peeked = this.ACTION(() => this.peek());
    const header = this.taken(this.CONSUME(DefineLine));
    const body: Line[] = [];
    let nesting = 1;
    let endLine: Line | undefined;
    let endClassified: Classified | undefined;
    this.MANY({
      GATE: () => !(nesting === 1 && defineNesting(this.nextLine(), this.prefix) === -1),
      DEF: () => {
        const line = this.taken(this.CONSUME2(LogicalLine));
        if (this.RECORDING_PHASE) return;
        nesting += defineNesting(line, this.prefix);
        body.push(line);
      },
    });
    this.OPTION(() => {
      const endPeek = this.RECORDING_PHASE ? undefined : this.peek();
      const line = this.taken(this.CONSUME3(LogicalLine));
      if (endPeek === undefined) return;
      endLine = line;
      endClassified = { ...endPeek.classified, kind: 'blank' };
    });
    return this.ACTION(() => {
      this.context = 'no';
      return buildDefine(this.ctx(), header, peeked.classified, body, endLine, endClassified);
    });
  });

  /** conditional: ifLine branchBody (elseLine branchBody)* endifLine? */
  conditional = this.RULE('conditional', (): Statement => {
    const branches: ConditionalBranch[] = [];
    const ends: RuleContext[] = [];
    const entry = this.ACTION(() => this.context);
    let bareElse: ConditionalDirective | undefined;
    let endif: ReturnType<typeof keywordLine> | undefined;
    let endifNewline: Token | undefined;
    const firstPeek = this.ACTION(() => this.peek());
    const firstLine = this.taken(this.CONSUME(ConditionalLine));
    const firstBody = this.SUBRULE(this.branchBody);
    this.ACTION(() => {
      const directive = buildConditionalDirective(this.ctx(), firstLine, firstPeek.classified);
      branches.push(branchOf(directive, firstBody));
    });
    this.MANY({
      GATE: () => this.peek().classified.kind === 'else',
      DEF: () => {
        const elsePeek = this.ACTION(() => this.peek());
        const line = this.taken(this.CONSUME2(LogicalLine));
        const directive = this.ACTION(() => {
          ends.push(this.context);
          this.context = entry;
          const dir = buildConditionalDirective(this.ctx(), line, elsePeek.classified);
          if (bareElse) {
            this.diagnostics.push(diagnostic('P007', 'error', "only one 'else' per conditional", span(this.file, dir.start, dir.start + 4), [
              { span: span(this.file, bareElse.start, bareElse.start + 4), message: "the first 'else'" },
            ]));
          }
          if (dir.keyword === undefined) bareElse = dir;
          return dir;
        });
        const body = this.SUBRULE2(this.branchBody);
        this.ACTION(() => branches.push(branchOf(directive, body)));
      },
    });
    this.OPTION({
      GATE: () => this.peek().classified.kind === 'endif',
      DEF: () => {
        const endPeek = this.ACTION(() => this.peek());
        const line = this.taken(this.CONSUME3(LogicalLine));
        this.ACTION(() => {
          endif = keywordLine(this.ctx(), line, endPeek.classified, 'endif');
          endifNewline = line.newline;
        });
      },
    });
    return this.ACTION(() => {
      ends.push(this.context);
      // Rule context after the block: known only when every path through it agrees.
      if (!bareElse) ends.push(entry);
      this.context = ends.every((c) => c === ends[0]) ? ends[0] : 'maybe';
      const first = branches[0].directive;
      if (!endif) {
        const kw = first.keyword ?? first;
        this.diagnostics.push(diagnostic('P004', 'error', "missing 'endif'", span(this.file, kw.start, kw.end)));
      }
      const last = branches[branches.length - 1];
      return {
        kind: 'Conditional',
        start: first.start,
        end: endif ? (endifNewline ? endifNewline.end : lastTokenEnd(endif)) : last.end,
        branches,
        endif,
        comment: [],
        newline: endifNewline,
      } satisfies Statement;
    });
  });

  /** branchBody: statement* up to the next else/endif of this conditional. */
  branchBody = this.RULE('branchBody', (): Statement[] => {
    const statements: Statement[] = [];
    this.MANY({
      GATE: () => {
        const kind = this.peek().classified.kind;
        return kind !== 'else' && kind !== 'endif';
      },
      DEF: () => {
        this.classifyNext();
        const before = this.RECORDING_PHASE ? 0 : this.diagnostics.length;
        const statement = this.OR(this.statement);
        if (!this.RECORDING_PHASE) this.deferErrors(before);
        statements.push(statement);
      },
    });
    return statements;
  });

  /**
   * Errors of a line inside a conditional branch are deferred (STYLE 2): GNU make reports them
   * only if the branch is taken, so here they are warnings and evaluation decides. Errors about
   * the structure (a missing `endif` or `endef`, a stray `else`) stay errors.
   */
  private deferErrors(from: number): void {
    for (let i = from; i < this.diagnostics.length; i++) {
      const d = this.diagnostics[i];
      if (d.severity === 'error' && deferrable.has(d.code)) this.diagnostics[i] = { ...d, severity: 'warning' };
    }
  }

  private ctx(): LineContext {
    return this.lineContext;
  }

  /** The line a `CONSUME` read, counted; the next peek classifies the line after it. */
  private taken(token: IToken): Line {
    // While the grammar is recorded, `token` is a placeholder.
    if (this.RECORDING_PHASE) return noLine;
    this.peeked = undefined;
    // A line that recovery inserted is not in the input: there is nothing to count or keep.
    if (token.isInsertedInRecovery || token.payload === undefined) return noLine;
    this.consumed++;
    return token.payload as Line;
  }

  /** The next logical line, not consumed. */
  private nextLine(first: IToken = this.LA(1)): Line {
    return first.tokenType === EOF ? noLine : (first.payload as Line);
  }

  /** Classifies the next line, so that its token's type tells the statement it starts. */
  private classifyNext(): void {
    if (!this.RECORDING_PHASE) this.peek();
  }

  /**
   * Reads the next logical line without consuming it, and classifies it (cached per line). A line
   * that starts a `define` or a conditional gets that token type (see `DefineLine`).
   */
  private peek(): Peeked {
    const first = this.LA(1);
    if (this.peeked && this.peeked.first === first) return this.peeked;
    const line = this.nextLine(first);
    const prefixLed = this.prefixLed(line);
    const classified = classify(line, this.context, prefixLed);
    if (classified.kind === 'define') retype(first, DefineLine);
    else if (classified.kind === 'if') retype(first, ConditionalLine);
    this.peeked = { first, line, classified, prefixLed };
    return this.peeked;
  }

  /**
   * The statements of a file where no token is a `define`, `endef`, conditional, `else` or
   * `endif` keyword (`TokenizedLines.blockKeywords`; the scanner makes one at any token start, so
   * this also rules out `override define` and a keyword in a value). Every line is then one
   * statement, built exactly as the grammar's third alternative of `statement` builds it, without
   * Chevrotain's per-line work (a `MANY` iteration, an `OR` and a `CONSUME`: most of the cost of a
   * line such as `CONFIG_X=y` in kbuild's `include/config/auto.conf`, and of a `.cmd` file's).
   */
  flat(lines: readonly IToken[]): Statement[] {
    const statements: Statement[] = [];
    for (const token of lines) {
      const line = token.payload as Line;
      const prefixLed = this.prefixLed(line);
      statements.push(this.build(line, classify(line, this.context, prefixLed), prefixLed));
      this.consumed++;
    }
    return statements;
  }

  /** Whether `line` starts with the recipe prefix (a tab, or `.RECIPEPREFIX`'s character). */
  private prefixLed(line: Line): boolean {
    const tokens = line.tokens;
    return tokens.length > 0 && (this.prefix === '\t' ? tokens[0].type === 'RecipeTab' : tokens[0].image.startsWith(this.prefix));
  }

  /** Builds a one-line statement and moves the rule context along, as GNU make's reader does. */
  private build(line: Line, c: Classified, prefixLed: boolean): Statement {
    const ctx = this.ctx();
    switch (c.kind) {
      case 'blank':
        return buildBlank(line, c);
      case 'recipe':
        return buildRecipe(line);
      case 'assignment': {
        this.context = 'no';
        const node = buildAssignment(ctx, line, c);
        this.noteRecipePrefix(node);
        return node;
      }
      case 'undefine': {
        this.context = 'no';
        const keyword = line.tokens[c.afterModifiers];
        const d = buildDirective(ctx, line, { ...c, body: c.afterModifiers });
        return {
          kind: 'Undefine', start: d.start, end: d.end, indent: range(line.tokens, 0, c.body), modifiers: range(line.tokens, c.body, c.afterModifiers),
          keyword, name: d.args, comment: d.comment, newline: d.newline,
        };
      }
      case 'directive':
        // include, vpath, export and unexport all end the previous rule (GNU make read.c).
        this.context = 'no';
        return buildDirective(ctx, line, c);
      case 'rule': {
        const node = buildRule(ctx, line, c);
        this.context = node.targetVariable ? 'no' : 'yes';
        return node;
      }
      case 'unresolved':
        if (!prefixLed) this.context = 'maybe';
        return buildUnresolved(ctx, line, c, prefixLed);
      case 'missing-separator':
      case 'stray-endef':
      case 'recipe-before-target':
      case 'else':
      case 'endif':
      case 'if':
      case 'define':
        return buildErrorLine(ctx, line, c);
    }
  }

  /** Follows literal `.RECIPEPREFIX` assignments, so recipe lines are found with another prefix. */
  private noteRecipePrefix(node: Statement & { kind: 'Assignment' }): void {
    const name = node.name.parts;
    // The `includes` test spares trimming the name of every other assignment.
    if (name.length === 0 || !('type' in name[0]) || !name[0].image.includes('.RECIPEPREFIX') || name[0].image.trim() !== '.RECIPEPREFIX') return;
    const parts = node.value.parts;
    if (parts.some((p) => !('type' in p) || p.type.startsWith('Dollar'))) return;
    const value = parts.map((p) => ('image' in p ? p.image : '')).join('').replace(/^[ \t]+/, '');
    this.prefix = value.length > 0 ? value[0] : '\t';
  }
}

/** Line errors GNU make reports only when it reads the line in a taken branch. */
const deferrable: ReadonlySet<string> = new Set(['P001', 'P002', 'P003', 'P008', 'P010']);

function retype(token: IToken, type: TokenType): void {
  token.tokenType = type;
  token.tokenTypeIdx = type.tokenTypeIdx!;
}

function branchOf(directive: ConditionalDirective, body: readonly Statement[]): ConditionalBranch {
  const end = body.length > 0 ? body[body.length - 1].end : directive.end;
  return { kind: 'ConditionalBranch', start: directive.start, end, directive, body };
}

function lastTokenEnd(x: { readonly keyword: Token; readonly trailing: readonly Token[] }): number {
  return x.trailing.length > 0 ? x.trailing[x.trailing.length - 1].end : x.keyword.end;
}

let instance: MakeParser | undefined;

/** The process's parser, made on first use so that importing the library stays cheap. */
function parser(): MakeParser {
  if (instance === undefined) {
    instance = new MakeParser();
    // V8 optimises the scanner and the builders for the cases they have run so far, and discards the
    // optimised code when it meets another (then compiles it again). Parsing one small file with
    // every kind of token and statement first shows it all the cases at once; a run over the
    // kernel's Makefiles then does about 7% less work (see warm-up.ts).
    parse(warmUpFile);
  }
  return instance;
}

/**
 * Parses one makefile into a lossless tree. Never throws on any input.
 *
 * @example
 * const { value, diagnostics } = parse(sourceFile('Makefile', 'obj-$(CONFIG_X) += x.o\n'));
 * value.statements[0].kind; // 'Assignment'
 * print(value) === 'obj-$(CONFIG_X) += x.o\n'; // true
 */
export function parse(file: SourceFile): ParseResult {
  return parseWith(file, true);
}

/**
 * `parse` through the grammar alone, even where `MakeParser.flat` would build the file: for the
 * test that the two agree. Not part of the library's interface.
 */
export function parseByGrammar(file: SourceFile): ParseResult {
  return parseWith(file, false);
}

function parseWith(file: SourceFile, flat: boolean): ParseResult {
  const simple = flat ? simpleAssignments(file) : undefined;
  if (simple !== undefined) return { value: simple, diagnostics: [] };
  const lexed = tokenizeLines(file);
  const diagnostics: Diagnostic[] = lexed.diagnostics.slice();
  const p = parser();
  p.begin(file.path, diagnostics, lexed.parserTokens as IToken[]);
  let statements: Statement[] = [];
  try {
    statements = flat && !lexed.blockKeywords ? p.flat(lexed.parserTokens as IToken[]) : p.makefile();
  } catch (e) {
    diagnostics.push(diagnostic('X000', 'error', `internal error: parser failed: ${(e as Error).message}`, span(file.path, 0, 0)));
  }
  // Chevrotain's `errors` getter copies the list; read it once.
  const errors = p.errors;
  for (const e of errors) {
    diagnostics.push(diagnostic('X000', 'error', `internal error: ${e.message}`, span(file.path, e.token.startOffset ?? 0, (e.token.startOffset ?? 0) + (e.token.image?.length ?? 0))));
  }
  // The scanner is total (every character lands in a token of a known type), so nothing is unknown.
  const unknown: Token[] = [];
  let value: MakefileNode = { kind: 'Makefile', file: file.path, start: 0, end: file.text.length, statements, trivia: lexed.comments, unknown };
  if (p.consumed !== lexed.parserTokens.length || errors.length > 0) value = recoverLostTokens(value, allTokens(lexed.parserTokens, lexed.comments), file.path, diagnostics);
  if (diagnostics.length > 1) diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { value, diagnostics };
}

/**
 * Safety net: if the grammar ever skipped tokens (a bug, or Chevrotain's re-sync recovery), gather
 * each run of them into an `ErrorLine`, so that the tree still tiles the input.
 */
function recoverLostTokens(root: MakefileNode, all: readonly Token[], file: string, diagnostics: Diagnostic[]): MakefileNode {
  const covered = new Set<Token>(tokensOf(root));
  const lost: Statement[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    diagnostics.push(diagnostic('X000', 'error', 'internal error: tokens the grammar did not place', span(file, run[0].start, run[run.length - 1].end)));
    lost.push({ kind: 'ErrorLine', start: run[0].start, end: run[run.length - 1].end, tokens: run, comment: [], newline: undefined });
    run = [];
  };
  for (const t of all) {
    if (covered.has(t)) flush();
    else run.push(t);
  }
  flush();
  const statements = [...root.statements, ...lost].sort((a, b) => a.start - b.start);
  return { ...root, statements };
}

