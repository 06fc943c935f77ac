/**
 * Diagnostics and the registry of their codes. Every problem in user input becomes a
 * `Diagnostic` with a code from `diagnosticCodes`; `docs/diagnostics.md` documents each one.
 */
import type { Span } from './span.js';

/** How bad a diagnostic is. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * Every diagnostic code: layer letter, three digits, kebab-case name.
 * Codes never change meaning and are never reused (`test/tidy.spec.ts` checks the docs list each one).
 */
export const diagnosticCodes = {
  L001: 'invalid-utf8',
  L002: 'nul-byte',
  P001: 'missing-separator',
  P002: 'unterminated-reference',
  P003: 'recipe-before-target',
  P004: 'missing-endif',
  P005: 'extraneous-else',
  P006: 'extraneous-endif',
  P007: 'else-after-else',
  P008: 'invalid-conditional',
  P009: 'missing-endef',
  P010: 'extraneous-endef',
  P011: 'text-after-endef',
  P012: 'text-after-directive',
  M001: 'make-error',
  M002: 'shell-denied',
  M003: 'unsupported',
  M004: 'file-write-denied',
  K001: 'unexpected-data',
  K002: 'missing-equals',
  K003: 'invalid-string',
  K004: 'invalid-value',
  K005: 'invalid-symbol-name',
  K006: 'duplicate-symbol',
  K007: 'no-config',
  K008: 'config-for-another-arch',
  B001: 'ninja-not-found',
  B002: 'cannot-plan',
  B003: 'cannot-write-build-file',
  C001: 'cannot-read-file',
  C002: 'bad-option',
  C003: 'cannot-write-file',
  C004: 'not-a-kernel-tree',
  C005: 'bad-output-directory',
  C006: 'unusable-launcher',
  C007: 'option-not-used',
  X000: 'internal-error',
} as const;

/** A registered diagnostic code such as `P001`. */
export type DiagnosticCode = keyof typeof diagnosticCodes;

/** Extra location attached to a diagnostic (for example the `ifeq` a missing `endif` belongs to). */
export interface RelatedInformation {
  readonly span: Span;
  readonly message: string;
}

/** A problem found in user input, always with a span. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
}

/** Makes a diagnostic. */
export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  span: Span,
  related?: readonly RelatedInformation[],
): Diagnostic {
  return related ? { code, severity, message, span, related } : { code, severity, message, span };
}

/** `P001 missing-separator` style name of a code. */
export function codeName(code: DiagnosticCode): string {
  return diagnosticCodes[code];
}

/** Whether any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
