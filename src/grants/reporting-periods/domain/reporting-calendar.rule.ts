import { addDays, addMonths, assertIsoDate, IsoDate } from '../../../core/time/calendar-date';

/**
 * The reporting calendar of a grant (domain brief, "Grants and reporting"): the project period
 * cut into reporting periods, each with a progress report and a cost statement due a fixed
 * number of days after it ends, followed by the final report. Lengths come from the call's
 * rules (durationMonths, reportingPeriodMonths, reportingDueDays), never from constants here.
 */
export interface ReportingCalendarInput {
  startDate: IsoDate;
  durationMonths: number;
  periodMonths: number;
  /** Days after a period ends (after the grant ends, for the final report). */
  dueDays: number;
  /** Due days of the final report, when the call sets them apart; defaults to dueDays. */
  finalDueDays?: number;
}

interface EntryDates {
  /** 1-based; the final report takes the number after the last period. */
  number: number;
  startDate: IsoDate;
  /** Inclusive. */
  endDate: IsoDate;
  dueDate: IsoDate;
}

export interface PeriodicReport extends EntryDates {
  kind: 'PERIOD';
  isFinal: false;
}

/** Covers the whole project, from the grant start to the grant end. */
export interface FinalReport extends EntryDates {
  kind: 'FINAL';
  isFinal: true;
}

export type ReportingCalendarEntry = PeriodicReport | FinalReport;

/**
 * Last day of the project: start + months, minus one day, so that a 24-month grant from
 * 2021-03-01 ends 2023-02-28 and the next one may start the day after.
 */
export function grantEndDate(startDate: IsoDate, durationMonths: number): IsoDate {
  assertIsoDate(startDate, 'startDate');
  assertPositive(durationMonths, 'durationMonths');
  return addDays(addMonths(startDate, durationMonths), -1);
}

/**
 * The periods, then the final report. Period k starts at start + k × periodMonths (day clamped
 * to the month's end) and ends the day before the next one starts, so periods tile the project
 * with no gap and no overlap; when the duration is not a multiple of the period length, the
 * last period is shorter (24 / 5 → 5, 5, 5, 5, 4 months).
 */
export function reportingPeriods(input: ReportingCalendarInput): ReportingCalendarEntry[] {
  const { startDate, durationMonths, periodMonths, dueDays } = input;
  const finalDueDays = input.finalDueDays ?? dueDays;
  assertIsoDate(startDate, 'startDate');
  assertPositive(durationMonths, 'durationMonths');
  assertPositive(periodMonths, 'periodMonths');
  assertNonNegative(dueDays, 'dueDays');
  assertNonNegative(finalDueDays, 'finalDueDays');

  const count = Math.ceil(durationMonths / periodMonths);
  const entries: ReportingCalendarEntry[] = [];
  for (let k = 0; k < count; k++) {
    const endDate = addDays(addMonths(startDate, Math.min((k + 1) * periodMonths, durationMonths)), -1);
    entries.push({
      number: k + 1,
      kind: 'PERIOD',
      isFinal: false,
      startDate: addMonths(startDate, k * periodMonths),
      endDate,
      dueDate: addDays(endDate, dueDays),
    });
  }
  const endDate = grantEndDate(startDate, durationMonths);
  entries.push({
    number: count + 1,
    kind: 'FINAL',
    isFinal: true,
    startDate,
    endDate,
    dueDate: addDays(endDate, finalDueDays),
  });
  return entries;
}

function assertPositive(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${what} must be a whole number ≥ 1, got ${value}`);
}

function assertNonNegative(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`);
}
