/**
 * Printing and walking the tree: `tokensOf` lists a node's leaf tokens in order, `print` turns a
 * tree back into the exact text it was parsed from.
 */
import type { MakefileNode, Node, Token } from './cst.js';

function isToken(x: object): x is Token {
  return 'image' in x && 'type' in x && !('kind' in x);
}

/** Every leaf token under `node` (and, for the root, its trivia), in offset order. */
export function tokensOf(node: Node | MakefileNode): Token[] {
  const out: Token[] = [];
  collect(node, out);
  if (node.kind === 'Makefile') {
    out.push(...node.trivia, ...node.unknown);
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

/** Walks the tree with an explicit stack: nesting depth is the input's to choose. */
function collect(root: unknown, out: Token[]): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (isToken(value)) {
      out.push(value);
      continue;
    }
    for (const key in value) {
      // The root's trivia is added by `tokensOf` once; `file` and offsets are not children.
      if (key === 'trivia' || key === 'unknown') continue;
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
}

/**
 * The text a tree was parsed from, rebuilt from its leaves and trivia.
 *
 * @example
 * print(parse(sourceFile('Makefile', text)).value) === text; // always true
 */
export function print(node: Node | MakefileNode): string {
  let text = '';
  for (const t of tokensOf(node)) text += t.image;
  return text;
}
