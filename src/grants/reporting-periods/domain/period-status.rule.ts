import { assertIsoDate, IsoDate } from '../../../core/time/calendar-date';
import { CostStatementStatus } from '../../cost-statements/domain/cost-statement.machine';

/**
 * The status of a reporting period is derived, never stored: it follows from the calendar and
 * the cost statement, so it cannot go stale when the date passes without a job running.
 */
export type PeriodStatus = 'UPCOMING' | 'OPEN' | 'DUE' | 'OVERDUE' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

export interface PeriodDates {
  startDate: IsoDate;
  /** Inclusive. */
  endDate: IsoDate;
  /** Inclusive: a statement submitted on the due date is on time. */
  dueDate: IsoDate;
}

/**
 * - APPROVED / SUBMITTED (also while in review) / RETURNED follow the statement;
 * - otherwise by date: UPCOMING before the start, OPEN while the period runs, DUE from the day
 *   after it ends up to the due date, OVERDUE after.
 * A returned statement is with the applicant again, but is not overdue: it was submitted, and
 * its correction runs on its own terms.
 * `today` is the Brussels calendar date (core/time/brussels.ts `brusselsDate`).
 */
export function periodStatus(period: PeriodDates, statementStatus: CostStatementStatus | null, today: IsoDate): PeriodStatus {
  switch (statementStatus) {
    case 'APPROVED':
      return 'APPROVED';
    case 'SUBMITTED':
    case 'IN_REVIEW':
      return 'SUBMITTED';
    case 'RETURNED':
      return 'RETURNED';
    case 'DRAFT':
    case null:
      break;
  }
  // Valid ISO dates compare correctly as strings; anything else would compare as nonsense.
  assertIsoDate(today, 'today');
  assertIsoDate(period.startDate, 'startDate');
  assertIsoDate(period.endDate, 'endDate');
  assertIsoDate(period.dueDate, 'dueDate');
  if (today < period.startDate) return 'UPCOMING';
  if (today <= period.endDate) return 'OPEN';
  if (today <= period.dueDate) return 'DUE';
  return 'OVERDUE';
}
