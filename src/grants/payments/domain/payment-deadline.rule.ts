import { addDays, assertIsoDate, daysBetween, IsoDate } from '../../../core/time/calendar-date';

/**
 * Payment is due within a number of days of a complete claim (CPR 2021/1060 art. 74: 80, a
 * call parameter). "Complete" is the date the claim last became complete: a returned and
 * resubmitted statement starts the count again, which is how the regulation's interruption of
 * the deadline works in practice.
 */
export interface PaymentDeadlineInput {
  completeClaimDate: IsoDate;
  /** CallRules.paymentDeadlineDays. */
  deadlineDays: number;
  /** Date of the payment, once made. */
  paidOn?: IsoDate | null;
}

export interface PaymentDeadline {
  dueDate: IsoDate;
  /** Days from today to the due date: 0 on the due date, negative after it. */
  daysLeft: number;
  /** Not paid, and the due date has passed. */
  overdue: boolean;
  /** Paid, but after the due date. */
  paidLate: boolean;
}

export function paymentDueDate(completeClaimDate: IsoDate, deadlineDays: number): IsoDate {
  assertIsoDate(completeClaimDate, 'completeClaimDate');
  if (!Number.isSafeInteger(deadlineDays) || deadlineDays < 0) {
    throw new RangeError(`deadlineDays must be a whole number ≥ 0, got ${deadlineDays}`);
  }
  return addDays(completeClaimDate, deadlineDays);
}

/** `today` is the Brussels calendar date (core/time/brussels.ts `brusselsDate`). */
export function paymentDeadline(input: PaymentDeadlineInput, today: IsoDate): PaymentDeadline {
  const dueDate = paymentDueDate(input.completeClaimDate, input.deadlineDays);
  const paidOn = input.paidOn ?? null;
  if (paidOn !== null) assertIsoDate(paidOn, 'paidOn');
  const daysLeft = daysBetween(today, dueDate);
  return {
    dueDate,
    daysLeft,
    overdue: paidOn === null && daysLeft < 0,
    paidLate: paidOn !== null && paidOn > dueDate,
  };
}
