/**
 * Preloaded with `node --import` when GNU time is missing: writes the process's peak resident set
 * size in kilobytes to the file named by `KBG_BENCH_MAXRSS_OUT` when the process exits.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.KBG_BENCH_MAXRSS_OUT;
if (out) {
  // The 'exit' event also fires after process.exit(), which a CLI is free to call.
  process.on('exit', () => {
    writeFileSync(out, `${process.resourceUsage().maxRSS}\n`);
  });
}
