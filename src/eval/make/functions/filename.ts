/** File name functions: dir, notdir, suffix, basename, addsuffix, addprefix, wildcard, realpath, abspath. */
import { filesRead, splitWords } from '../expand.js';
import { resolvePath, wildcard } from '../paths.js';
import { expanding } from './args.js';
import type { MakeFunction } from './index.js';

/** Joins one result per word with single spaces; empty results still take their space (GNU make). */
function eachWord(text: string, f: (w: string) => string): string {
  return splitWords(text).map(f).join(' ');
}

function lastSlash(w: string): number {
  return w.lastIndexOf('/');
}

/** The index of the suffix's dot in the last path component, or -1. */
function suffixDot(w: string): number {
  const dot = w.lastIndexOf('.');
  return dot > lastSlash(w) ? dot : -1;
}

export const filenameFunctions: readonly MakeFunction[] = [
  expanding('dir', 1, 1, (_ctx, [text]) => eachWord(text, (w) => (lastSlash(w) === -1 ? './' : w.slice(0, lastSlash(w) + 1)))),
  expanding('notdir', 1, 1, (_ctx, [text]) => eachWord(text, (w) => w.slice(lastSlash(w) + 1))),
  expanding('suffix', 1, 1, (_ctx, [text]) =>
    // Words without a suffix add nothing, not even a space (GNU make func_suffix).
    splitWords(text).filter((w) => suffixDot(w) !== -1).map((w) => w.slice(suffixDot(w))).join(' '),
  ),
  expanding('basename', 1, 1, (_ctx, [text]) => eachWord(text, (w) => (suffixDot(w) === -1 ? w : w.slice(0, suffixDot(w))))),
  expanding('addsuffix', 2, 2, (_ctx, [suffix, text]) => eachWord(text, (w) => w + suffix)),
  expanding('addprefix', 2, 2, (_ctx, [prefix, text]) => eachWord(text, (w) => prefix + w)),
  expanding('wildcard', 1, 1, (ctx, [text]) => (filesRead(ctx), wildcard(ctx, text).join(' '))),
  expanding('realpath', 1, 1, (ctx, [text]) => {
    filesRead(ctx);
    return splitWords(text).map((w) => ctx.options.host.realPath(resolvePath(ctx.options.cwd, w))).filter((p): p is string => p !== undefined).join(' ');
  }),
  expanding('abspath', 1, 1, (ctx, [text]) => splitWords(text).map((w) => resolvePath(ctx.options.cwd, w)).join(' ')),
];
