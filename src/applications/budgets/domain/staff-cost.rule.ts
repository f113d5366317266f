import { IndirectCostRule } from '../../../calls/domain/call-rules';
import { applyRate, Cents, FULL_RATE, Rate, reduceRate } from '../../../core/money/money';

/**
 * Staff costs and flat-rate indirect costs (CPR 2021/1060 art. 54 and 55), shared by the
 * application budget and by cost statements.
 */

/**
 * Hours one person may declare in a year: the pro-rata of the annual working hours for
 * part-time staff, rounded down (art. 55: no more hours than the rate was computed on).
 */
export function staffHoursLimit(annualWorkingHours: number, fte: Rate = FULL_RATE): number {
  return applyRate(annualWorkingHours, fte);
}

/**
 * ⌊annualGrossCost × hours ÷ (annualWorkingHours × fte)⌋ in one exact step. Art. 55 divides
 * the annual gross cost by 1.720 hours, or by the corresponding pro-rata for part-time staff,
 * so a half-time person's cost is divided by 860 hours. We never round the hourly rate
 * first: 50.000,00 ÷ 1.720 = 29,0697… would become 29,06 and lose up to 1.720 × 0,01 a year;
 * the one rounding happens on the line's total, in the government's favour.
 */
export function staffCost(annualGrossCost: Cents, hours: number, annualWorkingHours: number, fte: Rate = FULL_RATE): Cents {
  if (!Number.isSafeInteger(annualWorkingHours) || annualWorkingHours <= 0) {
    throw new RangeError(`annual working hours must be a positive whole number, got ${annualWorkingHours}`);
  }
  if (fte.numerator <= 0) throw new RangeError('fte must be above zero');
  const share = reduceRate(
    BigInt(hours) * BigInt(fte.denominator),
    BigInt(annualWorkingHours) * BigInt(fte.numerator),
  );
  return applyRate(annualGrossCost, share);
}

/**
 * Flat-rate indirect costs of one partner: rate × direct staff costs (art. 54(b), 15 %) or
 * rate × all direct costs (art. 54(a), 7 %). Computed, never declared.
 */
export function flatRateIndirectCosts(rule: IndirectCostRule | null, directStaffCosts: Cents, directCosts: Cents): Cents {
  if (rule === null) return 0;
  return applyRate(rule.basis === 'DIRECT_STAFF' ? directStaffCosts : directCosts, rule.rate);
}
