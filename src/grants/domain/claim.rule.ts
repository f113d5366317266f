import type { CostCategoryKind, IndirectCostRule } from '../../calls/domain/call-rules';
import { ruleBroken } from '../../core/errors/domain.error';
import { applyRate, assertCents, assertRate, Cents, compareRates, FULL_RATE, minCents, Rate, sum } from '../../core/money/money';

/**
 * A claim is a cost statement for one reporting period, reviewed line by line by finance
 * staff, turned into a subsidy due and a payment (domain brief, "Grants and reporting").
 * Every amount is in cents and every rate an exact fraction; all rounding goes through
 * `applyRate`, down to the cent, in the government's favour.
 */

export type LineDecision = 'ACCEPTED' | 'REDUCED' | 'REJECTED';

export interface CostLineReview {
  declared: Cents;
  /** null: not reviewed yet. */
  decision: LineDecision | null;
  /** Required for REDUCED; ignored otherwise. */
  acceptedAmount?: Cents | null;
}

/**
 * The accepted amount of one line. An unreviewed line counts for nothing, so that a half
 * reviewed statement never shows more accepted than finance staff decided.
 * @throws DomainError REDUCED_AMOUNT_INVALID (422) when a reduction is missing, negative or above the declared amount.
 */
export function reviewedLineAmount(line: CostLineReview): Cents {
  const declared = nonNegative(line.declared, 'declared');
  switch (line.decision) {
    case null:
    case 'REJECTED':
      return 0;
    case 'ACCEPTED':
      return declared;
    case 'REDUCED': {
      const amount = line.acceptedAmount;
      if (amount === undefined || amount === null || !Number.isSafeInteger(amount) || amount < 0 || amount > declared) {
        throw ruleBroken('REDUCED_AMOUNT_INVALID', 'A reduced line needs an accepted amount between 0 and the declared amount', [
          {
            field: 'acceptedAmount',
            code: 'REDUCED_AMOUNT_INVALID',
            message: `must be a whole number of cents from 0 to ${declared}`,
          },
        ]);
      }
      return amount;
    }
  }
}

/** Finance staff must say why they reduce or reject a line (domain brief: "with a reason"). */
export function decisionNeedsReason(decision: LineDecision | null): boolean {
  return decision === 'REDUCED' || decision === 'REJECTED';
}

export interface StatementLine {
  category: string;
  kind: CostCategoryKind;
  declared: Cents;
  accepted: Cents;
}

export interface CategoryTotal {
  category: string;
  kind: CostCategoryKind;
  declared: Cents;
  accepted: Cents;
}

export interface StatementTotals {
  declaredStaff: Cents;
  acceptedStaff: Cents;
  declaredDirect: Cents;
  acceptedDirect: Cents;
  /** The flat rate on the declared basis: what the beneficiary asks for. */
  declaredIndirect: Cents;
  /** The flat rate recomputed on the accepted basis: a reduced staff line reduces it too. */
  acceptedIndirect: Cents;
  declaredEligible: Cents;
  acceptedEligible: Cents;
  /** In order of first appearance. */
  byCategory: CategoryTotal[];
}

/**
 * Totals of a cost statement. Indirect costs are never declared as lines: they are a flat rate
 * (CPR art. 54) on direct staff costs or on all direct costs, applied once to the total so that
 * rounding happens once per statement, not per line.
 */
export function statementTotals(lines: readonly StatementLine[], indirect: IndirectCostRule | null): StatementTotals {
  const byCategory = new Map<string, CategoryTotal>();
  for (const line of lines) {
    const declared = nonNegative(line.declared, `${line.category} declared`);
    const accepted = nonNegative(line.accepted, `${line.category} accepted`);
    if (accepted > declared) throw new RangeError(`${line.category}: accepted ${accepted} exceeds declared ${declared}`);
    const total = byCategory.get(line.category) ?? { category: line.category, kind: line.kind, declared: 0, accepted: 0 };
    // A category is either staff or real costs; mixing would put lines on the wrong flat-rate basis.
    if (total.kind !== line.kind) throw new RangeError(`category ${line.category} is both ${total.kind} and ${line.kind}`);
    total.declared = sum([total.declared, declared]);
    total.accepted = sum([total.accepted, accepted]);
    byCategory.set(line.category, total);
  }
  const categories = [...byCategory.values()];
  const staff = categories.filter((c) => c.kind === 'STAFF');
  const declaredStaff = sum(staff.map((c) => c.declared));
  const acceptedStaff = sum(staff.map((c) => c.accepted));
  const declaredDirect = sum(categories.map((c) => c.declared));
  const acceptedDirect = sum(categories.map((c) => c.accepted));
  const flatRate = (staffCosts: Cents, directCosts: Cents): Cents =>
    indirect === null ? 0 : applyRate(indirect.basis === 'DIRECT_STAFF' ? staffCosts : directCosts, indirect.rate);
  const declaredIndirect = flatRate(declaredStaff, declaredDirect);
  const acceptedIndirect = flatRate(acceptedStaff, acceptedDirect);
  return {
    declaredStaff,
    acceptedStaff,
    declaredDirect,
    acceptedDirect,
    declaredIndirect,
    acceptedIndirect,
    declaredEligible: sum([declaredDirect, declaredIndirect]),
    acceptedEligible: sum([acceptedDirect, acceptedIndirect]),
    byCategory: categories,
  };
}

/** Withheld from every payment until the final report is approved: ⌊grant × retentionRate⌋. */
export function retentionAmount(grantAmount: Cents, retentionRate: Rate): Cents {
  return applyRate(nonNegative(grantAmount, 'grantAmount'), atMostOne(retentionRate, 'retentionRate'));
}

/**
 * Paid at the start: ⌊grant × advanceRate⌋. Given the retention rate, the advance is held to
 * grant − retention too, since it is a payment like any other and a call whose rates add up to
 * more than 100 % must not pay out the retention up front.
 */
export function advanceAmount(grantAmount: Cents, advanceRate: Rate, retentionRate?: Rate): Cents {
  const advance = applyRate(nonNegative(grantAmount, 'grantAmount'), atMostOne(advanceRate, 'advanceRate'));
  return retentionRate === undefined ? advance : minCents(advance, grantAmount - retentionAmount(grantAmount, retentionRate));
}

export interface SubsidyDueInput {
  /** Accepted eligible cost of this claim (direct + flat-rate indirect). */
  acceptedEligible: Cents;
  /** The grant's subsidy rate. */
  rate: Rate;
  grantAmount: Cents;
  retentionRate: Rate;
  /** Every payment to this grant that is paid or planned, the advance included. */
  paidOrPlannedToDate: Cents;
  /** Advance paid and not yet cleared by earlier claims. */
  advanceOutstanding: Cents;
  finalApproved: boolean;
}

export interface SubsidyDue {
  /** ⌊acceptedEligible × rate⌋: what this claim earns. */
  gross: Cents;
  /** Part of gross that settles the advance already paid; no money moves for it. */
  advanceCleared: Cents;
  advanceOutstandingAfter: Cents;
  /** What cumulative payments may reach now: grant − retention, or the grant once the final report is approved. */
  ceiling: Cents;
  retention: Cents;
  /** True when the ceiling cut the payment. */
  capApplied: boolean;
  /** Earned but not payable now because of the ceiling (settled by `finalBalance`). */
  cappedAmount: Cents;
  /** To pay for this claim. */
  net: Cents;
}

/**
 * The subsidy due for one claim. The gross first clears the outstanding advance; the rest is
 * payable as far as cumulative payments stay within grant − retention (the grant itself once the
 * final report is approved). Invariant: paidOrPlannedToDate + net ≤ ceiling whenever
 * paidOrPlannedToDate ≤ ceiling, and net is never negative.
 */
export function subsidyDue(input: SubsidyDueInput): SubsidyDue {
  const grantAmount = nonNegative(input.grantAmount, 'grantAmount');
  const paid = nonNegative(input.paidOrPlannedToDate, 'paidOrPlannedToDate');
  const advanceOutstanding = nonNegative(input.advanceOutstanding, 'advanceOutstanding');
  const gross = applyRate(nonNegative(input.acceptedEligible, 'acceptedEligible'), atMostOne(input.rate, 'rate'));
  const advanceCleared = minCents(gross, advanceOutstanding);
  const remainder = gross - advanceCleared;
  const retention = retentionAmount(grantAmount, input.retentionRate);
  const ceiling = input.finalApproved ? grantAmount : grantAmount - retention;
  const room = Math.max(0, ceiling - paid);
  const net = minCents(remainder, room);
  return {
    gross,
    advanceCleared,
    advanceOutstandingAfter: advanceOutstanding - advanceCleared,
    ceiling,
    retention,
    capApplied: net < remainder,
    cappedAmount: remainder - net,
    net,
  };
}

export interface FinalBalanceInput {
  /** Gross of every approved claim, the final one included. */
  claimsGross: readonly Cents[];
  grantAmount: Cents;
  /** Paid or planned, the advance included; planned payments count so they are not paid twice. */
  paidOrPlannedToDate: Cents;
}

export interface FinalBalance {
  /** min(total claims gross, grant): what the beneficiary earned over the whole project. */
  entitled: Cents;
  /** Balance to pay, retention included; never negative. */
  payable: Cents;
  /** Paid beyond entitlement (an advance larger than the costs): to recover, never netted silently. */
  toRecover: Cents;
}

/** The balance after the final report is approved. */
export function finalBalance(input: FinalBalanceInput): FinalBalance {
  const grantAmount = nonNegative(input.grantAmount, 'grantAmount');
  const paid = nonNegative(input.paidOrPlannedToDate, 'paidOrPlannedToDate');
  const entitled = minCents(sum(input.claimsGross.map((g, i) => nonNegative(g, `claimsGross[${i}]`))), grantAmount);
  return { entitled, payable: Math.max(0, entitled - paid), toRecover: Math.max(0, paid - entitled) };
}

function nonNegative(value: Cents, what: string): Cents {
  assertCents(value, what);
  if (value < 0) throw new RangeError(`${what} must not be negative, got ${value}`);
  return value;
}

function atMostOne(rate: Rate, what: string): Rate {
  assertRate(rate);
  if (compareRates(rate, FULL_RATE) > 0) throw new RangeError(`${what} must not exceed 100 %, got ${rate.numerator}/${rate.denominator}`);
  return rate;
}
