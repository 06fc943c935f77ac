/**
 * Layer `backend/build`: building external modules from kbuild's own commands, captured through
 * the make engine (`kbuildPlan`), by the `gcc` and `dry-run` backends. It imports `base` and `eval/*`.
 */
export { kbuildPlan, leavesFilesAlone, type BuildPlan, type BuildStep, type PlanOptions } from './plan.js';
export { runMemory, runSteps, type RunMemory, type ProcessResult, type ProcessRunner, type RunOptions, type RunResult } from './run.js';
export { backends, gccBackend, dryRunBackend, type BuildBackend, type BuildOptions, type BuildProgress, type BuildResult } from './backends.js';
