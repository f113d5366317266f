export type FindingSeverity = 'error' | 'warning';

/**
 * One problem found in a budget or consortium. Errors block submission; warnings are shown
 * but do not. `field` is a path into the input such as `lines[3].hours`, when one applies.
 */
export interface Finding<C extends string = string> {
  code: C;
  message: string;
  severity: FindingSeverity;
  field?: string;
  /** The figures the message names (a year, amounts in cents), for screens that word it in their own language. */
  params?: Record<string, number>;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

export { formatEuro } from '../../../core/format/nl-be';
