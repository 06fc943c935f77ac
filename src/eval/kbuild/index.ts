/**
 * Layer `eval/kbuild`: Kbuild semantics over what make evaluation leaves, starting with reading a
 * kernel `.config` and writing its `include/config/auto.conf`. It imports `base` and `eval/make` only.
 */
export {
  readConfig,
  autoConf,
  type KernelConfig,
  type ConfigEntry,
  type ConfigKind,
  type ReadConfigResult,
  type AutoConfOptions,
} from './config.js';
export {
  kbuildCollector,
  sameCompile,
  sameWordOrigin,
  type KbuildFacts,
  type DirectoryFacts,
  type TargetFacts,
  type CompileFacts,
  type WordOrigin,
  type ConfigValue,
  type CompileTraces,
} from './collect.js';
export { analyzeKbuild, reanalyzeDirectory, rememberingFileSystem, type KbuildOptions, type KbuildRun, type RememberingHost } from './analyze.js';
export { moduleLicenseChecker } from './license.js';
export { optionsData, subtreeWeights, type KbuildSplit, type SplitPart, type SplitStats, type PartDirectory, type MakeOptionsData } from './split.js';
