/**
 * `MakeContext`: all state of one evaluation (variables, scopes, rules, output, diagnostics, the
 * `Host`), passed as the first parameter everywhere instead of GNU make's globals.
 */
import type { Diagnostic, Host, LineIndex, ShellPolicy } from '../../base/index.js';
import type { ParseResult, Statement } from '../../parser/index.js';
import type { RuleDatabase } from './rules.js';
import type { Value } from './value.js';
import type { GlobalTable, PlainStatements } from './globals.js';
import type { Condition, Scope, Variable, VariableTable } from './variables.js';

/** Which GNU make the engine imitates. 4.3 is the make on these machines; 4.4 adds `let`, `intcmp`, `:::=`. */
export type MakeVersion = '4.3' | '4.4';

/** A file and 1-based line, as GNU make prints them in messages. */
export interface Location {
  readonly file: string;
  readonly line: number;
}

/** A parsed makefile kept for reuse. */
export interface ParsedMakefile {
  readonly mtimeMs: number;
  readonly text: string;
  readonly index: LineIndex;
  readonly tree: ParseResult;
  /**
   * The file's plain assignments as the shared variables they make, by the name the file was read
   * under, then by list of statements: made once, used by every make that reads the file.
   */
  readonly plain: Map<string, Map<readonly Statement[], PlainStatements>>;
}

/** One line of output, in the order make would print it. */
export interface OutputLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** How an evaluation is set up: GNU make's command line and environment. */
export interface MakeOptions {
  readonly host: Host;
  /** Absolute directory make runs in (after `-C`). */
  readonly cwd: string;
  readonly env: ReadonlyMap<string, string>;
  /** `VAR=VALUE` arguments, in order. */
  readonly commandLine: readonly (readonly [string, string])[];
  /** `-f` files; empty means the default names (GNUmakefile, makefile, Makefile). */
  readonly makefiles: readonly string[];
  /** `-I` directories. */
  readonly includeDirs: readonly string[];
  readonly goals: readonly string[];
  readonly dryRun: boolean;
  /** `-s`: no command echo, no "Nothing to be done" messages. */
  readonly silent: boolean;
  /** Print "Entering directory" / "Leaving directory" around the run. */
  readonly printDirectory: boolean;
  /** The value `MAKEFLAGS` has while the makefiles are read. */
  readonly makeflags: string;
  /**
   * Parsed makefiles by absolute path, shared with in-process sub-makes (and, in an editor, across
   * evaluations): an entry is used while the file's modification time is unchanged.
   */
  readonly parsed?: Map<string, ParsedMakefile>;
  /**
   * Compiled expansion text by text, shared with in-process sub-makes like `parsed`: compiling
   * depends on the text and `version` only, so a map may be shared by evaluations of one version.
   */
  readonly compiled?: Map<string, Value>;
  readonly shell: ShellPolicy;
  readonly version: MakeVersion;
  /** The name make calls itself in messages (`make`). */
  readonly program: string;
  /** `MAKELEVEL` of this make (0 for the top). */
  readonly level: number;
  /**
   * What happens to recipes under `-n`: `print` (make's behaviour, the default) expands and prints
   * every line; `sub-makes` expands and runs only the lines that name `$(MAKE)`, and prints nothing,
   * for callers that want the structure of a run and not its commands; `none` expands nothing and
   * runs no sub-make (one make's own structure, as when one directory is read again).
   */
  readonly recipes?: 'print' | 'sub-makes' | 'none';
  /** Watches the run (and its in-process sub-makes): how the Kbuild layer learns make's graph. */
  readonly observer?: MakeObserver;
  /**
   * Under `-n`, whether an expanded command is known to leave every file as it was (`:`, say). A
   * target whose recipe has only such commands is then not taken as remade: the targets that need
   * it compare its real modification time, as a real make does once the recipe ran and the file
   * is unchanged. GNU make's own `-n` takes every target with a recipe as remade (the default).
   * For planning a build from a dry run.
   */
  readonly unchanging?: (command: string) => boolean;
  /**
   * Runs each in-process sub-make (inherited by the sub-makes): given its options and the engine's
   * own way of running one, returns what it gave. The default runs it; a caller may hand it a
   * result computed elsewhere (the Kbuild layer spreads a tree's directories over threads).
   */
  readonly runSubMake?: (options: MakeOptions, run: (options: MakeOptions) => SubMakeOutcome) => SubMakeOutcome;
}

/** What a sub-make gives the make that ran it. */
export interface SubMakeOutcome {
  readonly value: {
    readonly output: readonly OutputLine[];
    readonly status: number;
    readonly reads: readonly string[];
    readonly commands: readonly string[];
  };
  readonly diagnostics: readonly Diagnostic[];
}

/** A target as the dry run considers it, after its prerequisites were considered. */
export interface TargetVisit {
  /** The name as make knows it (relative to the make's directory unless absolute). */
  readonly name: string;
  /** Its prerequisites, implicit-rule ones included, in make's order, then the order-only ones. */
  readonly prerequisites: readonly string[];
  readonly orderOnly: readonly string[];
  readonly stem: string;
  readonly hasRecipe: boolean;
  /** The recipe's lines as written (unexpanded). */
  readonly recipe: readonly string[];
  readonly phony: boolean;
  /** Expands text as this target's recipe sees it: automatic and target-specific variables in scope. */
  expand(text: string): string;
  /**
   * `expand`, with what the expansion depended on. Given the same text's expansion for the same
   * target from an earlier run (`previous`), returns it as it is when every name it looked up in
   * the target's scopes and the globals finds the same variable now (flavor, origin, value), and
   * expands again otherwise: how reading one directory again keeps the commands an edit left
   * alone without expanding them again.
   */
  expandTraced(text: string, previous?: TracedExpansion): TracedExpansion;
}

/** A text expanded for a target (`TargetVisit.expandTraced`), with what it depended on. */
export interface TracedExpansion {
  /** The text as given. */
  readonly text: string;
  /** Its expansion. */
  readonly value: string;
  /**
   * Each name the expansion looked up in the target's scopes or the globals (not in a `$(call)`'s
   * arguments or a `$(foreach)`'s variable), with what it found then (undefined: nothing). Undefined
   * when the expansion depended on more than variables: a function with effects ran (`$(shell)`,
   * `$(eval)`, `$(info)`, `$(file)`), or it read the file system (`$(wildcard)`, `$(realpath)`),
   * or a target-specific `+=` took a value from outside the target.
   */
  readonly found: ReadonlyMap<string, VariableState | undefined> | undefined;
}

/** What a variable was when an expansion looked it up: all that its expansion depends on, beside what it looks up. */
export interface VariableState {
  readonly flavor: Variable['flavor'];
  readonly origin: Variable['origin'];
  readonly value: string;
  readonly private: boolean;
  readonly appendToParent: boolean;
}

/** What an observer sees of one make (the top one or a sub-make): read-only. */
export interface MakeView {
  readonly options: MakeOptions;
  readonly variables: ReadonlyMap<string, Readonly<Variable>>;
  readonly rules: Readonly<RuleDatabase>;
  /** The makefiles read so far, as `MAKEFILE_LIST` names them. */
  readonly makefiles: readonly string[];
  /** Expands text with this make's global variables. */
  expand(text: string): string;
  /** The environment this make's recipes get: its own, with the exported variables (GNU make target_environment). */
  environment(): ReadonlyMap<string, string>;
}

/** Callbacks into a run and its in-process sub-makes. */
export interface MakeObserver {
  /** A target was considered (each once per make), after its prerequisites were. */
  target?(make: MakeView, visit: TargetVisit): void;
  /** A file's recipe ran (under `-n`: was printed); the file would exist now. */
  made?(make: MakeView, target: string): void;
  /**
   * A recipe command, expanded and without its `@-+` prefixes, in the order make would run it, just
   * before make acts on it; `subMake` says make will try it as an in-process sub-make (`$(MAKE)` or
   * `+` under `-n`): it was one exactly when a make's `read` follows before this make's next event.
   */
  command?(make: MakeView, target: string, command: string, subMake: boolean): void;
  /** A make finished reading its makefiles. */
  read?(make: MakeView): void;
  /** A make finished; `status` is its exit status. */
  finished?(make: MakeView, status: number): void;
}

/** Stops the current makefile: GNU make's fatal error. Internal control flow, never thrown to callers. */
export class MakeStop extends Error {
  /**
   * `raw` messages are printed as they are (`make: *** [Makefile:2: all] Error 2`). `target` marks
   * the failure of one target (a recipe's error, no rule to make it), which `-k` goes on after;
   * any other stop (an expansion error, `$(error)`) ends make even under `-k`.
   */
  constructor(readonly where: Location | undefined, readonly text: string, readonly raw: boolean = false, readonly target: boolean = raw) {
    super(text);
  }
}

/** The state of one evaluation. */
export interface MakeContext {
  readonly options: MakeOptions;
  readonly globals: GlobalTable;
  /** Innermost last: `$(call)` arguments, `$(foreach)` and `$(let)` variables, target-specific scopes. */
  readonly scopes: Scope[];
  readonly rules: RuleDatabase;
  readonly output: OutputLine[];
  readonly diagnostics: Diagnostic[];
  /** Every file read and every command run, so callers know what the result depends on. */
  readonly reads: string[];
  readonly commands: string[];
  /** The line being read, for messages. */
  location: Location | undefined;
  /** Variables being expanded right now, for GNU make's self-reference check. */
  readonly expanding: Set<Variable>;
  /** Compiled text, by text: variable values are compiled once per run (`MakeOptions.compiled`). */
  readonly compiled: Map<string, Value>;
  /** Nesting of `$(eval)` and `$(call)`, to stop runaway recursion. */
  depth: number;
  /** The makefiles read so far, for `MAKEFILE_LIST`. */
  readonly makefileList: string[];
  /** The recipe prefix `.RECIPEPREFIX` sets (a tab by default). */
  recipePrefix: string;
  /** `export` with no names: every variable is exported. */
  exportAll: boolean;
  /** `vpath` directives as read (words). */
  readonly vpaths: string[][];
  /** `include`d files that did not exist, for make's end-of-reading check. */
  readonly missingIncludes: { readonly file: string; readonly where: Location }[];
  /** Where the variable being expanded was defined: GNU make reports function errors there. */
  expandingWhere: Location | undefined;
  /** How many recipes are being expanded (inside a target's variables); `private` globals hide there. */
  recipeDepth: number;
  /** How many numbered arguments the innermost `$(call)` has, so deeper calls can mask them. */
  callArgs: number;
  /**
   * While one text is expanded for a target's observer (`TargetVisit.expand`), the values of the
   * recursive variables expanded so far: within one expansion nothing changes a variable's value
   * unless a function with effects runs (`ExpansionMemo`). Undefined otherwise.
   */
  memo: ExpansionMemo | undefined;
  /**
   * Names that found another variable than a traced expansion had noted (`findsAsBefore`): any
   * other trace with one of them is expanded again without checking the rest, which is exact
   * (expanding is always right) and saves checking every trace to its changed name.
   */
  readonly changedNames: Set<string>;
  /**
   * What the dry run does when a fatal error stops it: GNU make still deletes (under `-n`, lists)
   * the intermediate files it made, after the error's message. Undefined before updating starts.
   */
  whenStopped: (() => void) | undefined;
  /** `--warn-undefined-variables`, read from `MakeOptions.makeflags` once: every reference asks. */
  readonly warnUndefined: boolean;
  /** This make as observers see it. */
  readonly view: MakeView;
  /** The conditional branches the reader is inside, innermost first. */
  condition: Condition | undefined;
  /** The reader, for `$(eval)`: it lives in another module to keep imports one-way. */
  readonly reader: Reader;
}

/**
 * The values of recursive variables within one expansion, by variable. A value is kept and used
 * again only where no scope of the expansion's own is in force (only the target's, below `base`:
 * no `$(call)` argument or `$(foreach)` variable that could give a name another value), and only
 * when no function with effects ran while it was expanded (`$(eval)`, `$(shell)`, `$(info)`,
 * `$(warning)`, `$(file)`): GNU make expands such a variable again each time it is referenced,
 * and gets the same text.
 */
export interface ExpansionMemo {
  readonly values: Map<Variable, string>;
  /** How many scopes there are when no scope of the expansion's own is in force. */
  readonly base: number;
  /** Functions with effects run so far. */
  effects: number;
  /** The expansion read what a trace does not hold (files, a value from outside the target): see `TracedExpansion.found`. */
  opaque: boolean;
}

/** What functions need from the makefile reader. */
export interface Reader {
  /** Reads `text` as makefile lines at the current location (`$(eval)`). */
  evalText(ctx: MakeContext, text: string): void;
}
