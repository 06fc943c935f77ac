/**
 * A whole tree's analysis spread over threads (`eval/kbuild/split.ts`): this thread is side 0,
 * whose run gives the result, and each helper is a worker thread (`analysis-worker.ts`) running the
 * same kbuild dry run for its share. The engine is synchronous, so side 0 waits for a helper's
 * part by blocking on a shared counter the helper bumps after each message, then takes the message
 * with `receiveMessageOnPort`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ShellResult } from '../base/index.js';
import type { KbuildSplit, SplitPart } from '../eval/kbuild/index.js';
import type { KbuildCommandOptions, KbuildSetup } from './kbuild.js';
import type { CliIo } from './main.js';

/** What a helper sends, in this order: the weights (helper 1 only), its parts, then `done`. */
export type HelperMessage =
  | { readonly kind: 'weights'; readonly weights: ReadonlyMap<string, number> }
  | { readonly kind: 'part'; readonly part: SplitPart }
  | { readonly kind: 'done'; readonly shell: readonly [string, ShellResult][]; readonly error?: string };

/** What a helper thread is given. */
export interface HelperData {
  readonly options: KbuildCommandOptions;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>> | undefined;
  readonly side: number;
  readonly sides: number;
  readonly port: MessagePort;
  /** An `Int32Array` over it: how many messages the helper has sent. */
  readonly signal: SharedArrayBuffer;
}

/** A helper with nothing to say for this long is taken for lost, and side 0 evaluates its share itself. */
const patienceMs = 120_000;

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
  done: boolean;
}

/** Side 0 of a split analysis, and what ends it. */
export interface Helpers {
  readonly split: KbuildSplit;
  /** Waits for every helper's end, and adds the shell results they ran to the shell cache. */
  finish(): void;
}

/**
 * Starts `sides - 1` helper threads for the same analysis, or returns undefined when the helper's
 * script is not beside this one (the CLI run from its TypeScript sources, as the tests do).
 */
export function startHelpers(options: KbuildCommandOptions, io: CliIo, setup: KbuildSetup, sides: number): Helpers | undefined {
  const script = new URL('./analysis-worker.js', import.meta.url);
  if (sides < 2 || !existsSync(fileURLToPath(script))) return undefined;
  const helpers: Helper[] = [];
  for (let side = 1; side < sides; side++) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const data: HelperData = { options, cwd: io.cwd, env: io.env, side, sides, port: port2, signal };
    const worker = new Worker(script, { workerData: data, transferList: [port2] });
    worker.unref();
    helpers.push({ worker, port: port1, signal: new Int32Array(signal), done: false });
  }
  const shell: [string, ShellResult][] = [];
  // The next message of a helper, waiting for it; undefined once it is done (or lost).
  const next = (h: Helper): HelperMessage | undefined => {
    for (;;) {
      if (h.done) return undefined;
      const seen = Atomics.load(h.signal, 0);
      const m = receiveMessageOnPort(h.port);
      if (m !== undefined) {
        const message = m.message as HelperMessage;
        if (message.kind === 'done') {
          h.done = true;
          shell.push(...message.shell);
        }
        return message;
      }
      if (Atomics.wait(h.signal, 0, seen, patienceMs) === 'timed-out') h.done = true;
    }
  };
  let weights: ReadonlyMap<string, number> | undefined;
  const split: KbuildSplit = {
    side: 0,
    sides,
    weights() {
      while (weights === undefined) {
        const m = next(helpers[0]);
        if (m === undefined) weights = new Map();
        else if (m.kind === 'weights') weights = m.weights;
      }
      return weights;
    },
    receive(side) {
      for (;;) {
        const m = next(helpers[side - 1]);
        if (m === undefined || m.kind === 'done') return undefined;
        if (m.kind === 'part') return m.part;
      }
    },
  };
  return {
    split,
    finish() {
      for (const h of helpers) {
        while (next(h) !== undefined);
        void h.worker.terminate();
      }
      setup.shellResults.add(shell);
    },
  };
}
