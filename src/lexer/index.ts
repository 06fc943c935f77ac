/**
 * Layer `lexer`: Chevrotain token types for GNU make / Kbuild and `tokenize(file)`.
 * It imports `base` only.
 */
export { tokenize, type Token, type TokenizeResult } from './tokenize.js';
export * as tokenTypes from './tokens.js';
export { builtinFunctionNames } from './tokens.js';
