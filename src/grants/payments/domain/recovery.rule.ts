import { ruleBroken } from '../../../core/errors/domain.error';
import { applyRate, assertCents, Cents, minCents, Rate } from '../../../core/money/money';
import { addDays, IsoDate } from '../../../core/time/calendar-date';

/**
 * Recoveries (issue 15): a later check (an audit, or a correction of an approved cost
 * statement) lowers the accepted costs of a claim that was already settled. The subsidy the
 * claim earned falls with it; what it had already turned into money is unduly paid and is
 * booked: withheld from the next planned payment where one is due, otherwise claimed back by a
 * recovery order with a due date. All amounts in cents, rounding down through `applyRate`.
 */

/** A claim's settled figures as they stand (after any earlier correction). */
export interface ClaimFigures {
  accepted: Cents;
  /** ⌊accepted × rate⌋ = advanceCleared + capped + net. */
  gross: Cents;
  /** Part of gross that settled the advance: no money moved for it. */
  advanceCleared: Cents;
  /** Earned but held back by the payment ceiling: never paid. */
  capped: Cents;
  /** Paid, or planned, as the claim's interim payment. */
  net: Cents;
}

export interface ClaimCorrection {
  before: ClaimFigures;
  after: ClaimFigures;
  /** Unduly paid: the part of the lost subsidy that had been paid out (or planned) as money. */
  unduly: Cents;
  /** Part of the lost subsidy that had cleared the advance: the advance is outstanding again. */
  advanceReopened: Cents;
}

/**
 * The claim after its accepted costs are lowered to `correctedAccepted`. The subsidy lost is
 * taken first from what was never paid (the capped part), then from the money paid (unduly
 * paid, to book), and last from the advance it cleared: that advance is simply outstanding
 * again and is settled by later claims or the final balance, as any advance is, rather than
 * claimed back while the project still runs.
 * @throws DomainError CORRECTION_NOT_A_REDUCTION (422) unless 0 ≤ correctedAccepted < accepted.
 */
export function correctClaim(before: ClaimFigures, correctedAccepted: Cents, rate: Rate): ClaimCorrection {
  for (const [k, v] of Object.entries(before)) nonNegative(v as number, k);
  if (before.gross !== before.advanceCleared + before.capped + before.net) throw new RangeError('gross must equal advanceCleared + capped + net');
  if (!Number.isSafeInteger(correctedAccepted) || correctedAccepted < 0 || correctedAccepted >= before.accepted) {
    throw ruleBroken('CORRECTION_NOT_A_REDUCTION', 'A correction lowers the accepted costs', [
      { field: 'acceptedEligible', code: 'CORRECTION_NOT_A_REDUCTION', message: `must be a whole number of cents from 0 to ${Math.max(0, before.accepted - 1)}` },
    ]);
  }
  // Never more than the claim earned: a rate rounding up past the old gross would pay twice.
  const gross = minCents(applyRate(correctedAccepted, rate), before.gross);
  let lost = before.gross - gross;
  const fromCapped = minCents(lost, before.capped);
  lost -= fromCapped;
  const unduly = minCents(lost, before.net);
  lost -= unduly;
  const advanceReopened = lost;
  return {
    before,
    after: { accepted: correctedAccepted, gross, capped: before.capped - fromCapped, net: before.net - unduly, advanceCleared: before.advanceCleared - advanceReopened },
    unduly,
    advanceReopened,
  };
}

/** A payment still planned, with what earlier offsets already withhold from it. */
export interface PlannedPayment {
  id: string;
  amount: Cents;
  alreadyOffset: Cents;
}

export interface RecoveryBooking {
  /** Withheld from planned payments, earliest first. */
  offsets: { paymentId: string; amount: Cents }[];
  /** Left to claim back by a recovery order; 0 when the offsets cover it all. */
  order: Cents;
}

/**
 * Books an amount unduly paid: against the planned payments in the order given (the caller
 * passes them by due date), each up to what is still to transfer on it; the rest by order.
 */
export function bookRecovery(unduly: Cents, planned: readonly PlannedPayment[]): RecoveryBooking {
  let left = nonNegative(unduly, 'unduly');
  const offsets: RecoveryBooking['offsets'] = [];
  for (const p of planned) {
    if (left === 0) break;
    const room = nonNegative(p.amount, 'amount') - nonNegative(p.alreadyOffset, 'alreadyOffset');
    if (room < 0) throw new RangeError(`payment ${p.id} is offset by more than its amount`);
    const take = minCents(room, left);
    if (take > 0) offsets.push({ paymentId: p.id, amount: take });
    left -= take;
  }
  return { offsets, order: left };
}

/** The date a recovery order must be paid by: the term (in days) counts from the day it is booked. */
export function recoveryDueDate(bookedOn: IsoDate, termDays: number): IsoDate {
  if (!Number.isInteger(termDays) || termDays < 1) throw new RangeError(`termDays must be a positive whole number, got ${termDays}`);
  return addDays(bookedOn, termDays);
}

function nonNegative(value: Cents, what: string): Cents {
  assertCents(value, what);
  if (value < 0) throw new RangeError(`${what} must not be negative, got ${value}`);
  return value;
}
