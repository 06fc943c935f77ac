/**
 * `tokenize(file)`: scans one file and returns plain tokens, the parser's Chevrotain tokens, and
 * diagnostics about the file's bytes. It never throws.
 */
import type { IToken } from 'chevrotain';
import { diagnostic, span, type Diagnostic, type SourceFile } from '../base/index.js';
import { scan } from './scan.js';

/** One token: its type name, offsets and text. Plain data; it can be serialised. */
export interface Token {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly image: string;
}

/** What `tokenize` returns. */
export interface TokenizeResult {
  /** Every token in offset order, trivia (comments) included; together they tile the text. */
  readonly tokens: readonly Token[];
  /** The tokens the parser reads (trivia left out), each carrying its `Token` as `payload`. */
  readonly parserTokens: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Splits a file into tokens.
 *
 * @example
 * const { tokens } = tokenize(sourceFile('Makefile', 'obj-y += a.o\n'));
 * tokens.map((t) => t.type); // ['Text', 'PlusEquals', 'Blank', 'Text', 'Newline']
 */
export function tokenize(file: SourceFile): TokenizeResult {
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
  const parserTokens = scanned.tokens;
  for (const t of parserTokens) t.payload = toToken(t);
  const tokens: Token[] = mergeByOffset(parserTokens, scanned.comments);
  return { tokens, parserTokens, diagnostics };
}

function toToken(t: IToken): Token {
  return { type: t.tokenType.name, start: t.startOffset, end: t.startOffset + t.image.length, image: t.image };
}

function mergeByOffset(main: readonly IToken[], trivia: readonly IToken[]): Token[] {
  const out: Token[] = new Array(main.length + trivia.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < main.length || j < trivia.length) {
    if (j >= trivia.length || (i < main.length && main[i].startOffset < trivia[j].startOffset)) {
      out[k++] = main[i++].payload as Token;
    } else {
      out[k++] = toToken(trivia[j++]);
    }
  }
  return out;
}
