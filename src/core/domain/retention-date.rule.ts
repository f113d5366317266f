import { assertIsoDate, IsoDate, yearOf } from '../time/calendar-date';

/**
 * Records of a grant are kept at least until 31 December of the fifth year after the last
 * payment (CPR 2021/1060 art. 82); nothing is deleted before that date (domain brief, "Audit").
 * Payment dates are Brussels calendar dates: a transfer late on 31 December belongs to that year.
 */

/** Number of full years after the year of the last payment. */
export const RETENTION_YEARS = 5;

/** 31 December of the fifth year after the last payment; null while nothing has been paid. */
export function recordsRetentionDate(lastPaymentDate: IsoDate | null): IsoDate | null {
  if (lastPaymentDate === null) return null;
  assertIsoDate(lastPaymentDate, 'lastPaymentDate');
  return `${yearOf(lastPaymentDate) + RETENTION_YEARS}-12-31`;
}

/** The latest of the payment dates (null when none); cancelled or planned payments are not payments. */
export function lastPaymentDate(paidOn: readonly IsoDate[]): IsoDate | null {
  let last: IsoDate | null = null;
  for (const date of paidOn) {
    assertIsoDate(date, 'paidOn');
    if (last === null || date > last) last = date;
  }
  return last;
}

/**
 * Only from the day after the retention date, and never while no retention date exists: a grant
 * without payments may still get one, and the clock would start then.
 */
export function mayDelete(retentionDate: IsoDate | null, today: IsoDate): boolean {
  assertIsoDate(today, 'today');
  if (retentionDate === null) return false;
  assertIsoDate(retentionDate, 'retentionDate');
  return today > retentionDate;
}
