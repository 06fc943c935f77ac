/**
 * `GlobalTable` must behave as a `Map` through any sequence of operations: adding a shared run as a
 * layer is setting each of its variables in order, and replacing, deleting and re-adding names of a
 * layer keeps `Map`'s order (a replaced entry stays in place, a re-added one goes last).
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GlobalTable, type SharedRun } from '../../../src/eval/make/globals.js';
import { newVariable, type Variable } from '../../../src/eval/make/variables.js';

const variable = (name: string, value: string): Variable => newVariable(name, 'recursive', 'file', value, { op: '=', span: undefined, where: undefined });

type Op = { k: 'set'; name: string; value: string } | { k: 'delete'; name: string } | { k: 'run'; names: string[] };

const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('set' as const), name, value: fc.constantFrom('1', '2', '3') }),
  fc.record({ k: fc.constant('delete' as const), name }),
  fc.record({ k: fc.constant('run' as const), names: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }) }),
);

const view = (m: ReadonlyMap<string, Variable>): [string, string][] => [...m].map(([k, v]) => [k, v.value]);

describe('GlobalTable', () => {
  it('behaves as a Map of the same operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const table = new GlobalTable();
        const map = new Map<string, Variable>();
        let runs = 0;
        for (const o of ops) {
          if (o.k === 'set') {
            const v = variable(o.name, o.value);
            table.set(o.name, v);
            map.set(o.name, v);
          } else if (o.k === 'delete') {
            expect(table.delete(o.name)).toBe(map.delete(o.name));
          } else {
            const run: SharedRun = { file: 'f', variables: new Map(o.names.map((n) => [n, variable(n, `run${runs}`)])) };
            runs++;
            const fits = o.names.every((n) => !map.has(n));
            expect(table.addRun(run)).toBe(fits);
            if (fits) for (const [n, v] of run.variables) map.set(n, v);
          }
          expect(table.size).toBe(map.size);
          expect(view(table)).toEqual(view(map));
          for (const n of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
            expect(table.get(n)).toBe(map.get(n));
            expect(table.has(n)).toBe(map.has(n));
          }
          const each: string[] = [];
          table.forEach((v, k) => each.push(`${k}=${v.value}`));
          expect(each).toEqual([...map].map(([k, v]) => `${k}=${v.value}`));
          expect([...table.keys()]).toEqual([...map.keys()]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out the unchanged variables of the runs it is told to skip', () => {
    const table = new GlobalTable();
    table.set('x', variable('x', '0'));
    table.addRun({ file: 'auto.conf', variables: new Map([['a', variable('a', '1')], ['b', variable('b', '2')]]) });
    table.set('b', variable('b', '3'));
    table.set('y', variable('y', '4'));
    const seen: string[] = [];
    table.forEachExcept((v, k) => seen.push(`${k}=${v.value}`), (run) => run.file === 'auto.conf');
    expect(seen).toEqual(['x=0', 'b=3', 'y=4']);
    // console.log shows the variables, not the layers.
    expect(inspect(table)).toBe(inspect(new Map(table)));
    expect(inspect(table)).toContain("'a' =>");
  });
});
