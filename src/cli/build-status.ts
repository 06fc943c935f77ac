/**
 * `kbuild-graph build`'s status line on a terminal, as ninja shows one: kbuild's short lines
 * (`  CC [M]  /src/fat/inode.o`, which kbuild's own commands echo) become one line
 * `[done/total] CC [M] fat/inode.o` rewritten in place, and everything else the commands print
 * (compiler warnings and errors) comes out in full above it.
 */
import { relative } from 'node:path';
import type { BuildProgress } from '../backend/build/index.js';
import type { CliIo } from './main.js';
import { terminalLine } from './terminal.js';

/** kbuild's `quiet_cmd_*` line as its `echo-cmd` prints it: two blanks, the tag (`CC [M]`, `MODPOST`), blanks, the file. */
const quietLine = /^ {2}([A-Z][A-Z0-9_-]*(?: \[M\])?) +(\S.*)$/;

/** The status line of one build: the backend's progress, and where the commands' output goes. */
export interface BuildStatus {
  readonly progress: BuildProgress;
  /** The backend's `print`. */
  print(stream: 'stdout' | 'stderr', text: string): void;
  /** Leaves the last status as the last line. */
  end(): void;
}

/**
 * The status line on stdout, where kbuild's short lines would go; only when stdout and stderr are
 * both a terminal (a redirected stdout keeps kbuild's own lines). Paths under the working
 * directory are shown relative to it. The total is the steps with commands of the stages planned
 * so far (`BuildProgress`), so it grows when a stage begins.
 */
export function buildStatus(io: CliIo): BuildStatus | undefined {
  if (io.stdoutIsTerminal !== true || io.stderrIsTerminal !== true) return undefined;
  const line = terminalLine(io.stdout, io.columns);
  let done = 0;
  let total = 0;
  let label = '';
  const draw = (): void => line.show(`[${done}/${total}]${label === '' ? '' : ` ${label}`}`);
  const shorten = (path: string): string => {
    const rel = relative(io.cwd, path);
    return path.startsWith('/') && rel !== '' && !rel.startsWith('..') ? rel : path;
  };
  return {
    progress: {
      stage(steps) {
        total += steps;
        draw();
      },
      finished() {
        done++;
        draw();
      },
    },
    print(stream, text) {
      if (stream === 'stderr') {
        line.above(io.stderr, text);
        return;
      }
      const other: string[] = [];
      for (const l of text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined)) {
        const m = quietLine.exec(l);
        if (m === null) other.push(l);
        else label = `${m[1]} ${shorten(m[2])}`;
      }
      if (other.length > 0) line.above(io.stdout, `${other.join('\n')}\n`);
      draw();
    },
    end() {
      line.end(true);
    },
  };
}
