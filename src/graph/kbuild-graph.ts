/**
 * The Kbuild graph: directories, modules, built-in archives, composite objects, objects and
 * sources, built from the facts kbuild's own rules gave (`eval/kbuild`), in a `@dagrejs/graphlib`
 * graph with an edge from each product to its inputs. Each edge keeps the Kbuild line and the
 * `CONFIG_` values that put the input there; the query methods answer the questions users ask.
 */
import { Graph } from '@dagrejs/graphlib';
import { sameCompile, sameWordOrigin, type CompileFacts, type ConfigValue, type DirectoryFacts, type KbuildFacts, type WordOrigin } from '../eval/kbuild/index.js';
import { resolvePath } from '../eval/make/index.js';

/** What a node stands for. */
export type NodeKind = 'directory' | 'module' | 'archive' | 'composite' | 'object' | 'source';

/** A node's label. Ids are paths as kbuild names them; directories are `dir:<obj>`. */
export interface NodeInfo {
  readonly kind: NodeKind;
  /** The path as kbuild names it (for a directory, `$(obj)`). */
  readonly path: string;
  /** For an object: the command kbuild compiles it with. */
  readonly compile?: CompileFacts;
}

/** An edge's label: why the input is part of the product. */
export interface EdgeInfo {
  /** Position among the product's inputs, in kbuild's order. */
  readonly order: number;
  /** The assignment that named the input (the first one), when the Kbuild file named it. */
  readonly origin: WordOrigin | undefined;
}

/** A member that a Kbuild file names but the configuration leaves out (`obj-$(CONFIG_X)` with X unset). */
export interface OffMember {
  /** The word as written in the Kbuild file (`foo.o`, `bar/`). */
  readonly word: string;
  readonly origin: WordOrigin;
}

/** One step of an explanation: a product, the input it takes, and the line and config behind it. */
export interface WhyStep {
  readonly product: string;
  readonly input: string;
  readonly origin: WordOrigin | undefined;
}

/** Why a file is or is not built. */
export interface Explanation {
  readonly file: string;
  readonly built: boolean;
  /** For a built file, one chain from a directory down to it (`dir` → module or archive → ... → file). */
  readonly chain: readonly WhyStep[];
  /** For a file that is not built: the Kbuild lines that name it, with the config values that leave it out. */
  readonly off: readonly WordOrigin[];
}

/** The graph with its query API. */
export class KbuildGraph {
  private built: Graph<unknown, NodeInfo, EdgeInfo> | undefined;
  private readonly facts: KbuildFacts;
  private readonly root: string | undefined;
  /** Which directory's facts added each node, so one directory can be taken again. */
  private readonly owners = new Map<string, string>();
  /** The same, by directory: the nodes each directory's facts added first. */
  private readonly owned = new Map<string, Set<string>>();
  /** The edges each directory's facts added, by `edgeKey`. */
  private readonly edgesBy = new Map<string, Map<string, Edge>>();
  /** While `refreshDirectory` works a directory out aside: what it adds, and the edges it had. */
  private staged: Staged | undefined;
  private stagedBefore: ReadonlyMap<string, Edge> | undefined;
  /** The directory being added. */
  private adding: string | undefined;
  /**
   * How many edges leave each product, counted from the graph the first time and then as edges are
   * added (the graph would list them all each time): forgotten when a directory is taken again.
   */
  private readonly outDegree = new Map<string, number>();
  /** The facts each directory's nodes and edges were last worked out from. */
  private readonly addedFrom = new Map<string, DirectoryFacts>();

  constructor(facts: KbuildFacts) {
    this.facts = facts;
    // kbuild's descent starts at `.` in a tree (the first directories are those of `prepare`); for M= at the module.
    this.root = facts.directories.has('.') ? '.' : [...facts.directories.keys()][0];
  }

  /**
   * The graph itself, built from the facts when first asked for: what reads only the facts (the
   * compile commands, `modules.order`) does not pay for the whole tree's 60,000 nodes.
   */
  get graph(): Graph<unknown, NodeInfo, EdgeInfo> {
    if (this.built === undefined) {
      this.built = new Graph<unknown, NodeInfo, EdgeInfo>({ directed: true });
      for (const dir of this.facts.directories.values()) this.addDirectory(dir);
    }
    return this.built;
  }

  /** The directories kbuild descended into, in order, as `$(obj)`. */
  directories(): string[] {
    return [...this.facts.directories.keys()];
  }

  /** The facts of one directory. */
  directory(obj: string): DirectoryFacts | undefined {
    return this.facts.directories.get(obj);
  }

  /** The node label of `id`, or undefined. */
  node(id: string): NodeInfo | undefined {
    return this.graph.hasNode(id) ? this.graph.node(id) : undefined;
  }

  /** The inputs of `id`, in kbuild's order. */
  inputs(id: string): { id: string; edge: EdgeInfo }[] {
    const out = this.graph.outEdges(id) ?? [];
    return out.map((e) => ({ id: e.w, edge: this.graph.edge(e) })).sort((a, b) => a.edge.order - b.edge.order);
  }

  /** The products that take `id` as an input. */
  products(id: string): string[] {
    return this.graph.predecessors(id) ?? [];
  }

  /**
   * `modules.order` as kbuild writes it for the directory `obj` (the first one kbuild entered by
   * default): each module's `.ko`, subdirectories' lists in place, duplicates dropped.
   */
  modulesOrder(obj: string | undefined = this.root): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const walk = (o: string): void => {
      const dir = this.facts.directories.get(o);
      if (dir === undefined) return;
      const t = dir.targets.get(join(o, 'modules.order'));
      for (const p of t?.prerequisites ?? []) {
        if (p.endsWith('/modules.order')) walk(p.slice(0, -'/modules.order'.length));
        else if (p.endsWith('.o')) {
          const ko = `${p.slice(0, -2)}.ko`;
          if (!seen.has(ko)) {
            seen.add(ko);
            out.push(ko);
          }
        }
      }
    };
    if (obj !== undefined) walk(obj);
    return out;
  }

  /**
   * The objects of the built-in archive of `obj` (by default the top one), in link order: the
   * members of subdirectories' archives in place, composite objects' members in place, as
   * kbuild's thin archives flatten them into `vmlinux.a`.
   */
  builtinObjects(obj: string | undefined = this.root): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const walk = (id: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      const kind = this.node(id)?.kind;
      if (kind === 'object') out.push(id);
      else if (kind === 'archive' || kind === 'composite') for (const { id: m } of this.inputs(id)) walk(m);
    };
    if (obj !== undefined) walk(join(obj, 'built-in.a'));
    return out;
  }

  /**
   * `modules.builtin` as kbuild makes it from `vmlinux.o`'s `.modinfo`: for each built-in object,
   * in link order, that declares a module license, the `KBUILD_MODFILE` its compile command
   * defines, plus `.ko`, duplicates dropped. Whether an object declares a license is read from its
   * source (and the files it includes with `#include "..."`) by `declaresLicense`.
   */
  builtinModules(declaresLicense: (absolutePath: string) => boolean): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const o of this.builtinObjects()) {
      const compile = this.node(o)?.compile;
      const modfile = compile === undefined ? undefined : /-DKBUILD_MODFILE='"([^"]*)"'/.exec(compile.command)?.[1];
      if (compile === undefined || modfile === undefined) continue;
      const source = this.sourcesOf(o)[0];
      if (source === undefined || !this.generatedFrom(source).some((f) => declaresLicense(resolvePath(compile.directory, f)))) continue;
      const line = `${modfile}.ko`;
      if (!seen.has(line)) {
        seen.add(line);
        out.push(line);
      }
    }
    return out;
  }

  /** The modules (`.ko`) an object, composite or source ends up in (usually one; none when built in). */
  modulesOf(id: string): string[] {
    return this.containersOf(id).filter((c) => this.node(c)?.kind === 'module');
  }

  /** The command kbuild compiles `object` with, if it is an object of the graph. */
  compileCommand(object: string): CompileFacts | undefined {
    return this.node(object)?.compile;
  }

  /** A source and the files it is generated from, nearest first (itself when it is not generated). */
  generatedFrom(source: string): string[] {
    const out = [source];
    for (let n = source; ; ) {
      const next = this.inputs(n).find((i) => this.node(i.id)?.kind === 'source')?.id;
      if (next === undefined || out.includes(next)) return out;
      out.push(next);
      n = next;
    }
  }

  /** The objects a module or composite object is linked from, leaves only, in link order. */
  objectsOf(id: string): string[] {
    const out: string[] = [];
    const walk = (n: string): void => {
      for (const { id: m } of this.inputs(n)) {
        const kind = this.node(m)?.kind;
        if (kind === 'composite') walk(m);
        else if (kind === 'object') out.push(m);
      }
    };
    walk(id);
    return [...new Set(out)];
  }

  /** The direct members of a module or composite (composites kept as one entry). */
  membersOf(id: string): string[] {
    return this.inputs(id).filter((i) => i.id !== id).map((i) => i.id);
  }

  /** The modules (`.ko`) and archives an object or source ends up in. */
  containersOf(id: string): string[] {
    const out = new Set<string>();
    const seen = new Set<string>();
    const walk = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const p of this.products(n)) {
        const kind = this.node(p)?.kind;
        if (kind === 'module' || kind === 'archive') out.add(p);
        else if (kind !== 'directory') walk(p);
      }
    };
    walk(id);
    return [...out];
  }

  /** The sources an object, composite or module is compiled from. */
  sourcesOf(id: string): string[] {
    const top = this.node(id)?.kind === 'module' ? this.inputs(id)[0]?.id ?? id : id;
    const objects = this.node(top)?.kind === 'object' ? [top] : this.objectsOf(top);
    return objects.flatMap((o) => this.inputs(o).filter((i) => this.node(i.id)?.kind === 'source').map((i) => i.id));
  }

  /**
   * The compile commands of the kernel objects of every directory the build descends into from
   * the top (or the `M=` dir), in the order kbuild descended: modules, built-in objects and
   * objects linked otherwise (the vDSO). Host programs, and directories entered only to prepare
   * the build (`scripts/mod`), are left out.
   */
  compileCommands(): CompileFacts[] {
    const dirs = this.descendants(this.root);
    return [...this.facts.directories.values()]
      .filter((d) => dirs.has(d.obj))
      .flatMap((d) => [...d.compile.values()].filter((c) => !c.rule.startsWith('host')));
  }

  /** `obj` and the directories kbuild entered from it, directly or through others. */
  descendants(obj: string | undefined): Set<string> {
    const out = new Set<string>();
    if (obj === undefined) return out;
    for (const d of this.facts.directories.values()) {
      const seen = new Set<string>();
      for (let o: string | undefined = d.obj; o !== undefined && !seen.has(o); o = this.facts.directories.get(o)?.parent) {
        seen.add(o);
        if (o === obj) {
          out.add(d.obj);
          break;
        }
      }
    }
    return out;
  }

  /** Members a directory's Kbuild file names under a configuration that leaves them out. */
  offMembers(obj: string, product?: string): OffMember[] {
    const dir = this.facts.directories.get(obj);
    if (dir === undefined) return [];
    const prefix = product === undefined ? undefined : `${base(product)}-`;
    const out: OffMember[] = [];
    for (const [word, origins] of dir.words) {
      for (const o of origins) {
        const off = prefix === undefined ? o.variable === 'obj-' || o.variable === 'lib-' : o.variable === prefix;
        if (off) out.push({ word, origin: o });
      }
    }
    return out.sort((a, b) => a.origin.line - b.origin.line);
  }

  /** Why `file` (a source, object or module path as kbuild names it) is or is not built. */
  why(file: string): Explanation {
    if (this.graph.hasNode(file)) {
      const chain: WhyStep[] = [];
      let n = file;
      const seen = new Set<string>();
      while (!seen.has(n)) {
        seen.add(n);
        const product = this.products(n)[0];
        if (product === undefined) break;
        chain.unshift({ product, input: n, origin: this.graph.edge(product, n).origin });
        n = product;
      }
      return { file, built: true, chain, off: [] };
    }
    const slash = file.lastIndexOf('/');
    const obj = slash < 0 ? '.' : file.slice(0, slash);
    const name = file.slice(slash + 1).replace(/\.(c|S)$/, '.o');
    const dir = this.facts.directories.get(obj);
    return { file, built: false, chain: [], off: dir?.words.get(name) ?? [] };
  }

  /**
   * Takes the facts of one directory again (after `reanalyzeDirectory`). What the directory adds is
   * worked out aside first, then the graph changes only where it differs: nodes and edges that stay
   * the same are left alone, which is most of them after an edit. Edges other directories added
   * (a subdirectory's own modules) stay, and so do nodes they still use.
   */
  refreshDirectory(obj: string): void {
    // A graph not built yet is built from the facts as they are when first asked for.
    if (this.built === undefined) return;
    const dir = this.facts.directories.get(obj);
    // The same facts (`reanalyzeDirectory` keeps the old ones when nothing changed) give the same nodes and edges.
    if (dir !== undefined && this.addedFrom.get(obj) === dir) return;
    const staged: Staged = { nodes: new Map(), edges: new Map(), degree: new Map() };
    const before = this.edgesBy.get(obj) ?? new Map<string, Edge>();
    this.staged = staged;
    this.stagedBefore = before;
    this.adding = obj;
    try {
      if (dir !== undefined) this.addDirectoryNodes(dir);
    } finally {
      this.staged = undefined;
      this.stagedBefore = undefined;
      this.adding = undefined;
    }
    this.outDegree.clear();
    const mine = this.owned.get(obj) ?? new Set<string>();
    for (const [id, info] of staged.nodes) {
      const old = this.graph.hasNode(id) ? this.graph.node(id) : undefined;
      if (old === undefined || !sameNode(old, info)) this.graph.setNode(id, info);
      if (!this.owners.has(id)) {
        this.owners.set(id, obj);
        mine.add(id);
      }
    }
    for (const [key, e] of before) {
      if (!staged.edges.has(key)) this.graph.removeEdge(e.v, e.w);
    }
    for (const e of staged.edges.values()) {
      const old = this.graph.hasEdge(e.v, e.w) ? this.graph.edge(e.v, e.w) : undefined;
      if (old === undefined || !sameEdge(old, e.label)) this.graph.setEdge(e.v, e.w, e.label);
    }
    for (const id of [...mine]) {
      if (staged.nodes.has(id)) continue;
      // No longer named here: it goes unless another directory's edge still leads to or from it.
      this.owners.delete(id);
      mine.delete(id);
      if ((this.graph.nodeEdges(id)?.length ?? 0) === 0) this.graph.removeNode(id);
    }
    this.owned.set(obj, mine);
    this.edgesBy.set(obj, staged.edges);
    if (dir === undefined) this.addedFrom.delete(obj);
    else this.addedFrom.set(obj, dir);
  }

  private addNode(id: string, info: NodeInfo): void {
    const staged = this.staged;
    if (staged !== undefined) {
      // Aside: start from the label another directory gave the node, not from this one's old label.
      const theirs = this.owners.get(id) !== this.adding && this.graph.hasNode(id) ? this.graph.node(id) : undefined;
      const label = raised(staged.nodes.get(id) ?? theirs, info);
      if (label !== undefined) staged.nodes.set(id, label);
      return;
    }
    if (this.adding !== undefined && !this.owners.has(id)) {
      this.owners.set(id, this.adding);
      let mine = this.owned.get(this.adding);
      if (mine === undefined) this.owned.set(this.adding, (mine = new Set()));
      mine.add(id);
    }
    const label = raised(this.graph.hasNode(id) ? this.graph.node(id) : undefined, info);
    if (label !== undefined) this.graph.setNode(id, label);
  }

  /** Whether the edge is there: in the graph, or aside while a directory is taken again. */
  private hasEdge(product: string, input: string): boolean {
    const staged = this.staged;
    if (staged === undefined) return this.graph.hasEdge(product, input);
    const key = edgeKey(product, input);
    return staged.edges.has(key) || (this.graph.hasEdge(product, input) && !this.stagedBefore!.has(key));
  }

  private addEdge(product: string, input: string, origin: WordOrigin | undefined): void {
    if (this.hasEdge(product, input)) return;
    const staged = this.staged;
    if (staged !== undefined) {
      // Numbered after the product's edges from other directories, which stay.
      const order = staged.degree.get(product) ?? (this.graph.outEdges(product) ?? []).filter((e) => !this.stagedBefore!.has(edgeKey(e.v, e.w))).length;
      staged.degree.set(product, order + 1);
      staged.edges.set(edgeKey(product, input), { v: product, w: input, label: { order, origin } });
      return;
    }
    const order = this.outDegree.get(product) ?? this.graph.outEdges(product)?.length ?? 0;
    this.outDegree.set(product, order + 1);
    this.graph.setEdge(product, input, { order, origin });
    if (this.adding !== undefined) {
      let mine = this.edgesBy.get(this.adding);
      if (mine === undefined) this.edgesBy.set(this.adding, (mine = new Map()));
      mine.set(edgeKey(product, input), { v: product, w: input });
    }
  }

  private addDirectory(dir: DirectoryFacts): void {
    this.addedFrom.set(dir.obj, dir);
    this.adding = dir.obj;
    try {
      this.addDirectoryNodes(dir);
    } finally {
      this.adding = undefined;
    }
  }

  private addDirectoryNodes(dir: DirectoryFacts): void {
    const o = dir.obj;
    const id = directoryId(o);
    this.addNode(id, { kind: 'directory', path: o });
    const modules = dir.targets.get(join(o, 'modules.order'));
    for (const p of modules?.prerequisites ?? []) {
      if (p.endsWith('/modules.order')) {
        const sub = p.slice(0, -'/modules.order'.length);
        this.addNode(directoryId(sub), { kind: 'directory', path: sub });
        this.addEdge(id, directoryId(sub), originFor(dir, `${relative(o, sub)}/`, dirLists));
      } else if (p.endsWith('.o')) {
        const ko = `${p.slice(0, -2)}.ko`;
        this.addNode(ko, { kind: 'module', path: ko });
        this.addEdge(id, ko, originFor(dir, relative(o, p), dirLists));
        this.addEdge(ko, p, undefined);
        this.addObject(dir, p);
      }
    }
    for (const archive of ['built-in.a', 'lib.a']) {
      const a = join(o, archive);
      const t = dir.targets.get(a);
      if (t === undefined) continue;
      this.addNode(a, { kind: 'archive', path: a });
      this.addEdge(id, a, undefined);
      for (const p of t.prerequisites) {
        if (p.endsWith('/built-in.a') || p.endsWith('/lib.a')) {
          const sub = p.slice(0, p.lastIndexOf('/'));
          this.addNode(directoryId(sub), { kind: 'directory', path: sub });
          this.addEdge(id, directoryId(sub), originFor(dir, `${relative(o, sub)}/`, dirLists));
          this.addNode(p, { kind: 'archive', path: p });
          this.addEdge(a, p, originFor(dir, `${relative(o, sub)}/`, dirLists));
        } else if (p.endsWith('.o')) {
          this.addEdge(a, p, originFor(dir, relative(o, p), dirLists));
          this.addObject(dir, p);
        }
      }
    }
  }

  private addObject(dir: DirectoryFacts, o: string): void {
    const t = dir.targets.get(o);
    const members = (t?.prerequisites ?? []).filter((p) => p.endsWith('.o') && p !== o);
    if (members.length > 0) {
      this.addNode(o, { kind: 'composite', path: o });
      const lists = compositeLists(base(o));
      for (const m of members) {
        this.addEdge(o, m, originFor(dir, relative(dir.obj, m), lists));
        this.addObject(dir, m);
      }
      return;
    }
    this.addNode(o, { kind: 'object', path: o, compile: dir.compile.get(o) });
    const source = t?.hasRecipe ? t.prerequisites[0] : undefined;
    if (source !== undefined && !source.endsWith('.o')) {
      this.addNode(source, { kind: 'source', path: source });
      this.addEdge(o, source, undefined);
      // A generated source (utf8data.c from utf8data.c_shipped) links to what it is made from.
      let made = source;
      for (let depth = 0; depth < 4; depth++) {
        const from = dir.targets.get(made);
        const input = from?.hasRecipe ? from.prerequisites[0] : undefined;
        if (input === undefined || this.hasEdge(made, input)) break;
        this.addNode(input, { kind: 'source', path: input });
        this.addEdge(made, input, undefined);
        made = input;
      }
    }
  }
}

/** An edge by its ends. */
interface Edge {
  readonly v: string;
  readonly w: string;
}

/** What a directory adds, worked out aside by `refreshDirectory`. */
interface Staged {
  readonly nodes: Map<string, NodeInfo>;
  readonly edges: Map<string, Edge & { readonly label: EdgeInfo }>;
  /** Edges staged so far from each product, for their `order`. */
  readonly degree: Map<string, number>;
}

function edgeKey(v: string, w: string): string {
  return `${v}\u0000${w}`;
}

function sameNode(a: NodeInfo, b: NodeInfo): boolean {
  if (a.kind !== b.kind || a.path !== b.path) return false;
  return a.compile === undefined || b.compile === undefined ? a.compile === b.compile : sameCompile(a.compile, b.compile);
}

function sameEdge(a: EdgeInfo, b: EdgeInfo): boolean {
  if (a.order !== b.order) return false;
  return a.origin === undefined || b.origin === undefined ? a.origin === b.origin : sameWordOrigin(a.origin, b.origin);
}

/**
 * The label a node gets when a directory adds it as `info`: `info` over the existing label when it
 * is of a higher kind or brings the compile command; undefined when the existing label stays.
 */
function raised(existing: NodeInfo | undefined, info: NodeInfo): NodeInfo | undefined {
  if (existing === undefined || rank(info.kind) > rank(existing.kind) || (info.compile !== undefined && existing.compile === undefined)) return { ...existing, ...info };
  return undefined;
}

function rank(kind: NodeKind): number {
  return ['source', 'object', 'composite', 'archive', 'module', 'directory'].indexOf(kind);
}

/** The id of a directory node. */
export function directoryId(obj: string): string {
  return `dir:${obj}`;
}

function join(obj: string, name: string): string {
  return obj === '.' ? name : `${obj}/${name}`;
}

function relative(obj: string, path: string): string {
  return obj !== '.' && path.startsWith(`${obj}/`) ? path.slice(obj.length + 1) : path;
}

/** The name of a composite without directory and `.o`: `openvswitch` for `net/openvswitch/openvswitch.o`. */
function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.(o|ko)$/, '');
}

/** The lists a directory's own members come from: `obj-y`, `obj-m`, `lib-y` and the like. */
function dirLists(variable: string): boolean {
  return /^(obj|lib)-/.test(variable);
}

/** The lists of a composite's members (kbuild's `foo-y`, `foo-m`, `foo-objs`). */
function compositeLists(name: string): (variable: string) => boolean {
  return (variable) => variable.startsWith(`${name}-`) && !/^(obj|lib)-/.test(variable);
}

/** The first assignment in the directory's Kbuild file that put `word` in a list `accept` takes. */
function originFor(dir: DirectoryFacts, word: string, accept: (variable: string) => boolean): WordOrigin | undefined {
  return dir.words.get(word)?.find((o) => accept(o.variable) && !o.variable.endsWith('-'));
}

/** The config values that decide an edge, for display: `CONFIG_X=m`. */
export function describeConfigs(configs: readonly ConfigValue[]): string {
  return configs.map((c) => `${c.symbol}=${c.value}`).join(' ');
}
