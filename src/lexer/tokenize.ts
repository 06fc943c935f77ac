/**
 * `tokenize(file)`: scans one file and returns its plain tokens, the parser's line tokens, and
 * diagnostics about the file's bytes. It never throws.
 */
import type { IToken } from 'chevrotain';
import { diagnostic, span, type Diagnostic, type SourceFile } from '../base/index.js';
import { allTokens, scan } from './scan.js';
import type { Token } from './tokens.js';

export { allTokens };
export type { Line, Token, TokenTypeName } from './tokens.js';

/** What `tokenizeLines` returns: what the parser reads. */
export interface TokenizedLines {
  /**
   * One `LogicalLine` token per logical line, carrying the line's `Line` as `payload`. The lines'
   * tokens and line ends plus `comments` tile the text.
   */
  readonly parserTokens: readonly IToken[];
  /** The comments, in offset order. */
  readonly comments: readonly Token[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Whether some token is a keyword that opens, divides or closes a block (`define`, `endef`, a
   * conditional, `else`, `endif`), wherever it stands; without one the parser builds line by line.
   */
  readonly blockKeywords: boolean;
}

/** What `tokenize` returns. */
export interface TokenizeResult extends TokenizedLines {
  /** Every token in offset order, trivia (comments) included; together they tile the text. */
  readonly tokens: readonly Token[];
}

/**
 * Splits a file into tokens.
 *
 * @example
 * const { tokens } = tokenize(sourceFile('Makefile', 'obj-y += a.o\n'));
 * tokens.map((t) => t.type); // ['Text', 'PlusEquals', 'Blank', 'Text', 'Newline']
 */
export function tokenize(file: SourceFile): TokenizeResult {
  const lexed = tokenizeLines(file);
  return { tokens: allTokens(lexed.parserTokens, lexed.comments), ...lexed };
}

/**
 * Splits a file into logical lines of tokens, and comments: `tokenize` without the flat list of
 * every token, which the parser does not need. `allTokens(parserTokens, comments)` makes that list.
 */
export function tokenizeLines(file: SourceFile): TokenizedLines {
  const diagnostics: Diagnostic[] = [];
  if (file.encoding === 'latin1') {
    diagnostics.push(
      diagnostic('L001', 'warning', 'file is not valid UTF-8; its bytes are read as Latin-1', span(file.path, file.firstInvalidByte ?? 0, (file.firstInvalidByte ?? 0) + 1)),
    );
  }
  const nul = file.text.indexOf('\0');
  if (nul !== -1) {
    diagnostics.push(diagnostic('L002', 'warning', 'NUL byte in makefile', span(file.path, nul, nul + 1)));
  }
  const scanned = scan(file.text);
  return { parserTokens: scanned.lines, comments: scanned.comments, diagnostics, blockKeywords: scanned.blockKeywords };
}
