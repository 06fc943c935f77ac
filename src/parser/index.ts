/**
 * Layer `parser` (API Boundary): the lossless concrete syntax tree of a GNU make / Kbuild file.
 * It imports `base` and `lexer` only.
 */
export { parse, type ParseResult } from './parse.js';
export { print, tokensOf } from './print.js';
export type * from './cst.js';
