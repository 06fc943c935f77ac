/** The environment commands see (exported variables), and file reads through the `Host`, recorded. */
import type { MakeContext } from './context.js';
import { variableValue } from './expand.js';

/**
 * The environment for `$(shell)` and recipes: the process environment, plus variables exported by
 * `export` (or all with `.EXPORT_ALL_VARIABLES`), minus `unexport`ed ones (GNU make target_environment).
 */
export function exportedEnvironment(ctx: MakeContext): Map<string, string> {
  const env = new Map(ctx.options.env);
  const all = ctx.globals.has('.EXPORT_ALL_VARIABLES');
  // The variables of shared runs are never exported as they are, unless all are exported.
  ctx.globals.forEachExcept((v) => {
    if (v.export === 'unexport') {
      env.delete(v.name);
      return;
    }
    const exported = v.export === 'export' || (v.export === undefined && (v.origin === 'command line' || v.origin === 'environment' || v.origin === 'environment override' || (all && v.origin !== 'default' && v.origin !== 'automatic')));
    if (exported && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name)) env.set(v.name, variableValue(ctx, v));
  }, all ? undefined : () => true);
  env.set('MAKELEVEL', String(ctx.options.level + 1));
  return env;
}

/** Reads a file through the host and records it as something the result depends on. */
export function readHostFile(ctx: MakeContext, path: string): Uint8Array | undefined {
  ctx.reads.push(path);
  return ctx.options.host.readFile(path);
}
