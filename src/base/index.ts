/**
 * Layer `base`: spans, line indexes, diagnostics and their codes, source files and the `Host`.
 * It imports nothing from the rest of `src`; every other layer may import it.
 */
export { span, type Span } from './span.js';
export { lineIndex, lineCol, lineText, type LineIndex, type LineCol } from './line-index.js';
export { sourceFile, sourceBytes, firstInvalidUtf8, type SourceFile, type SourceEncoding } from './source-file.js';
export {
  diagnostic,
  diagnosticCodes,
  codeName,
  hasErrors,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
  type RelatedInformation,
} from './diagnostic.js';
export { renderDiagnostic, type RenderSource } from './render.js';
export type { Host, HostStat, ShellResult, ShellPolicy } from './host.js';
export { assertNever } from './assert.js';
