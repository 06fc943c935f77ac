/**
 * Property tests of the lexer and parser (STYLE 5): on arbitrary text, and on text made of make's
 * own fragments, parsing never throws, prints back byte for byte, and every token and span tiles
 * or stays inside the file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceFile } from '../../src/base/index.js';
import { parse } from '../../src/parser/index.js';
import { parseByGrammar } from '../../src/parser/parse.js';
import { simpleAssignments } from '../../src/parser/simple.js';
import { lexerInvariants, observe, parseInvariants } from './check.js';

/** Pieces of make syntax, so that generated text often forms references, rules and directives. */
const fragments = [
  '$(', '${', ')', '}', '(', '{', ',', ':', '::', '=', ':=', '::=', ':::=', '+=', '?=', '!=', '#', '\\#', '\\\n', '\\\r\n', '\\',
  '\n', '\n', '\n', '\r\n', '\r', '\t', '\t', ' ', ' ', '  ', ';', '|', '&:', '%', '"', "'", '$$', '$x', '$', '@', '\0',
  'ifeq', 'ifneq', 'ifdef', 'ifndef', 'else', 'endif', 'define', 'endef', 'undefine', 'include', '-include', 'sinclude',
  'export', 'unexport', 'override', 'private', 'vpath', 'load', '.RECIPEPREFIX', '>',
  'foo', 'bar', 'x', 'obj-y', 'a.o', 'info', 'call', 'eval', 'subst', 'if', 'foreach', 'patsubst',
];

/** Text biased toward make syntax: fragments, sometimes mixed with arbitrary unicode. */
const makeText = fc
  .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...fragments) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** Line-shaped text: each line starts with a directive, a tab or a name, so whole statements form. */
const lineStarts = ['', '\t', ' ', 'ifeq ', 'ifdef ', 'else', 'else ifeq ', 'endif', 'define ', 'endef', 'x = ', 'a: ', '.RECIPEPREFIX = ', '$(eval '];
const makeLines = fc
  .array(fc.tuple(fc.constantFrom(...lineStarts), makeText), { maxLength: 12 })
  .map((lines) => lines.map(([head, rest]) => head + rest).join('\n'));

const anyText = fc.oneof(makeText, makeLines, fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme-ascii', maxLength: 80 }));

const runs = { numRuns: 1000 };

describe('parser properties', () => {
  it('never throws, prints back, tiles the text and keeps spans in order (fragment text)', () => {
    fc.assert(fc.property(makeText, (s) => { expect(parseInvariants(s)).toEqual([]); }), runs);
  });
  it('the same for whole lines of make', () => {
    fc.assert(fc.property(makeLines, (s) => { expect(parseInvariants(s)).toEqual([]); }), runs);
  });
  it('the same for arbitrary unicode', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => { expect(parseInvariants(s)).toEqual([]); }), runs);
  });
  it('a file without block keywords is built line by line exactly as the grammar builds it', () => {
    // Without `define` and conditionals the parser skips Chevrotain (MakeParser.flat); the fragments
    // still hold every other directive, `.RECIPEPREFIX`, recipes, rules and errors.
    const flat = makeLines.map((s) => s.replace(/ifn?eq|ifn?def|else|endif|define|endef/g, 'x'));
    fc.assert(
      fc.property(flat, (s) => {
        const file = sourceFile('Makefile', Buffer.from(s, 'utf8'));
        expect(JSON.stringify(parse(file))).toBe(JSON.stringify(parseByGrammar(file)));
      }),
      runs,
    );
  });
  it('arbitrary bytes (UTF-8 or not) print back to the same bytes', () => {
    // `observe` asserts the invariants and that `sourceBytes(file, print(tree))` equals the input.
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 200 }), makeText.map((s) => Uint8Array.from(Buffer.from(s, 'utf8'))));
    fc.assert(fc.property(bytes, (b) => { observe(b); }), runs);
  });
});

describe('line ends', () => {
  // GNU make drops the CR of every CRLF (read.c readline): a file must read the same either way.
  const lfText = fc.oneof(makeText, makeLines).map((s) => s.replace(/\r/g, ''));
  it('CRLF line ends read like LF', () => {
    fc.assert(
      fc.property(lfText, (s) => {
        expect(observe(s.replace(/\n/g, '\r\n'))).toEqual(observe(s));
      }),
      runs,
    );
  });
});

describe('lexer properties', () => {
  it('never throws and its tokens tile the text', () => {
    fc.assert(fc.property(anyText, (s) => { expect(lexerInvariants(s)).toEqual([]); }), runs);
  });
});

describe('config-shaped files (the fast path for auto.conf, src/parser/simple.ts)', () => {
  // Lines shaped like kbuild's auto.conf and .config, with values drawn from characters that are
  // tokens of their own, keywords, blanks and the characters the fast path refuses, so that both
  // the lines it builds and the ones it sends the general way occur.
  const valuePieces = ['y', 'm', '0x10', '-1', 'gcc-12', ' ', '  ', '(', ')', ',', '=', '+', '+=', '?=', '!=', '&', '&:', ':', ';', '|', '#', '\\', '"', "'", '$', '$(x)', '{', '}', '\t', 'a b', 'load', 'loadpin', 'include', '-include', 'else', 'export', 'é', '%', '*', '.', '/'];
  const plainPieces = ['y', 'm', '0x10', '-1', 'gcc-12', 'a b', ' ', '(', ')', ',', '=', '+', '&', 'loadpin', 'load', 'else', '%', '.', '/'];
  const value = fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...plainPieces) }, { weight: 1, arbitrary: fc.constantFrom(...valuePieces) }), { maxLength: 5 })
    .map((p) => p.join(''));
  const name = fc.oneof(fc.constantFrom('CONFIG_X', 'CONFIG_64BIT', 'x', 'export', 'load', 'obj-y', '.RECIPEPREFIX', ' CONFIG_Y', '\tCONFIG_Z'), fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/));
  const line = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) },
    { weight: 2, arbitrary: fc.constantFrom('#', '# CONFIG_X is not set', '# a \\', '#\\', '') },
    { weight: 1, arbitrary: fc.constantFrom('CONFIG_X := y', 'ifdef X', 'endif', '\techo', 'CONFIG_A=y\r') },
  );
  const file = fc.tuple(fc.array(line, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 4 })).map(([lines, end]) => lines.join('\n') + (end > 0 ? '\n' : ''));

  it('builds exactly the tree the grammar builds, and takes most config lines', () => {
    let taken = 0;
    fc.assert(
      fc.property(file, (s) => {
        const f = sourceFile('auto.conf', Buffer.from(s, 'utf8'));
        if (simpleAssignments(f) !== undefined) taken++;
        expect(JSON.stringify(parse(f))).toBe(JSON.stringify(parseByGrammar(f)));
      }),
      { numRuns: 2000 },
    );
    // Both ways are exercised: some files go the fast way, some the general one.
    expect(taken).toBeGreaterThan(200);
    expect(taken).toBeLessThan(1900);
  });

  it('takes the lines of kbuild\'s own files: values with blanks, parentheses, commas and `=`', () => {
    const text = [
      '#', '# Automatically generated file; DO NOT EDIT.', '#', 'CONFIG_IP6_NF_MATCH_AH=m', 'CONFIG_DEFAULT_INIT=',
      'CONFIG_CC_VERSION_TEXT=gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0', 'CONFIG_LSM=landlock,lockdown,yama,loadpin',
      'CONFIG_CC_IMPLICIT_FALLTHROUGH=-Wimplicit-fallthrough=5', 'CONFIG_DEFAULT_HOSTNAME=(none)', '',
    ].join('\n');
    const f = sourceFile('auto.conf', Buffer.from(text, 'utf8'));
    expect(simpleAssignments(f)).toBeDefined();
    expect(JSON.stringify(parse(f))).toBe(JSON.stringify(parseByGrammar(f)));
  });
});
