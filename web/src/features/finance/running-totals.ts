import type { CostCategory, IndirectCostRule } from '@server/calls/domain/call-rules';
import { claimedLineEligibility, reviewedLineAmount, statementTotals, subsidyDue, type LineDecision } from '@server/grants/cost-statements/domain/claim.rule';
import type { Rate } from '@shared/money/money';

/** What the projection needs besides the statement: the call's categories and flat rate, the grant's money. */
export interface ReviewContext {
  costCategories: readonly Pick<CostCategory, 'code' | 'kind'>[];
  indirectCosts?: IndirectCostRule | null;
  grant: { amount: number; rate: Rate; retentionRate: Rate; ledger: { paid: number; planned: number; advanceOutstanding: number; finalReportApproved: boolean } };
}

interface Line {
  id: string;
  partner: string;
  category: string;
  kind: 'STAFF' | 'REAL';
  amount: number;
  vatAmount?: number;
  vatRecoverable?: boolean;
  /** The service's reason for leaving the line's VAT out; the threshold one says the operation allows no VAT. */
  vatExclusion?: 'RECOVERABLE' | 'OPERATION_ABOVE_THRESHOLD' | null;
  review?: { decision: LineDecision; acceptedAmount: number } | null;
}

export interface Decision {
  lineId: string;
  decision: LineDecision;
  acceptedAmount?: number;
}

/**
 * The running totals and subsidy due once one more line is decided, computed in the page with
 * the service's own pure functions (`reviewedLineAmount`, `statementTotals`, `subsidyDue`, as
 * CostStatementsService's `totalsOf` and `subsidyOnApproval` call them), so the figures appear
 * at once and equal, to the cent, what the service then answers. Null when the service would
 * refuse the decision (a reduction outside 0 … declared): the screen then waits for its answer.
 */
export function projectDecision<L extends Line>(lines: readonly L[], decided: Decision, context: ReviewContext) {
  const counted = lines.filter((l) => context.costCategories.some((c) => c.code === l.category && c.kind === l.kind));
  let accepted: number;
  try {
    const line = lines.find((l) => l.id === decided.lineId);
    if (!line) return null;
    accepted = reviewedLineAmount({ declared: line.amount, decision: decided.decision, acceptedAmount: decided.acceptedAmount ?? null });
  } catch {
    return null;
  }
  const acceptedOf = (l: L) =>
    l.id === decided.lineId ? accepted : reviewedLineAmount({ declared: l.amount, decision: l.review?.decision ?? null, acceptedAmount: l.review?.acceptedAmount ?? null });
  // VAT by the service's own rule (claimedLineEligibility), as its totalsOf applies it.
  const eligibilityOf = (l: L) =>
    claimedLineEligibility({ amount: l.amount, vat: l.vatAmount ?? 0, vatRecoverable: l.vatRecoverable ?? false, accepted: acceptedOf(l) }, l.vatExclusion !== 'OPERATION_ABOVE_THRESHOLD');
  const totals = statementTotals(
    counted.map((l) => {
      const e = eligibilityOf(l);
      return { partner: l.partner, category: l.category, kind: l.kind, declared: e.declaredEligible, accepted: e.acceptedEligible, vat: e.vat };
    }),
    context.indirectCosts ?? null,
  );
  const acceptedEligible = eligibilityOf(lines.find((l) => l.id === decided.lineId)!).acceptedEligible;
  const { grant } = context;
  const due = subsidyDue({
    acceptedEligible: totals.acceptedEligible,
    rate: grant.rate,
    grantAmount: grant.amount,
    retentionRate: grant.retentionRate,
    // Every payment paid or planned (cancelled ones are in neither), the advance included.
    paidOrPlannedToDate: grant.ledger.paid + grant.ledger.planned,
    advanceOutstanding: grant.ledger.advanceOutstanding,
    finalApproved: grant.ledger.finalReportApproved,
  });
  return { accepted, acceptedEligible, totals, subsidyPreview: { gross: due.gross, advanceCleared: due.advanceCleared, capped: due.cappedAmount, net: due.net } };
}
