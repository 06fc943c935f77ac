/**
 * Layer `backend/build`: building external modules from kbuild's own commands, captured through
 * the make engine (`kbuildPlan`), by the `gcc`, `dry-run` and `ninja` backends. It imports `base` and `eval/*`.
 */
export { kbuildPlan, leavesFilesAlone, type BuildPlan, type BuildStep, type PlanOptions } from './plan.js';
export { runCommands, runMemory, runSteps, startEarly, stepKey, type EarlyRun, type RunMemory, type ProcessResult, type ProcessRunner, type RunOptions, type RunResult } from './run.js';
export { backends, gccBackend, dryRunBackend, type BuildBackend, type BuildOptions, type BuildProgress, type BuildResult, type SavedStep } from './backends.js';
export { cleanBuildPlan, type CleanPlan, type CleanPlanOptions } from './planning.js';
export { ninjaBackend, ninjaManifest, optionsStamp, type ManifestOptions, type NinjaOptions } from './ninja.js';
export { ninjaPath, ninjaText, ninjaValue, ninjaWritable, shellWord, type NinjaEdge, type NinjaFile, type NinjaRule, type NinjaVariable } from './ninja-text.js';
export { pureOutput } from './pure-shell.js';
