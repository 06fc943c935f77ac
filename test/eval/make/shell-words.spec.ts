/**
 * `shellWords` finds runs of plain characters with a regular expression search (for speed on
 * kbuild's long compile commands). Its words must be those of a plain loop over the characters,
 * the model below, on commands made of every kind of character it treats apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellWords } from '../../../src/eval/make/index.js';

/** The characters that end a plain run, and the model: one character at a time. */
const special = new Set([' ', '\t', '\n', "'", '"', '\\', ';', '&', '|', '<', '>', '(', ')', '`', '$']);

function model(command: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < command.length) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word += command.slice(i + 1, end);
      i = end + 1;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < command.length && command[j] !== '"') {
        if (command[j] === '\\' && j + 1 < command.length) {
          text += command[j + 1];
          j += 2;
        } else text += command[j++];
      }
      if (j >= command.length) return undefined;
      word += text;
      i = j + 1;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      if (command[i + 1] !== '\n') {
        word += command[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c !== '\\' && special.has(c)) return undefined;
    else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

describe('shellWords', () => {
  const pieces = [...special, 'gcc-12', '-DKBUILD_MODNAME=', "'\"flow\"'", '-I./include', 'a', 'é', '=', '-Wp,-MMD,x.d', '\\\n', '  ', '"a b"', "'c d'", 'x\\ y'];
  const command = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''));

  it('gives the words of a loop over the characters', () => {
    fc.assert(fc.property(command, (c) => { expect(shellWords(c)).toEqual(model(c)); }), { numRuns: 3000 });
  });

  it('splits a kbuild compile command', () => {
    const c = "gcc-12 -Wp,-MMD,fs/ext4/.inode.o.d -nostdinc -I./arch/x86/include -DKBUILD_BASENAME='\"inode\"' -DKBUILD_MODNAME='\"ext4\"' -c -o fs/ext4/inode.o fs/ext4/inode.c";
    expect(shellWords(c)).toEqual(['gcc-12', '-Wp,-MMD,fs/ext4/.inode.o.d', '-nostdinc', '-I./arch/x86/include', '-DKBUILD_BASENAME="inode"', '-DKBUILD_MODNAME="ext4"', '-c', '-o', 'fs/ext4/inode.o', 'fs/ext4/inode.c']);
  });
});
