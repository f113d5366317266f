import { flatRateIndirectCosts } from '../../../applications/budgets/domain/staff-cost.rule';
import { addVat, splitVat, VatSplit } from '../../../applications/budgets/domain/vat.rule';
import type { CostCategoryKind, IndirectCostRule } from '../../../calls/domain/call-rules';
import { ruleBroken } from '../../../core/errors/domain.error';
import {
  applyRate,
  assertCents,
  assertRate,
  Cents,
  compareRates,
  FULL_RATE,
  minCents,
  Rate,
  ratio,
  reduceRate,
  subtractRates,
  sum,
  ZERO_RATE,
} from '../../../core/money/money';

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
  /** The partner the cost belongs to (enterprise number): flat rates are computed per partner. */
  partner: string;
  category: string;
  kind: CostCategoryKind;
  /** Eligible amounts: excluded VAT already left out (`claimedLineEligibility`). */
  declared: Cents;
  accepted: Cents;
  /** The VAT of the declared line, shown apart; none when left out. */
  vat?: Pick<VatSplit, 'declared' | 'eligible' | 'excluded'>;
}

export interface ClaimedLine {
  /** As invoiced, VAT included. */
  amount: Cents;
  /** The part of `amount` that is VAT. */
  vat: Cents;
  vatRecoverable: boolean;
  /** What finance staff accepted of `amount` (`reviewedLineAmount`). */
  accepted: Cents;
}

export interface ClaimedLineEligibility {
  vat: VatSplit;
  /** amount − excluded VAT. */
  declaredEligible: Cents;
  /** The accepted part of declaredEligible. */
  acceptedEligible: Cents;
}

/**
 * What of a claimed line is eligible, by the budget's VAT rule (`splitVat`): recoverable VAT,
 * and all VAT of an operation not below the threshold, is left out. Finance staff review the
 * invoiced amount; a reduced line keeps its VAT in proportion, ⌊(amount − excluded VAT) ×
 * accepted ÷ amount⌋, rounded down once in the government's favour.
 */
export function claimedLineEligibility(line: ClaimedLine, operationAllowsVat: boolean): ClaimedLineEligibility {
  const amount = nonNegative(line.amount, 'amount');
  const accepted = nonNegative(line.accepted, 'accepted');
  if (line.vat > amount) throw new RangeError(`VAT ${line.vat} exceeds the amount ${amount}`);
  if (accepted > amount) throw new RangeError(`accepted ${accepted} exceeds the amount ${amount}`);
  const vat = splitVat(line.vat, line.vatRecoverable, operationAllowsVat);
  const declaredEligible = amount - vat.excluded;
  const acceptedEligible = accepted === amount ? declaredEligible : applyRate(declaredEligible, ratio(accepted, amount));
  return { vat, declaredEligible, acceptedEligible };
}

export interface CategoryTotal {
  category: string;
  kind: CostCategoryKind;
  declared: Cents;
  accepted: Cents;
}

export interface PartnerTotal {
  partner: string;
  declaredStaff: Cents;
  acceptedStaff: Cents;
  declaredDirect: Cents;
  acceptedDirect: Cents;
  declaredIndirect: Cents;
  acceptedIndirect: Cents;
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
  /** VAT declared on the lines, its eligible part (in the declared amounts) and the part left out. */
  declaredVat: Cents;
  eligibleVat: Cents;
  vatExcluded: Cents;
  /** In order of first appearance. */
  byCategory: CategoryTotal[];
  /** In order of first appearance. */
  byPartner: PartnerTotal[];
}

/**
 * Totals of a cost statement. Indirect costs are never declared as lines: they are the call's
 * flat rate (CPR art. 54), computed per partner with the very function the budget uses
 * (`flatRateIndirectCosts`), so a statement and the budget it is measured against round alike.
 * Totals add the partners' figures up; they are never recomputed on the grand total.
 */
export function statementTotals(lines: readonly StatementLine[], indirect: IndirectCostRule | null): StatementTotals {
  const byCategory = new Map<string, CategoryTotal>();
  const partners = new Map<string, { staff: [Cents[], Cents[]]; direct: [Cents[], Cents[]] }>();
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
    const partner = partners.get(line.partner) ?? { staff: [[], []], direct: [[], []] };
    partner.direct[0].push(declared);
    partner.direct[1].push(accepted);
    if (line.kind === 'STAFF') {
      partner.staff[0].push(declared);
      partner.staff[1].push(accepted);
    }
    partners.set(line.partner, partner);
  }
  const byPartner = [...partners.entries()].map(([partner, p]): PartnerTotal => {
    const [declaredStaff, acceptedStaff, declaredDirect, acceptedDirect] = [sum(p.staff[0]), sum(p.staff[1]), sum(p.direct[0]), sum(p.direct[1])];
    return {
      partner,
      declaredStaff,
      acceptedStaff,
      declaredDirect,
      acceptedDirect,
      declaredIndirect: flatRateIndirectCosts(indirect, declaredStaff, declaredDirect),
      acceptedIndirect: flatRateIndirectCosts(indirect, acceptedStaff, acceptedDirect),
    };
  });
  const add = (pick: (p: PartnerTotal) => Cents): Cents => sum(byPartner.map(pick));
  const declaredDirect = add((p) => p.declaredDirect);
  const acceptedDirect = add((p) => p.acceptedDirect);
  const declaredIndirect = add((p) => p.declaredIndirect);
  const acceptedIndirect = add((p) => p.acceptedIndirect);
  const vat = addVat(lines.map((l) => l.vat ?? { declared: 0, eligible: 0, excluded: 0 }));
  return {
    declaredStaff: add((p) => p.declaredStaff),
    acceptedStaff: add((p) => p.acceptedStaff),
    declaredDirect,
    acceptedDirect,
    declaredIndirect,
    acceptedIndirect,
    declaredEligible: sum([declaredDirect, declaredIndirect]),
    acceptedEligible: sum([acceptedDirect, acceptedIndirect]),
    declaredVat: vat.declared,
    eligibleVat: vat.eligible,
    vatExcluded: vat.excluded,
    byCategory: [...byCategory.values()],
    byPartner,
  };
}

/**
 * The grant's own subsidy rate: grant amount ÷ eligible cost of the approved proposal. Claims
 * earn at this rate, so that claiming exactly the approved budget earns exactly the grant (a
 * capped lab gets 999.000 / 1.500.000, not the call's maximum rate).
 */
export function grantRate(grantAmount: Cents, approvedEligible: Cents): Rate {
  nonNegative(grantAmount, 'grantAmount');
  nonNegative(approvedEligible, 'approvedEligible');
  if (approvedEligible === 0) return ZERO_RATE;
  return atMostOne(reduceRate(BigInt(grantAmount), BigInt(approvedEligible)), 'grant rate');
}

/**
 * What cumulative payments may reach before the final report is approved:
 * ⌊grant × (1 − retentionRate)⌋, rounded down in the government's favour.
 */
export function paymentCeiling(grantAmount: Cents, retentionRate: Rate): Cents {
  return applyRate(nonNegative(grantAmount, 'grantAmount'), subtractRates(FULL_RATE, atMostOne(retentionRate, 'retentionRate')));
}

/**
 * Withheld until the final report is approved: grant − ceiling. The ceiling rounds down, so the
 * retention carries the odd cent (20 % of 999,99 retains 200,00 and lets 799,99 be paid).
 */
export function retentionAmount(grantAmount: Cents, retentionRate: Rate): Cents {
  return nonNegative(grantAmount, 'grantAmount') - paymentCeiling(grantAmount, retentionRate);
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
  /** The grant's subsidy rate (`grantRate`). */
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
  const ceiling = input.finalApproved ? grantAmount : paymentCeiling(grantAmount, input.retentionRate);
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

/**
 * The advance not yet cleared by approved claims: each claim's gross first settles the advance
 * (`subsidyDue(...).advanceCleared`), so what is left is advance − Σ cleared, never below 0.
 */
export function outstandingAdvance(advance: Cents, clearedByClaims: readonly Cents[]): Cents {
  const cleared = sum(clearedByClaims.map((c, i) => nonNegative(c, `clearedByClaims[${i}]`)));
  return Math.max(0, nonNegative(advance, 'advance') - cleared);
}
