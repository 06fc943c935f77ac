/**
 * A fast-check generator of small random makefile programs: assignments of every flavor, references
 * (plain, single-character, computed, substitution), builtin functions with zero to three arguments, and
 * ifeq/ifneq/ifdef/ifndef conditionals, ending in `$(info ...)` lines that print every variable.
 */
import fc from 'fast-check';
import type { GeneratedMakefile } from './random-harness.js';


/**
 * The variables programs use. Single letters, so that `$a` is a valid reference too; `KBG_TEST_ENV`
 * comes from the harness's environment, so programs also touch a variable of origin `environment`.
 */
const letters = ['a', 'b', 'c', 'd', 'e'] as const;
const names = [...letters, 'KBG_TEST_ENV'] as const;

const name = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...letters) }, { weight: 1, arbitrary: fc.constant('KBG_TEST_ENV') });

/** Words chosen to make the text and filename functions do something: suffixes, `%`, `\%`, directories. */
const word = fc.constantFrom('a', 'b', 'c', 'x.c', 'y.o', 'a.c', 'b.h', 'foo', 'dir/z.c', '%', '%.c', '.c', '.o', '1', '2', '3', 'a\\%', 'e');
/** Runs of spaces and tabs, which functions must split on and (mostly) keep or collapse exactly. */
const blank = fc.constantFrom(' ', ' ', ' ', '  ', '\t', ' \t ', '   ');

/** Text that is safe in every position: no commas, parentheses, `#`, quotes or newlines. */
function textOf(piece: fc.Arbitrary<string>, maxPieces: number): fc.Arbitrary<string> {
  return fc.array(piece, { minLength: 0, maxLength: maxPieces }).map((pieces) => pieces.join(''));
}

const depthCache = new Map<number, fc.Arbitrary<string>>();

/** A value: words, blanks and references, where references nest at most `depth` levels. */
export function text(depth: number): fc.Arbitrary<string> {
  const cached = depthCache.get(depth);
  if (cached) return cached;
  const pieces: fc.WeightedArbitrary<string>[] = [
    { weight: 6, arbitrary: word },
    { weight: 4, arbitrary: blank },
    { weight: 4, arbitrary: reference(depth) },
  ];
  if (depth > 0) pieces.push({ weight: 5, arbitrary: call(depth) });
  const arb = textOf(fc.oneof(...pieces), 4);
  depthCache.set(depth, arb);
  return arb;
}

/** `$(a)`, `${a}`, `$a`, `$$`, and at depth > 0 `$($(a))`, `$(a:.c=.o)`, `$(a:%.c=%.o)`. */
function reference(depth: number): fc.Arbitrary<string> {
  const simple: fc.WeightedArbitrary<string>[] = [
    { weight: 6, arbitrary: name.map((n) => `$(${n})`) },
    { weight: 2, arbitrary: name.map((n) => `\${${n}}`) },
    { weight: 2, arbitrary: fc.constantFrom(...letters).map((n) => `$${n}`) },
    { weight: 1, arbitrary: fc.constant('$$') },
    { weight: 1, arbitrary: fc.constant('$(undefined_var)') },
    {
      weight: 2,
      arbitrary: fc
        .tuple(name, fc.constantFrom('.c', '.o', '.h', 'c', ''), fc.constantFrom('.o', '.c', '', 'x'))
        .map(([n, from, to]) => `$(${n}:${from}=${to})`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(name, fc.constantFrom('%.c', '%', 'a%', 'dir/%', '%.o'), fc.constantFrom('%.o', '<%>', 'x', '%%', ''))
        .map(([n, from, to]) => `$(${n}:${from}=${to})`),
    },
  ];
  if (depth > 0) {
    // A computed name: the inner text names the variable, e.g. `$($(a))` or `$(x$(b))`.
    simple.push({
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('', '', 'a', 'x'), name).map(([prefix, n]) => `$(${prefix}$(${n}))`),
    });
  }
  return fc.oneof(...simple);
}

/** A number argument: usually 1–3, sometimes 0 or a non-number, which are errors in GNU make. */
const numberArg = (depth: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('1', '2', '3', ' 2', '4') },
    { weight: 1, arbitrary: fc.constantFrom('0', 'x', '') },
    { weight: 1, arbitrary: reference(Math.max(0, depth - 1)) },
  );

/** A builtin function call whose arguments are texts one level shallower. */
function call(depth: number): fc.Arbitrary<string> {
  const t = text(depth - 1);
  const fn = (fname: string, ...args: fc.Arbitrary<string>[]): fc.Arbitrary<string> =>
    fc.tuple(...args).map((values) => `$(${fname} ${values.join(',')})`);
  const pattern = fc.oneof(fc.constantFrom('%.c', '%.o', '%', 'a%', '%.h', 'x.c', '\\%', 'dir/%'), t);
  return fc.oneof(
    fn('subst', t, t, t),
    fn('patsubst', pattern, fc.oneof(fc.constantFrom('%.o', '<%>', '%', 'x'), t), t),
    fn('strip', t),
    fn('findstring', t, t),
    fn('filter', pattern, t),
    fn('filter-out', pattern, t),
    fn('sort', t),
    fn('word', numberArg(depth), t),
    fn('wordlist', numberArg(depth), numberArg(depth), t),
    fn('words', t),
    fn('firstword', t),
    fn('lastword', t),
    fn('join', t, t),
    fn('dir', t),
    fn('notdir', t),
    fn('suffix', t),
    fn('basename', t),
    fn('addsuffix', fc.constantFrom('.c', '.o', '', 'x'), t),
    fn('addprefix', fc.constantFrom('dir/', 'p', ''), t),
    fn('if', t, t),
    fn('if', t, t, t),
    fn('or', t, t),
    fn('and', t, t),
    fc.tuple(fc.constantFrom('x', 'y'), t, t).map(([v, list, body]) => `$(foreach ${v},${list},${body}$(${v}))`),
    // Only the fixed functions of the prologue are called: `$(call a)` where `a` calls itself never ends.
    fc.tuple(fc.constantFrom('f', 'g', 'undefined_fn'), t, t).map(([f, a1, a2]) => `$(call ${f},${a1},${a2})`),
    fc.constantFrom('$(1)', '$(2)', '$1', '$(0)'),
    fn('value', name),
    fn('origin', name),
    fn('flavor', name),
    fn('info', t),
    fn('warning', t),
  );
}

const assignment = (depth: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('', '', '', '', '', '', 'override ', 'export ', 'private '),
      fc.oneof({ weight: 10, arbitrary: name }, { weight: 1, arbitrary: name.map((n) => `$(${n})x`) }),
      fc.constantFrom('=', '=', ':=', ':=', '::=', '+=', '+=', '?='),
      fc.constantFrom('', ' ', ' ', '\t'),
      text(depth),
    )
    .map(([modifier, lhs, op, gap, value]) => `${modifier}${lhs} ${op}${gap}${value}`);

/** `!=` runs its value through the shell, so it gets plain words only. */
const shellAssignment = fc
  .tuple(name, fc.array(fc.constantFrom('a', 'b.c', 'x.o', '1', 'foo'), { maxLength: 3 }))
  .map(([n, words]) => `${n} != echo ${words.join(' ')}`);

const statement = (depth: number): fc.Arbitrary<string> => {
  const leaf = fc.oneof(
    { weight: 10, arbitrary: assignment(2) },
    { weight: 1, arbitrary: shellAssignment },
    { weight: 1, arbitrary: name.map((n) => `undefine ${n}`) },
    { weight: 2, arbitrary: text(2).map((t) => `$(info ${t})`) },
  );
  if (depth <= 0) return leaf;
  return fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: conditional(depth) });
};

/** ifeq/ifneq in both syntaxes, ifdef/ifndef, an optional `else` or `else ifeq`, and nested statements. */
function conditional(depth: number): fc.Arbitrary<string> {
  const t = text(1);
  const head = fc.oneof(
    fc.tuple(fc.constantFrom('ifeq', 'ifneq'), t, t).map(([kw, x, y]) => `${kw} (${x},${y})`),
    fc.tuple(fc.constantFrom('ifeq', 'ifneq'), t, t).map(([kw, x, y]) => `${kw} "${x}" "${y}"`),
    fc.tuple(fc.constantFrom('ifdef', 'ifndef'), name).map(([kw, n]) => `${kw} ${n}`),
    fc.tuple(fc.constantFrom('ifdef', 'ifndef'), name).map(([kw, n]) => `${kw} $(${n})`),
  );
  const body = fc.array(statement(depth - 1), { maxLength: 3 });
  return fc
    .tuple(head, body, fc.option(fc.tuple(fc.option(head, { nil: undefined }), body), { nil: undefined }))
    .map(([h, then, otherwise]) => {
      const lines = [h, ...then];
      if (otherwise) lines.push(otherwise[0] ? `else ${otherwise[0]}` : 'else', ...otherwise[1]);
      lines.push('endif');
      return lines.join('\n');
    });
}

const printAll =
  `$(info ${names.map((n) => `[$(${n})]`).join(' ')})\n` +
  `$(info $(foreach v,${names.join(' ')},[$(flavor $(v)):$(origin $(v))]))\n`;

/** Two user functions for `$(call)`; programs never assign `f` or `g`. */
const prologue = 'f = <$(1)|$(2)>\ng = $(patsubst %.c,%.o,$(1))$(2)$0\n';

/** Whole programs: 1–8 statements, the final `$(info ...)` lines, and a default goal that does nothing. */
export const randomProgram: fc.Arbitrary<GeneratedMakefile> = fc.record({
  text: fc
    .array(statement(2), { minLength: 1, maxLength: 8 })
    .map((lines) => `${prologue}${lines.join('\n')}\n${printAll}all: ; @:\n`),
  args: fc.oneof(
    { weight: 12, arbitrary: fc.constant<readonly string[]>([]) },
    { weight: 1, arbitrary: fc.constantFrom<readonly string[]>(['a=cmd'], ['b:=$(a) x'], ['-e'], ['c+=more', 'd=$(c)']) },
  ),
});
