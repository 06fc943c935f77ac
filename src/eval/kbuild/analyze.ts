/**
 * Running kbuild through the make engine: the kernel's own top `Makefile` (or a headers dir's, for
 * `M=`), dry run, in one process, with every `scripts/Makefile.build` sub-make reporting to a
 * collector. This is `make -n -k` of kbuild without its output: the structure comes from kbuild.
 */
import { diagnostic, sourceFile, span, type Diagnostic, type Host, type HostStat, type ShellPolicy } from '../../base/index.js';
import { evaluate, resolvePath, type MakeVersion, type OutputLine, type ParsedMakefile, type TracedExpansion } from '../make/index.js';
import { kbuildCollector, sameCompile, sameList, sameWordOrigin, type CompileTraces, type DirectoryFacts, type KbuildFacts } from './collect.js';
import { headingTitle } from './config.js';
import { prepareBuildDirectory } from './prepare.js';
import { newRecorder, splitSubMakes, type KbuildSplit, type SplitStats } from './split.js';

/** How to run kbuild: `make -C directory VAR=VALUE... goals`. */
export interface KbuildOptions {
  readonly host: Host;
  /** The kernel tree, or the headers (build) dir for an external module; absolute. */
  readonly directory: string;
  /** `VAR=VALUE` arguments as kbuild takes them (`O=`, `M=`, `ARCH=`, `CC=gcc-12`, `LLVM=1`). */
  readonly variables: readonly (readonly [string, string])[];
  /** The environment make starts with. */
  readonly env: ReadonlyMap<string, string>;
  /** The goals; `modules` for an external module, `all` for a tree, by default. */
  readonly goals?: readonly string[];
  /** Whether `$(shell)` may run commands (kbuild's compiler checks need it for exact flags). */
  readonly shell: ShellPolicy;
  readonly version?: MakeVersion;
  /** Called as kbuild enters each directory, with how many it has entered so far. */
  readonly onDirectory?: (obj: string, count: number) => void;
  /**
   * The architecture of the machine (`uname -m`: `x86_64`, `aarch64`), for kbuild's default `ARCH`;
   * used only to check that the `.config` is for the architecture kbuild will build.
   */
  readonly machine?: string;
  /** A parse cache to share with earlier runs (the editor case). */
  readonly parsed?: Map<string, ParsedMakefile>;
  /** This run's side of a run spread over threads (`split.ts`); a tree's run only. */
  readonly split?: KbuildSplit;
}

/** What a kbuild run gave. */
export interface KbuildRun {
  readonly facts: KbuildFacts;
  /** make's exit status: a dry run of kbuild normally ends with 2 at the first link step. */
  readonly status: number;
  /** What make printed on stderr (the commands it would run are not kept). */
  readonly messages: readonly OutputLine[];
  /** For a split run, how many directory makes side 0 took from its helpers, and how many it evaluated again. */
  readonly split?: SplitStats;
  /**
   * Drops what the run's host remembered of the file system (`rememberingFileSystem`), so that
   * what reads the tree next sees it as it is now: `reanalyzeDirectory` calls it first. With
   * `paths`, only what it knew of those paths (and of their directories' listings): see
   * `RememberingHost.forget`.
   */
  readonly forgetFiles: (paths?: readonly string[]) => void;
}

/**
 * Runs kbuild's makefiles as `make -n -k` would, and collects each directory's facts. Only the
 * recipe lines that run `$(MAKE)` are expanded (that is how kbuild descends); other commands are
 * not printed, and the compile commands come from the collector.
 */
export function analyzeKbuild(options: KbuildOptions): { value: KbuildRun; diagnostics: readonly Diagnostic[] } {
  const facts: KbuildFacts = { directories: new Map() };
  const commandLine = (name: string): string | undefined => options.variables.findLast(([n]) => n === name)?.[1];
  const variable = (name: string): string | undefined => commandLine(name) ?? options.env.get(name);
  // kbuild takes `M` and `O` from the command line only (their origin is checked), the rest from the environment too.
  const external = commandLine('M') !== undefined || variable('KBUILD_EXTMOD') !== undefined;
  // The build dir and the .config in it, as kbuild finds them (O=, KBUILD_OUTPUT, KCONFIG_CONFIG).
  const objtree = resolvePath(options.directory, commandLine('O') ?? variable('KBUILD_OUTPUT') ?? '.');
  const configPath = resolvePath(objtree, variable('KCONFIG_CONFIG') ?? '.config');
  const host = rememberingFileSystem(options.host, { lazyTimes: true });
  // kbuild never syncs the configuration of the headers an external module is built against: its
  // `.config` is read for its heading only (K diagnostics are for the tree being configured).
  const prepared = external ? undefined : prepareBuildDirectory(host, objtree, configPath);
  const problems: Diagnostic[] = [...(prepared?.diagnostics ?? [])];
  const title = prepared === undefined ? configTitle(host, configPath) : prepared.value.config?.title;
  const runHost = prepared?.value.host ?? host;
  const arch = srcArch(variable('ARCH') ?? options.machine);
  const configArch = /^Linux\/(\S+) /.exec(title ?? '')?.[1];
  if (arch !== undefined && configArch !== undefined && srcArch(configArch) !== arch) {
    problems.push(diagnostic('K008', 'error', `${configPath} is a configuration for ${configArch}, but kbuild would build for ${arch}; pass ARCH=${configArch}`, span(configPath, 0, 0)));
  }
  if (problems.some((d) => d.severity === 'error')) {
    return { value: { facts, status: 2, messages: [], forgetFiles: host.forget }, diagnostics: problems };
  }
  // Files the run would have made (prepare's host tools, generated headers) exist for the makes after it.
  const made = new Map<string, number>();
  const recorder = newRecorder();
  const onDirectory = options.split === undefined ? options.onDirectory : (obj: string, count: number) => {
    if (recorder.active) recorder.directories.push(obj);
    options.onDirectory?.(obj, count);
  };
  const collector = kbuildCollector(facts, onDirectory);
  const stats: SplitStats = { taken: 0, redone: 0, waitedMs: 0 };
  const watch = options.split === undefined ? undefined : (path: string, at: number | undefined) => {
    if (!recorder.active) return;
    if (at === undefined) recorder.missing.add(path);
    else if (at < recorder.start) recorder.madeBefore.add(path);
  };
  // Without commands kbuild cannot ask `uname -m` for its default ARCH: the machine's is given instead.
  const variables = options.shell === 'deny' && variable('ARCH') === undefined && arch !== undefined ? [...options.variables, ['ARCH', arch] as const] : options.variables;
  const { value, diagnostics } = evaluate({
    // The policy is applied by the host, so that kbuild's pure commands are answered even under `deny`.
    host: withMadeFiles(answeringPureCommands(options.shell === 'deny' ? denyingCommands(runHost) : runHost), made, watch),
    cwd: options.directory,
    env: options.env,
    commandLine: variables,
    makefiles: [],
    includeDirs: [],
    goals: options.goals ?? [external ? 'modules' : 'all'],
    dryRun: true,
    silent: true,
    printDirectory: false,
    makeflags: 'nks',
    recipes: 'sub-makes',
    parsed: options.parsed,
    shell: 'allow',
    version: options.version ?? '4.3',
    program: 'make',
    level: 0,
    runSubMake: options.split === undefined ? undefined : splitSubMakes(options.split, { facts, made, onDirectory: options.onDirectory }, recorder, stats),
    observer: {
      ...collector,
      made(make, target) {
        const path = resolvePath(make.options.cwd, target);
        if (make.options.host.stat(path) === undefined) made.set(path, made.size);
      },
    },
  });
  const messages = value.output.filter((l) => l.stream === 'stderr');
  return { value: { facts, status: value.status, messages, split: options.split === undefined ? undefined : stats, forgetFiles: host.forget }, diagnostics: [...problems, ...diagnostics] };
}

/** kbuild's `SRCARCH` for an `ARCH` or a machine name (the top Makefile's and scripts/subarch.include's mapping). */
function srcArch(arch: string | undefined): string | undefined {
  if (arch === undefined || arch === '') return undefined;
  if (/^(x86_64|i.86|x86|um)$/.test(arch)) return arch === 'um' ? 'um' : 'x86';
  if (/^(aarch64.*|arm64)$/.test(arch)) return 'arm64';
  if (/^(arm.*|sa110)$/.test(arch)) return 'arm';
  if (/^(ppc.*|powerpc)$/.test(arch)) return 'powerpc';
  if (/^s390x?$/.test(arch)) return 's390';
  if (/^(sparc.*|sun4u)$/.test(arch)) return 'sparc';
  if (/^(mips.*)$/.test(arch)) return 'mips';
  if (/^(sh[234].*)$/.test(arch)) return 'sh';
  if (/^riscv.*$/.test(arch)) return 'riscv';
  if (/^(parisc.*)$/.test(arch)) return 'parisc';
  if (/^loongarch.*$/.test(arch)) return 'loongarch';
  return arch;
}

/** A plain path word: no quoting, expansion or operators for a shell to interpret. */
const plainPath = String.raw`[^\s;&|<>\`$'"\\()*?[\]]+`;
/** `mkdir -p DIR...`: how kbuild makes output directories while it reads (`$(shell mkdir -p $(obj-dirs))`). */
const mkdirOnly = new RegExp(`^mkdir -p((?: +${plainPath})+)$`);
/**
 * `[mkdir -p DIR && ]cd DIR [; cd DIR...] && pwd`: how the top Makefile and tools/ find absolute
 * directories (tools/scripts/Makefile.include says `cd $(PWD); cd $(O) ; pwd`).
 */
const cdPwd = new RegExp(`^(?:mkdir -p (${plainPath}) && )?((?:cd(?: +${plainPath})? *(?:&&|;) *)+)pwd$`);

/**
 * The host, except that the few pure commands kbuild runs while reading its makefiles are answered
 * here without running anything, whatever the shell policy: `mkdir -p DIR...` (analysis makes no
 * directories; kbuild reads nothing from it) and `[mkdir -p D && ]cd D && pwd` (the directory as
 * sh's logical `cd` names it, symbolic links kept; a directory that `mkdir` would have made counts
 * as made).
 */
function answeringPureCommands(host: Host): Host {
  return {
    ...host,
    shell(command, cwd, env) {
      const text = command.trim();
      if (mkdirOnly.test(text)) return { stdout: '', stderr: '', status: 0 };
      const cd = cdPwd.exec(text);
      if (cd !== null) {
        // Each `cd` from where the one before left off; a directory `mkdir -p` would make counts as made.
        let dir: string | undefined = cwd;
        for (const step of cd[2].matchAll(new RegExp(`cd(?: +(${plainPath}))?`, 'g'))) {
          // A bare `cd` (an unset `$(PWD)`, say) goes home, as in sh.
          const target = step[1] ?? env.get('HOME');
          if (target === undefined) {
            dir = undefined;
            break;
          }
          // sh's `cd` is logical: the path as named, `..` taken off by name, if it leads to a directory.
          const next = resolvePath(dir!, target);
          dir = host.stat(next)?.kind === 'directory' || (cd[1] !== undefined && resolvePath(cwd, cd[1]) === next) ? next : undefined;
          if (dir === undefined) break;
        }
        if (dir !== undefined) return { stdout: `${dir}\n`, stderr: '', status: 0 };
      }
      return host.shell(command, cwd, env);
    },
  };
}

/**
 * The host, asked about each path (`stat`, `lstat`, `realPath`, `readDirectory`) once: a whole
 * tree's sub-makes look at the same files many times, and nothing changes them while the analysis
 * runs, except a command it runs, after which everything is asked again (not after a result
 * replayed from a shell-result cache, which ran nothing).
 *
 * Most paths a kernel's dry run asks about do not exist (the objects, `.cmd` files and generated
 * sources of a tree not built yet). After a few questions about one directory its listing is read
 * once, and a name that is not in it is answered as missing without asking; so is every path in
 * a directory that does not exist.
 *
 * With `lazyTimes` (and a host that lists kinds, `readDirectoryKinds`), a file or directory the
 * listing has is answered from it, and its time and size are asked for only when read: a tree's
 * dry run looks at every source, but needs a source's time only once its object exists (13,655
 * `stat` calls of the Debian tree's analysis). Only for a host whose listings and `stat` answers
 * agree (no view below it that changes one and not the other), and whose `readDirectoryKinds` lists
 * the names `readDirectory` gives, in the same order: a directory is then listed once, with kinds.
 */
export function rememberingFileSystem(host: Host, options: { readonly lazyTimes?: boolean } = {}): RememberingHost {
  const stats = new Map<string, HostStat | undefined>();
  const lstats = new Map<string, HostStat | undefined>();
  const realPaths = new Map<string, string | undefined>();
  const directories = new Map<string, readonly string[] | undefined>();
  /**
   * Each directory's names with their kinds where the listing tells (`unknown` otherwise; null:
   * not listed, as for a file), once it was asked about often enough.
   */
  const listings = new Map<string, ReadonlyMap<string, HostStat['kind'] | 'link' | 'unknown'> | null>();
  const asked = new Map<string, number>();
  const kinds = options.lazyTimes === true ? host.readDirectoryKinds?.bind(host) : undefined;
  const remembered = <T>(cache: Map<string, T>, ask: (path: string) => T) => (path: string): T => {
    if (cache.has(path)) return cache.get(path) as T;
    const answer = ask(path);
    cache.set(path, answer);
    return answer;
  };
  const readDirectory = remembered(directories, (path) => host.readDirectory(path));
  // A file or directory the listing has, with its time and size asked for when first read.
  const listed = (path: string, kind: HostStat['kind'], ask: (path: string) => HostStat | undefined): HostStat => {
    let real: HostStat | undefined | null = null;
    const times = (): HostStat | undefined => (real === null ? (real = ask(path)) : real);
    return { kind, get mtimeMs() { return times()?.mtimeMs ?? 0; }, get size() { return times()?.size; } };
  };
  const answer = (path: string, ask: (path: string) => HostStat | undefined): HostStat | undefined => {
    const kind = known(path);
    if (kind === 'missing') return undefined;
    return kind === 'file' || kind === 'directory' ? listed(path, kind, ask) : ask(path);
  };
  const stat = remembered(stats, (path) => answer(path, (p) => host.stat(p)));
  // What the listing of `path`'s directory says about it: `missing` (also when the directory is), its kind, or nothing known.
  const known = (path: string): HostStat['kind'] | 'link' | 'unknown' | 'missing' | undefined => {
    const slash = path.lastIndexOf('/');
    if (slash <= 0 || slash === path.length - 1) return undefined;
    const name = path.slice(slash + 1);
    if (name === '.' || name === '..') return undefined;
    const dir = path.slice(0, slash);
    let listing = listings.get(dir);
    if (listing === undefined) {
      const n = (asked.get(dir) ?? 0) + 1;
      asked.set(dir, n);
      if (n < listAfter) return undefined;
      if (stat(dir) === undefined) return 'missing';
      if (kinds !== undefined && !directories.has(dir)) {
        // One listing with kinds is the listing, and gives `readDirectory` its names after.
        const types = kinds(dir);
        directories.set(dir, types === undefined ? undefined : [...types.keys()]);
        listing = types ?? null;
      } else {
        // The names come from `readDirectory`, which views may change; the kinds only say what a name is.
        const names = readDirectory(dir);
        const types = names === undefined ? undefined : kinds?.(dir);
        listing = names === undefined ? null : new Map(names.map((n) => [n, types?.get(n) ?? 'unknown'] as const));
      }
      listings.set(dir, listing);
    }
    return listing === null ? undefined : listing.get(name) ?? 'missing';
  };
  const lstat = host.lstat;
  const all = [stats, lstats, realPaths, directories, listings, asked];
  const forget = (paths?: readonly string[]): void => {
    if (paths === undefined) {
      for (const cache of all) cache.clear();
      return;
    }
    for (const path of paths) {
      // A directory (or what was one) takes what is known below it along; a file only itself.
      const directory = listings.has(path) || directories.has(path) || stats.get(path)?.kind === 'directory' || lstats.get(path)?.kind === 'directory';
      for (const cache of all) {
        cache.delete(path);
        if (directory) for (const key of cache.keys()) if (key.startsWith(path) && key.charCodeAt(path.length) === 47) cache.delete(key);
      }
      // Its directory's listing may have gained or lost it.
      const slash = path.lastIndexOf('/');
      const parent = slash === 0 ? '/' : path.slice(0, slash);
      if (slash >= 0) for (const cache of [directories, listings, asked]) cache.delete(parent);
    }
  };
  return {
    ...host,
    stat,
    lstat: lstat === undefined ? undefined : remembered(lstats, (path) => answer(path, (p) => lstat.call(host, p))),
    realPath: remembered(realPaths, (path) => host.realPath(path)),
    readDirectory,
    shell(command, cwd, env) {
      const result = host.shell(command, cwd, env);
      // A result replayed from a cache ran nothing, so the answers so far still hold.
      if (result?.replayed !== true) forget();
      return result;
    },
    forget,
  };
}

/** A host that remembers its file system's answers (`rememberingFileSystem`) until told to forget them. */
export type RememberingHost = Host & {
  /**
   * Drops answers remembered so far: the next question about such a path asks the host below
   * again. With no `paths`, every answer. With `paths` (absolute, as the host names them), what it
   * knows of each path, of every path below one that is or was a directory, and the listing of
   * each path's directory: enough when those are all the paths created, deleted or written since.
   */
  readonly forget: (paths?: readonly string[]) => void;
};

/** How many questions about one directory's paths come before its listing is read instead. */
const listAfter = 4;

/** The host with every command denied (the `deny` policy, applied below kbuild's own answers). */
function denyingCommands(host: Host): Host {
  return { ...host, shell: () => undefined };
}

/**
 * The host, where files the run made exist (as new files). A dry run of an unprepared tree then
 * sees what `prepare` would have left, such as `scripts/asn1_compiler`, which the rules of later
 * directories need; GNU make's own `-n` forgets them between sub-makes. Files that existed are not
 * touched, so a prepared tree reads as it is.
 */
function withMadeFiles(host: Host, made: ReadonlyMap<string, number>, watch?: (path: string, madeAt: number | undefined) => void): Host {
  // Made now: a file written after the analysis (an editor's new source) is newer.
  const now = Date.now();
  const answer = (path: string, found: HostStat | undefined): HostStat | undefined => {
    if (found !== undefined) return found;
    const at = made.get(path);
    watch?.(path, at);
    return at === undefined ? undefined : { kind: 'file', mtimeMs: now };
  };
  return {
    ...host,
    stat: (path) => answer(path, host.stat(path)),
    lstat: (path) => answer(path, (host.lstat ?? host.stat)(path)),
  };
}

/** The title in the heading of the `.config` at `path` (`headingTitle`), if it has one. */
function configTitle(host: Host, path: string): string | undefined {
  const bytes = host.readFile(path);
  return bytes === undefined ? undefined : headingTitle(sourceFile(path, bytes).text);
}

/** The traced compile commands of each directory read again (`reanalyzeDirectory`), for the next time. */
const compileTraces = new WeakMap<DirectoryFacts, ReadonlyMap<string, TracedExpansion>>();

/**
 * The traced compile commands a directory read again by `reanalyzeDirectory` kept for the next
 * time, by object (undefined for facts no reanalysis made): a command taken again is the same
 * `TracedExpansion` as the time before. For tests; not part of the library's interface.
 */
export function compileTracesOf(dir: DirectoryFacts): ReadonlyMap<string, TracedExpansion> | undefined {
  return compileTraces.get(dir);
}

/**
 * Reads one directory again, as its `scripts/Makefile.build` make ran in `run` (same command line,
 * environment and host), after its Kbuild file changed: the editor case. Only that make runs; its
 * subdirectories keep their facts. Files are parsed again only when their modification time
 * changed (the run's parse cache). Returns the new facts, already in `run.facts`, or undefined
 * when the run never entered `obj`.
 *
 * `changed`, when given, names every file created, deleted or written since the run (or the last
 * reanalysis) read the tree, as an editor's file watcher reports them: only those are asked about
 * again. Without it, the file system is asked about everything again. A relative path is taken
 * from the directory the directory's make ran in.
 */
export function reanalyzeDirectory(run: KbuildRun, obj: string, changed?: readonly string[]): DirectoryFacts | undefined {
  const old = run.facts.directories.get(obj);
  if (old === undefined) return undefined;
  // The run's host remembers the tree as the run saw it: the edited makefile's old time (and so its
  // old parse), a listing without a new source. A command that runs makes it forget, but with a
  // shell-result cache (nothing runs) the edit would go unseen.
  run.forgetFiles(changed?.map((p) => resolvePath(old.options.cwd, p)));
  const facts: KbuildFacts = { directories: new Map() };
  const { observer: _observer, ...options } = old.options;
  // Each time, the compile commands are expanded traced, so that the next time takes again those
  // whose variables the edit left alone.
  const traces: CompileTraces = { previous: compileTraces.get(old), next: new Map() };
  evaluate({ ...options, recipes: 'none', observer: kbuildCollector(facts, undefined, old.parent, traces) });
  const read = facts.directories.get(obj);
  if (read === undefined) return undefined;
  const fresh = sharingUnchanged(old, read);
  compileTraces.set(fresh, traces.next);
  // A Map keeps a key's place when its value is replaced: the directory stays where kbuild descended.
  run.facts.directories.set(obj, fresh);
  return fresh;
}

/**
 * The new facts of a directory with the old ones' objects wherever they are equal: what an edit
 * left alone is kept, and what was read again is left to die young. The editor's process then
 * keeps no new copy of an unchanged command, and its heap does not grow with each edit.
 */
function sharingUnchanged(old: DirectoryFacts, fresh: DirectoryFacts): DirectoryFacts {
  const targets = sharedEntries(old.targets, fresh.targets, (a, b) => a.hasRecipe === b.hasRecipe && sameList(a.prerequisites, b.prerequisites, (x, y) => x === y));
  const compile = sharedEntries(old.compile, fresh.compile, sameCompile);
  const words = sharedEntries(old.words, fresh.words, (a, b) => sameList(a, b, sameWordOrigin));
  if (targets === old.targets && compile === old.compile && words === old.words && fresh.kbuildFile === old.kbuildFile && fresh.cwd === old.cwd && fresh.parent === old.parent) {
    old.status = fresh.status;
    return old;
  }
  return { ...fresh, targets, compile, words };
}

/** `fresh`, with the old value of each entry that is equal; `old` itself when every entry is. */
function sharedEntries<V>(old: ReadonlyMap<string, V>, fresh: ReadonlyMap<string, V>, same: (a: V, b: V) => boolean): ReadonlyMap<string, V> {
  let all = old.size === fresh.size;
  const out = new Map<string, V>();
  for (const [k, v] of fresh) {
    const was = old.get(k);
    if (was !== undefined && same(was, v)) out.set(k, was);
    else {
      out.set(k, v);
      all = false;
    }
  }
  if (!all) return out;
  // Same entries: also the same order?
  const a = old.keys();
  for (const k of out.keys()) if (a.next().value !== k) return out;
  return old;
}

