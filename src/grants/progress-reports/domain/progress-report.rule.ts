import type { CallRules, ReportingIndicator } from '../../../calls/domain/call-rules';
import type { FieldError } from '../../../core/errors/domain.error';
import { formatDateShort } from '../../../core/format/nl-be';
import { assertIsoDate, IsoDate } from '../../../core/time/calendar-date';

/**
 * What a progress report says: a narrative and the call's indicators for the period. The labs
 * reported companies served and tests carried out (domain brief §1), so those are the defaults
 * for a call that names no indicators of its own.
 */
export const DEFAULT_REPORTING_INDICATORS: readonly ReportingIndicator[] = Object.freeze([
  { code: 'COMPANIES_SERVED', label: 'Bediende bedrijven' },
  { code: 'TESTS_CARRIED_OUT', label: 'Uitgevoerde tests' },
]);

export function reportingIndicators(rules: Pick<CallRules, 'indicators'>): readonly ReportingIndicator[] {
  return rules.indicators && rules.indicators.length > 0 ? rules.indicators : DEFAULT_REPORTING_INDICATORS;
}

/** Indicator values are counts: whole numbers ≥ 0. */
export type IndicatorValues = Record<string, number>;

/** A narrative shorter than this says nothing a reviewer can judge. */
export const MIN_NARRATIVE_LENGTH = 20;

/** Problems with what a draft holds, whatever its state: unknown indicators or values that are no counts. */
export function indicatorValueProblems(values: IndicatorValues, definitions: readonly ReportingIndicator[]): FieldError[] {
  const known = new Set(definitions.map((d) => d.code));
  const out: FieldError[] = [];
  for (const [code, value] of Object.entries(values)) {
    if (!known.has(code)) {
      out.push({ field: `indicators.${code}`, code: 'UNKNOWN_INDICATOR', message: `${code} is not an indicator of this call (${[...known].join(', ')})` });
    } else if (!Number.isSafeInteger(value) || value < 0) {
      out.push({ field: `indicators.${code}`, code: 'INVALID_INDICATOR_VALUE', message: 'must be a whole number ≥ 0' });
    }
  }
  return out;
}

/**
 * Every reason a report cannot be submitted yet, listed at once. A report tells what happened
 * in its period, so it comes after the period ends; the final report after the grant ends.
 */
export function progressReportSubmissionProblems(
  report: { narrative: string; indicators: IndicatorValues },
  definitions: readonly ReportingIndicator[],
  when: { today: IsoDate; periodEnd: IsoDate },
): FieldError[] {
  const out: FieldError[] = [];
  if (assertIsoDate(when.today) <= assertIsoDate(when.periodEnd)) {
    out.push({ field: 'period', code: 'PERIOD_NOT_ENDED', message: `The period runs until ${formatDateShort(when.periodEnd)}; report on it after that day` });
  }
  out.push(...indicatorValueProblems(report.indicators, definitions));
  if (report.narrative.trim().length < MIN_NARRATIVE_LENGTH) {
    out.push({ field: 'narrative', code: 'NARRATIVE_REQUIRED', message: `describe the progress of the period in at least ${MIN_NARRATIVE_LENGTH} characters` });
  }
  for (const d of definitions) {
    if (!Object.hasOwn(report.indicators, d.code)) {
      out.push({ field: `indicators.${d.code}`, code: 'INDICATOR_MISSING', message: `give ${d.label} for the period (0 when none)` });
    }
  }
  return out;
}
