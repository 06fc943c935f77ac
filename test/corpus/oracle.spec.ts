/**
 * Sanity checks of the kbuild oracle that `npm run corpus` makes (scripts/kbuild-oracle.mjs): its counts and a few entries, so later tests can trust it.
 * A missing oracle fails these tests with the reason, as a missing corpus does: `npm test` makes it first (`pretest`), and so does .ci/run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelFullTree, ootOracle, oracleStatus, wholeTreeOracle } from './kernel.js';

/** What the oracle holds per Debian version; a fallback version gets only the generic checks. */
const pinnedFacts: Readonly<Record<string, { readonly modules: number; readonly compile: number }>> = {
  '6.1.192-2': { modules: 4023, compile: 13650 },
};

const openvswitchObjects = [
  'actions.o',
  'datapath.o',
  'dp_notify.o',
  'flow.o',
  'flow_netlink.o',
  'flow_table.o',
  'meter.o',
  'openvswitch_trace.o',
  'vport.o',
  'vport-internal_dev.o',
  'vport-netdev.o',
  'conntrack.o',
];

describe('kbuild oracle', () => {
  const status = oracleStatus();

  it('is present', () => {
    expect(status.ready, status.reason).toBe(true);
  });

  it('has the whole source tree', () => {
    const tree = kernelFullTree();
    if (tree === undefined) throw new Error(status.reason);
    expect(existsSync(join(tree, 'net', 'openvswitch', 'datapath.c'))).toBe(true);
  });

  it("assembles Debian's modules.order from the dry run", () => {
    const oracle = wholeTreeOracle();
    if (oracle === undefined) throw new Error(status.reason);
    expect(oracle.modulesOrderMatchesDebian).toBe(true);
    const facts = pinnedFacts[oracle.version];
    if (facts !== undefined) expect(oracle.modulesOrder.length).toBe(facts.modules);
    // Every module has its .mod list, and the top-level list is made of the per-directory ones.
    expect(Object.keys(oracle.mods).length).toBe(oracle.modulesOrder.length);
    for (const module of oracle.modulesOrder) expect(oracle.mods[module.replace(/\.ko$/, '.mod')], module).toBeDefined();
    expect(oracle.modulesOrderParts['modules.order']).toContain('drivers/modules.order');
  });

  it('has every compile as an argument vector run from the obj dir', () => {
    const oracle = wholeTreeOracle();
    if (oracle === undefined) throw new Error(status.reason);
    const compiles = Object.entries(oracle.compile);
    const facts = pinnedFacts[oracle.version];
    if (facts !== undefined) expect(compiles.length).toBe(facts.compile);
    for (const [object, entry] of compiles) {
      expect(entry.directory).toBe(oracle.objtree);
      expect(entry.arguments[0]).toBe('gcc-12');
      expect(entry.arguments.slice(-3)).toEqual(['-o', object, entry.file]);
      expect(entry.file).toMatch(/\.[cS]$/);
    }
    const datapath = oracle.compile['net/openvswitch/datapath.o'];
    expect(datapath?.file).toBe(join(oracle.srctree, 'net/openvswitch/datapath.c'));
    // In-tree O= builds add the source and obj dirs of the object to the include path; out-of-tree builds do not.
    expect(datapath?.arguments.join(' ')).toContain(`-I ${oracle.srctree}/net/openvswitch -I ./net/openvswitch`);
    expect(datapath?.arguments).toContain("-DKBUILD_MODNAME=\"openvswitch\"");
  });

  it('lists the objects of composite modules in order, and links them with ld -r', () => {
    const oracle = wholeTreeOracle();
    if (oracle === undefined) throw new Error(status.reason);
    const objects = openvswitchObjects.map((name) => `net/openvswitch/${name}`);
    expect(oracle.mods['net/openvswitch/openvswitch.mod']).toEqual(objects);
    expect(oracle.links['net/openvswitch/openvswitch.o']?.inputs).toEqual(objects);
    expect(oracle.archives['init/built-in.a']).toContain('init/main.o');
  });

  it('has the out-of-tree build of net/openvswitch', () => {
    const oot = ootOracle();
    if (oot === undefined) throw new Error(status.reason);
    expect(oot.build.status).toBe(0);
    expect(oot.modulesOrder).toEqual(['openvswitch.ko', 'vport-vxlan.ko', 'vport-geneve.ko', 'vport-gre.ko']);
    expect(oot.mods['openvswitch.mod']).toEqual(openvswitchObjects);
    for (const object of openvswitchObjects) {
      const entry = oot.compile[object];
      expect(entry?.directory, object).toBe(oot.headers);
      // Debian's CC is " gcc-12"; split as the shell does, the leading space is gone, and objtool's part is not included.
      expect(entry?.arguments[0]).toBe('gcc-12');
      expect(entry?.arguments).not.toContain(';');
      expect(entry?.arguments.at(-1)).toBe(join(oot.moduleDir, object.replace(/\.o$/, '.c')));
    }
    expect(oot.commands['openvswitch.o']).toMatch(/ -r -o /);
  });
});
