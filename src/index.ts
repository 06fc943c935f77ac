/**
 * The kbuild-graph library entry: re-exports the public API of each layer.
 */
export * from './base/index.js';
export * from './lexer/index.js';
export * from './parser/index.js';
export * from './eval/make/index.js';
export * from './eval/kbuild/index.js';
export * from './graph/index.js';
