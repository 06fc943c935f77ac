/**
 * Whether a C source declares a module license (`MODULE_LICENSE(...)`), the macro that puts a
 * `file=` entry in `.modinfo` for built-in code, from which kbuild makes `modules.builtin`.
 * The text is read through the `Host`, comments removed; files it includes with `#include "..."`
 * are read too (`compat_binfmt_elf.c` includes `binfmt_elf.c`). This reads the source, not the
 * preprocessor's output: a license inside `#ifdef MODULE` would count (none does in 6.1 x86).
 */
import type { Host } from '../../base/index.js';
import { resolvePath } from '../make/index.js';

/** Makes a checker that remembers each file's answer. */
export function moduleLicenseChecker(host: Host): (path: string) => boolean {
  const known = new Map<string, boolean>();
  const check = (path: string, depth: number): boolean => {
    const cached = known.get(path);
    if (cached !== undefined) return cached;
    known.set(path, false);
    const bytes = host.readFile(path);
    if (bytes === undefined) return false;
    const text = Buffer.from(bytes).toString('latin1').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
    let found = /\bMODULE_LICENSE\s*\(/.test(text);
    if (!found && depth < 4) {
      const dir = path.slice(0, path.lastIndexOf('/'));
      for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]+"([^"]+)"/gm)) {
        if (check(resolvePath(dir, m[1]), depth + 1)) {
          found = true;
          break;
        }
      }
    }
    known.set(path, found);
    return found;
  };
  return (path) => check(path, 0);
}
