/**
 * Layer `lexer`: the token vocabulary of GNU make / Kbuild, the Chevrotain token type the parser reads,
 * and `tokenize(file)`. It imports `base` only.
 */
export {
  allTokens, tokenize, tokenizeLines, type Line, type Token, type TokenizedLines, type TokenizeResult, type TokenTypeName,
} from './tokenize.js';
export { builtinFunctionNames, ConditionalLine, DefineLine, keywordTokens, LogicalLine } from './tokens.js';
