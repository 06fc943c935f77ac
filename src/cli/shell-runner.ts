/**
 * How `kbuild-graph build` runs commands: `/bin/sh -c`, as make runs a recipe line, each command
 * in a process group of its own, and the signals that stop a build passed on to them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { runCommands, type ProcessResult, type ProcessRunner } from '../backend/build/index.js';

/** The commands running now; each is its own process group, so a signal reaches the compiler under the shell too. */
const running = new Set<ChildProcess>();
/** The signal that stopped the build, once one came: no new command starts then. */
let stopping: NodeJS.Signals | undefined;

/**
 * Until the returned function is called, SIGINT, SIGTERM and SIGHUP stop the build as make stops:
 * each running command's process group gets the signal (kbuild's recipes then remove the file
 * they were writing), no new command starts, and the build waits for the running ones to end.
 * The returned function removes the handlers and says which signal came, if one did.
 */
export function forwardSignals(): () => NodeJS.Signals | undefined {
  stopping = undefined;
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = (): void => {
      stopping = signal;
      for (const child of running) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // The command ended in the meantime.
        }
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    return stopping;
  };
}

/**
 * Starts `/bin/sh` with `args` in `directory` with exactly `env`, in a process group of its own
 * (so that a signal reaches the compiler under the shell too); resolves with its exit status
 * (128 + the signal number when a signal ended it) and its output, or hands the output to `output`
 * as it comes.
 */
function runShell(args: readonly string[], directory: string, env: ReadonlyMap<string, string>, output?: (stream: 'stdout' | 'stderr', text: string) => void): Promise<{ status: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve) => {
    if (stopping !== undefined) {
      resolve({ status: 128 + signalNumber(stopping), stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) });
      return;
    }
    const child = spawn('/bin/sh', args, { cwd: directory, env: Object.fromEntries(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    child.on('exit', () => running.delete(child));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // The commands' output goes to a terminal or file that reads it as UTF-8 (gcc's quotes in a UTF-8 locale).
    const streams = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    child.stdout.on('data', (b: Buffer) => (output === undefined ? out.push(b) : output('stdout', streams.stdout.write(b))));
    child.stderr.on('data', (b: Buffer) => (output === undefined ? err.push(b) : output('stderr', streams.stderr.write(b))));
    child.on('error', (e) => resolve({ status: 127, stdout: Buffer.alloc(0), stderr: Buffer.from(`${e.message}\n`) }));
    child.on('close', (code, signal) => {
      const status = code ?? 128 + (signal === null ? 0 : signalNumber(signal));
      resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
  });
}

/**
 * What the sequence's shell writes after each command's output, on both streams: a NUL (no text a
 * command prints holds one) and a word no command prints; on standard output followed by the
 * command's status and a colon.
 */
const mark = `kbuild-graph-${process.pid}-${Date.now().toString(36)}:`;

/**
 * The shell program of a sequence: each argument in turn run as make runs a recipe line
 * (`/bin/sh -c LINE`, a process of its own), the mark written after it, stopping at the first that
 * fails. It sets no variable (an imported one would reach the commands with the new value), and
 * keeps the status in the positional parameters instead.
 */
const sequenceScript = [
  // The shell's own messages ("Terminated" after a command a signal ended) go nowhere: make
  // prints none. The commands' standard error is kept on 3, and given back to each command in the
  // subshell it runs in (the message would follow a redirection on the command itself).
  'exec 3>&2 2>/dev/null',
  'while [ $# -gt 0 ]; do',
  '(exec /bin/sh -c "$1" 3>&-) 2>&3',
  'set -- "$?" "$@"',
  `printf '\\000${mark}%s:' "$1"`,
  `printf '\\000${mark}' >&3`,
  '[ "$1" -eq 0 ] || exit "$1"',
  'shift 2',
  'done',
].join('\n');

/** Over this many bytes of commands, a sequence runs them one call each (the kernel caps a process's arguments). */
const sequenceLimit = 256 * 1024;

/** A step's commands from one shell, as `ProcessRunner.sequence`. */
async function runSequence(commands: readonly string[], directory: string, env: ReadonlyMap<string, string>): Promise<ProcessResult[]> {
  if (commands.reduce((n, c) => n + c.length, 0) > sequenceLimit) return runCommands(runLine, commands, directory, env);
  const r = await runShell(['-c', sequenceScript, 'sh', ...commands], directory, env);
  const separator = Buffer.from(`\0${mark}`, 'latin1');
  const outs = splitAt(r.stdout, separator);
  const errs = splitAt(r.stderr, separator);
  // Each piece after the first starts with the status of the command before it (`0:`); the rest
  // is the next command's output. A command the shell did not get past (a signal stopped it) has
  // no mark after it, and the shell's own status stands for it.
  const statuses = outs.slice(1).map((piece) => /^(\d+):/.exec(piece.subarray(0, 12).toString('latin1')));
  const results: ProcessResult[] = [];
  for (let i = 0; i < commands.length && i < outs.length; i++) {
    const own = i === 0 ? outs[0] : outs[i].subarray(statuses[i - 1]![0].length);
    const after = statuses[i];
    if (after === null) break;
    const status = after === undefined ? r.status : Number(after[1]);
    results.push({ status, stdout: own.toString('utf8'), stderr: (errs[i] ?? Buffer.alloc(0)).toString('utf8') });
    if (status !== 0 || after === undefined) break;
  }
  return results;
}

/** `buffer`'s pieces between the occurrences of `separator`. */
function splitAt(buffer: Buffer, separator: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = buffer.indexOf(separator); at !== -1; at = buffer.indexOf(separator, from)) {
    parts.push(buffer.subarray(from, at));
    from = at + separator.length;
  }
  parts.push(buffer.subarray(from));
  return parts;
}

/** One command through `/bin/sh -c`, its output captured, or handed to `output` as it comes. */
async function runLine(command: string, directory: string, env: ReadonlyMap<string, string>, output?: (stream: 'stdout' | 'stderr', text: string) => void): Promise<ProcessResult> {
  const r = await runShell(['-c', command], directory, env, output);
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/**
 * Runs a command as make does: `/bin/sh -c`, its output captured and shown once it ends, or
 * handed to `output` as it comes. Its `sequence` runs a step's commands from one shell, each
 * still a `/bin/sh -c` of its own: node's start of a process costs several times a shell's.
 */
export const shellRunner: ProcessRunner = Object.assign((command: string, directory: string, env: ReadonlyMap<string, string>, output?: (stream: 'stdout' | 'stderr', text: string) => void) => runLine(command, directory, env, output), { sequence: runSequence });

/** A signal's number, for the status `128 + N` that a shell gives a command the signal ended. */
export function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGPIPE: 13, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}
