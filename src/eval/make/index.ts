/**
 * Layer `eval/make`: GNU make semantics (variables and flavors, expansion, built-in functions,
 * conditionals, define, include, rules). It imports `base` and `parser` only.
 */
export { enterDirectories, evaluate, type MakeResult } from './evaluate.js';
export type { MakeObserver, MakeView, MakeOptions, SubMakeOutcome, MakeVersion, OutputLine, Location, ParsedMakefile, TargetVisit, TracedExpansion, VariableState } from './context.js';
export type { Variable, VariableTable, Flavor, Origin, Definition, AssignOp, Condition } from './variables.js';
export type { Rule as MakeRule, RuleDatabase, RecipeText, TargetRules } from './rules.js';
export { compile, type Value, type FunctionLookup, type FunctionArity } from './value.js';
export { collapse } from './collapse.js';
export { parseMakeArgs, shellWords, type MakeArgs } from './argv.js';
export { cachingHost, keyedEnvironment, shellCacheKey, volatileVariables, type ShellCacheStore } from './shell-cache.js';
export { resolvePath } from './paths.js';
export { splitWords } from './expand.js';
export { forEachVariable, type PlainStatements, type SharedRun } from './globals.js';
