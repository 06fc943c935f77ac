/**
 * Tidy checks over the source tree (STYLE.md §1, §3, §4): header comments, imports that only point
 * down the layer order and only through a layer's `index.ts` (or `startup.ts`), no `console`
 * outside the CLI, and a line in docs/diagnostics.md for every diagnostic code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../src/base/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/**
 * The layers, lowest first: `base <- lexer <- parser <- eval/make <- eval/kbuild <- graph <-
 * backend/* <- cli, lsp`. Layers of equal rank (each backend; cli and lsp) may not import each other.
 */
const ranks: ReadonlyMap<string, number> = new Map([
  ['base', 0], ['lexer', 1], ['parser', 2], ['eval/make', 3], ['eval/kbuild', 4], ['graph', 5], ['cli', 7], ['lsp', 7],
]);
const backendRank = 6;

/**
 * The layer a path under src/ (posix, relative) belongs to: `parser`, `eval/make`, `backend/ninja`;
 * `backend` for a file directly in src/backend (a barrel over the backends); `` for the package
 * entry files directly in src/; `undefined` for a folder that is no layer.
 */
function layerOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts.length === 1) return '';
  if (parts[0] === 'eval') return parts.length > 2 && ranks.has(`eval/${parts[1]}`) ? `eval/${parts[1]}` : undefined;
  if (parts[0] === 'backend') return parts.length > 2 ? `backend/${parts[1]}` : 'backend';
  return ranks.has(parts[0]) ? parts[0] : undefined;
}

function rankOf(layer: string): number | undefined {
  if (layer === 'backend' || layer.startsWith('backend/')) return backendRank;
  return ranks.get(layer);
}

/**
 * Why an import from `from` of `target` (both posix paths relative to src/) breaks the layer rule,
 * or `undefined` when it is allowed.
 */
function importViolation(from: string, target: string): string | undefined {
  const fromLayer = layerOf(from);
  const toLayer = layerOf(target);
  if (fromLayer === undefined) return `${from} is in no layer folder`;
  if (toLayer === undefined) return `${from} imports ${target}, which is in no layer folder`;
  if (fromLayer === toLayer) return undefined;
  // A layer's index.ts, or its startup.ts where it has one: the part that loads without the rest
  // (eval/make's, for what `kbuild-graph make` needs before the engine loads).
  const barrels = toLayer === '' ? [] : [`${toLayer}/index.ts`, `${toLayer}/startup.ts`];
  if (!barrels.includes(target)) return `${from} imports ${target}: another layer is imported only through its index.ts (or its startup.ts)`;
  // The package entry re-exports the layers; the backend barrel re-exports each backend.
  if (fromLayer === '') return undefined;
  if (fromLayer === 'backend' && toLayer.startsWith('backend/')) return undefined;
  const fromRank = rankOf(fromLayer)!;
  const toRank = rankOf(toLayer);
  if (toRank === undefined || toRank >= fromRank) {
    return `${from} imports ${target}: ${fromLayer} may import only layers below it (${toRank === fromRank ? 'sideways' : 'upward'} import)`;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|cts)$/.test(name)) out.push(path);
  }
  return out;
}

/** The src/-relative posix path of an absolute path. */
function srcPath(path: string): string {
  return relative(src, path).split(sep).join('/');
}

/** Every module specifier a file imports or re-exports, including `import()` and `import('x')` types. */
function moduleSpecifiers(file: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      out.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** Uses of `console` (`console.log`, `console['log']`, or `console` passed along). */
function consoleUses(file: ts.SourceFile): number[] {
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'console') {
      const parent = node.parent;
      // A property named `console` (`io.console`, `{ console: ... }`) is not the global.
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName) lines.push(file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

const files = sourceFiles(src).map((path) => {
  const text = readFileSync(path, 'utf8');
  return { path, rel: srcPath(path), text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true) };
});

describe('the checks themselves', () => {
  const rows: ReadonlyArray<readonly [from: string, target: string, allowed: boolean]> = [
    ['parser/parse.ts', 'base/index.ts', true],
    ['parser/parse.ts', 'lexer/index.ts', true],
    ['parser/parse.ts', 'parser/print.ts', true],
    ['parser/parse.ts', 'base/span.ts', false],
    ['lexer/scan.ts', 'parser/index.ts', false],
    ['base/span.ts', 'lexer/index.ts', false],
    ['eval/make/expand.ts', 'parser/index.ts', true],
    ['eval/make/functions/text.ts', 'eval/make/context.ts', true],
    ['eval/make/expand.ts', 'eval/kbuild/index.ts', false],
    ['eval/kbuild/dir.ts', 'eval/make/index.ts', true],
    ['graph/build.ts', 'eval/kbuild/index.ts', true],
    ['backend/ninja/emit.ts', 'graph/index.ts', true],
    ['backend/ninja/emit.ts', 'backend/gcc/index.ts', false],
    ['backend/index.ts', 'backend/ninja/index.ts', true],
    ['cli/main.ts', 'backend/ninja/index.ts', true],
    ['cli/main.ts', 'lsp/index.ts', false],
    ['lsp/server.ts', 'cli/index.ts', false],
    ['index.ts', 'parser/index.ts', true],
    ['index.ts', 'parser/print.ts', false],
    ['misc/x.ts', 'base/index.ts', false],
  ];
  it.each(rows)('%s -> %s allowed: %s', (from, target, allowed) => {
    expect(importViolation(from, target) === undefined).toBe(allowed);
  });
  const parse = (text: string): ts.SourceFile => ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  it('finds every kind of import', () => {
    const text = "import a from './a.js';\nexport type * from './b.js';\nexport * as c from './c.js';\nimport type { D } from './d.js';\n" +
      "const e = await import('./e.js');\n// import z from './z.js';\nexport { f } from './f.js';\nimport './g.js';\ntype H = typeof import('./h.js');\n";
    expect(moduleSpecifiers(parse(text))).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js']);
  });
  it('finds console, but not a property named console', () => {
    expect(consoleUses(parse('const io = { console: 1 };\nio.console;\n// console.log\nconsole.log(1);\nconst c = console;\n'))).toEqual([4, 5]);
  });
});

describe('source tree', () => {
  it('every file under src/ starts with a /** header comment', () => {
    // A shebang line may come first (an executable entry).
    const missing = files.filter((f) => !/^(#![^\n]*\n)?\/\*\*[\s\S]*?\*\//.test(f.text)).map((f) => f.rel);
    expect(missing).toEqual([]);
  });

  it('every layer folder has an index.ts', () => {
    const folders = new Set(files.map((f) => layerOf(f.rel)).filter((l): l is string => l !== undefined && l !== ''));
    const missing = [...folders].filter((l) => !existsSync(join(src, l, 'index.ts')));
    expect(missing).toEqual([]);
  });

  it('every file sits in a layer folder', () => {
    expect(files.filter((f) => layerOf(f.rel) === undefined).map((f) => f.rel)).toEqual([]);
  });

  it('imports go only down the layers, through index.ts; base imports nothing from src', () => {
    const violations: string[] = [];
    for (const f of files) {
      for (const spec of moduleSpecifiers(f.ast)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(f.path), spec.replace(/\.(m|c)?js$/, '.$1ts'));
        const rel = srcPath(target);
        if (rel.startsWith('..')) continue;
        const why = importViolation(f.rel, posix.normalize(rel));
        if (why) violations.push(why);
      }
    }
    expect(violations).toEqual([]);
  });

  it('only src/cli uses console', () => {
    const uses = files
      .filter((f) => !f.rel.startsWith('cli/'))
      .flatMap((f) => consoleUses(f.ast).map((line) => `${f.rel}:${line}`));
    expect(uses).toEqual([]);
  });
});

describe('docs/diagnostics.md', () => {
  it('lists every diagnostic code', () => {
    const path = join(root, 'docs', 'diagnostics.md');
    expect(existsSync(path), 'docs/diagnostics.md is missing: it must list every code of diagnosticCodes (STYLE.md §3)').toBe(true);
    const text = readFileSync(path, 'utf8');
    const missing = Object.keys(diagnosticCodes).filter((code) => !new RegExp(`\\b${code}\\b`).test(text));
    expect(missing, 'codes in src/base/diagnostic.ts without a line in docs/diagnostics.md').toEqual([]);
  });
});
