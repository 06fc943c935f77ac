/**
 * Reading kbuild's own `make -n` output for what it says about the graph: the objects each
 * `<module>.mod` lists (`printf '%s\n' a.o b.o | awk ... > X.mod`), the modules each
 * `modules.order` gets (`{ echo X.ko; cat sub/modules.order; :; } > modules.order`, piped through
 * `awk` to drop duplicates in later kernels) and
 * the compiler command of each object (`gcc ... -c -o X.o X.c`, up to the first `;`).
 * These are the expected values of the graph tests: they come from GNU make running kbuild.
 */
import { shellWords } from '../../src/eval/make/index.js';

/** What a kbuild dry run says. */
export interface DryRunLog {
  /** `X.mod` → its objects, as the file would list them. */
  readonly mods: Map<string, string[]>;
  /** `DIR/modules.order` → its lines (`.ko` paths and `cat`ed sub-lists). */
  readonly modulesOrder: Map<string, { echo?: string; cat?: string }[]>;
  /** Object → compiler argument vector. */
  readonly compile: Map<string, string[]>;
}

/** Reads `make -n` output of kbuild; `compiler` is the first word of the compile commands (`gcc-12`). */
export function readDryRun(text: string, compiler: string): DryRunLog {
  const mods = new Map<string, string[]>();
  const modulesOrder = new Map<string, { echo?: string; cat?: string }[]>();
  const compile = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const mod = /printf '%s\\n' ([^|]*)\| awk '!x\[\$0\]\+\+ \{ print\("([^"]*)"\$0\) \}' > (\S+\.mod)\b/.exec(line);
    if (mod !== null) mods.set(mod[3], mod[1].trim().split(/\s+/).filter((w) => w !== '').map((w) => `${mod[2]}${w}`));
    const order = /\{ ((?:\s*(?:echo|cat) \S+;)*)\s*:; \} (?:\| awk '!x\[\$0\]\+\+' - )?> (\S+modules\.order)\b/.exec(line);
    if (order !== null) {
      const entries = [...order[1].matchAll(/(echo|cat) (\S+);/g)].map((m) => (m[1] === 'echo' ? { echo: m[2] } : { cat: m[2] }));
      modulesOrder.set(order[2], entries);
    }
    for (const m of line.matchAll(new RegExp(`(?:^|;)\\s*(${escape(compiler)} [^;]*? -c -o (\\S+\\.o) [^;\\s]+)`, 'g'))) {
      compile.set(m[2], shellWords(m[1]) ?? [m[1]]);
    }
  }
  return { mods, modulesOrder, compile };
}

/** The argument vector of a command kbuild-graph reports, up to the first `;` (the compiler alone). */
export function compilerArguments(command: string): string[] {
  const words = shellWords(command.split(/\s;\s|;\s/)[0]) ?? [command];
  return words;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
