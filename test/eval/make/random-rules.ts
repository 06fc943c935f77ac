/**
 * A fast-check generator of small random makefiles about rules: explicit, pattern, static pattern
 * and double-colon rules over a few file names (some of which exist, with fixed times), normal and
 * order-only prerequisites, target-specific variables, the special targets that change how files
 * are updated, and goals. Every recipe line echoes the automatic variables, so a program's `make -n`
 * output shows which rules make chose and in what order.
 */
import fc from 'fast-check';
import type { GeneratedMakefile } from './random-harness.js';


/**
 * Files that exist in the program's directory, oldest first (the spec gives them times a second
 * apart); every other name is made by rules or missing.
 */
export const existingFiles = ['old.h', 'p.c', 'q.y', 'r.c', 'new.h'] as const;

/** Names rules talk about: targets, intermediate candidates, sources (some existing), a directory. */
const file = fc.constantFrom('t1', 't2', 't3', 'p.o', 'q.o', 'r.o', 'p', 'q', 'q.c', 'p.c', 'r.c', 'q.y', 'old.h', 'new.h', 'missing.h', 's.x', 'd/u.o', 'd/u.c');
const target = fc.constantFrom('t1', 't2', 't3', 'p.o', 'q.o', 'p', 'q', 'q.c', 's.x', 'd/u.o');
const files = (max: number): fc.Arbitrary<string[]> => fc.uniqueArray(file, { maxLength: max });

/** A recipe line that shows what make decided. */
const recipe = fc.constantFrom(
  '\t@echo $@ [$<] [$^] [$?] [$*] [$|]',
  '\t@echo $@ from [$+] stem [$*] dir [$(@D)] [$(<F)]',
  '\techo $@ $(V)',
  '\t@echo $@ V=[$(V)] W=[$(W)]',
);

const explicitRule = fc
  .tuple(fc.uniqueArray(target, { minLength: 1, maxLength: 2 }), fc.constantFrom(':', ':', ':', '::'), files(3), fc.option(files(2), { nil: undefined }), fc.option(recipe, { nil: undefined }))
  .map(([targets, op, prereqs, orderOnly, line]) => {
    const head = `${targets.join(' ')}${op}${prereqs.length > 0 ? ` ${prereqs.join(' ')}` : ''}${orderOnly && orderOnly.length > 0 ? ` | ${orderOnly.join(' ')}` : ''}`;
    return line === undefined ? head : `${head}\n${line}`;
  });

const patternRule = fc
  .tuple(
    fc.constantFrom('%.o: %.c', '%.o: %.c %.h', '%.c: %.y', '%: %.o', '%: %.c', '%.x: %.o', '%.o:: %.c', 'd/%.o: d/%.c', '%.o: %.c | old.h', '%.h:'),
    fc.option(recipe, { nil: undefined }),
  )
  .map(([head, line]) => (line === undefined ? head : `${head}\n${line}`));

const staticRule = fc
  .tuple(fc.uniqueArray(fc.constantFrom('t1', 't2', 't3', 'p.o', 'q.o'), { minLength: 1, maxLength: 3 }), fc.constantFrom('t%: %.c', '%.o: %.c', 't%: %.h'), recipe)
  .map(([targets, pattern, line]) => `${targets.join(' ')}: ${pattern}\n${line}`);

// `.INTERMEDIATE` and `.SECONDARY` name only files that neither exist nor are targets of explicit
// rules, and `.SECONDARY` always names one: how GNU make 4.3 checks such a file that is a target
// (with circular or failing prerequisites) or that exists is a known gap (docs/make-compat.md).
const chainedOnly = fc.uniqueArray(fc.constantFrom('r.o', 'missing.h', 'd/u.c', 'q.c'), { minLength: 1, maxLength: 2 });
const special = fc
  .tuple(fc.constantFrom('.PHONY', '.INTERMEDIATE', '.SECONDARY', '.PRECIOUS', '.DEFAULT'), files(2), chainedOnly)
  .map(([name, prereqs, chained]) => {
    if (name === '.DEFAULT') return '.DEFAULT:\n\t@echo default $@ [$<]';
    const named = name === '.INTERMEDIATE' || name === '.SECONDARY' ? chained : prereqs;
    return `${name}:${named.length > 0 ? ` ${named.join(' ')}` : ''}`;
  });

const targetVariable = fc
  .tuple(fc.constantFrom('t1', 't2', 'p.o', '%.o', 't%'), fc.constantFrom('V', 'W'), fc.constantFrom('=', ':=', '+='), fc.constantFrom('one', '$@', 'two $(V)', 'x'))
  .map(([t, n, op, v]) => `${t}: ${n} ${op} ${v}`);

const statement = fc.oneof(
  { weight: 6, arbitrary: explicitRule },
  { weight: 4, arbitrary: patternRule },
  { weight: 2, arbitrary: staticRule },
  { weight: 2, arbitrary: special },
  { weight: 2, arbitrary: targetVariable },
  { weight: 1, arbitrary: fc.constant('V = global') },
);

/** Whole programs: 1–8 statements; goals are the default or a few names; `-n` always (no recipe runs), sometimes `-k` or `-r`. */
export const randomRules: fc.Arbitrary<GeneratedMakefile> = fc.record({
  text: fc.array(statement, { minLength: 1, maxLength: 8 }).map((lines) => `${lines.join('\n')}\n`),
  args: fc
    .tuple(fc.constantFrom<readonly string[]>([], [], [], ['-k'], ['-r']), fc.uniqueArray(target, { maxLength: 2 }))
    .map(([flags, goals]) => ['-n', ...flags, ...goals]),
});
