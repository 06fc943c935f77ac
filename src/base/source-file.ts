/**
 * A `SourceFile` is a path plus its text. Bytes that are not UTF-8 are decoded one byte per
 * character (latin1), so that the original bytes can always be written back.
 */
import { isUtf8 } from 'node:buffer';

/** How a file's bytes became its text. */
export type SourceEncoding = 'utf-8' | 'latin1';

/** A file as the lexer sees it. */
export interface SourceFile {
  /** The path shown in diagnostics (usually relative to a source root). */
  readonly path: string;
  readonly text: string;
  readonly encoding: SourceEncoding;
  /** Offset of the first byte that was not valid UTF-8, when `encoding` is `latin1`. */
  readonly firstInvalidByte?: number;
}

/**
 * Makes a source file from text or bytes.
 *
 * @example
 * const file = sourceFile('net/openvswitch/Makefile', readFileSync(path));
 */
export function sourceFile(path: string, content: string | Uint8Array): SourceFile {
  if (typeof content === 'string') return { path, text: content, encoding: 'utf-8' };
  const invalid = firstInvalidUtf8(content);
  if (invalid === -1) return { path, text: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('utf8'), encoding: 'utf-8' };
  return {
    path,
    text: Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1'),
    encoding: 'latin1',
    firstInvalidByte: invalid,
  };
}

/** Encodes a source file's text back to the bytes it came from. */
export function sourceBytes(file: SourceFile, text: string = file.text): Uint8Array {
  return Buffer.from(text, file.encoding === 'latin1' ? 'latin1' : 'utf8');
}

/** The offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  // Node's validator is native and strict (no overlong forms, surrogates or code points past
  // U+10FFFF), as `locateInvalidUtf8` is; a byte loop here cost more than the decoding itself.
  if (isUtf8(bytes)) return -1;
  return locateInvalidUtf8(bytes, 0);
}

function locateInvalidUtf8(bytes: Uint8Array, from: number): number {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
