import { EntityManager, In } from 'typeorm';
import type { CallRules } from '../calls/domain/call-rules';
import { Cents, sum } from '../core/money/money';
import { outstandingAdvance, paymentCeiling } from './cost-statements/domain/claim.rule';
import { grantLedger, ledgerAddsUp } from './domain/ledger.rule';
import { lastPaymentDate, recordsRetentionDate } from '../core/domain/retention-date.rule';
import { LedgerDto } from './dto/grant.dto';
import { CostStatement } from './cost-statements/entities/cost-statement.entity';
import { Grant } from './entities/grant.entity';
import { Payment } from './payments/entities/payment.entity';
import { ClaimCorrection, Recovery } from './payments/entities/recovery.entity';

/** A grant's claims and payments and what follows from them, read in one go. */
export interface GrantFinance {
  payments: Payment[];
  /** Approved statements carry their figures after the latest correction (see recovery.rule). */
  statements: CostStatement[];
  recoveries: Recovery[];
  finalReportApproved: boolean;
  ledger: LedgerDto;
  /** Payments that are planned or paid (cancelled ones never happened), less recoveries settled. */
  paidOrPlanned: Cents;
  recordsRetainedUntil: string | null;
}

/**
 * The financial position of several grants. Read it inside the transaction that locked the
 * grant row when the figures feed a payment, so that no other approval slips in between.
 */
export async function loadGrantFinance(
  manager: EntityManager,
  grants: readonly Pick<Grant, 'id' | 'amount' | 'callId'>[],
  rulesByCall: ReadonlyMap<string, Pick<CallRules, 'retentionRate'>>,
): Promise<Map<string, GrantFinance>> {
  const ids = grants.map((g) => g.id);
  if (ids.length === 0) return new Map();
  // One after the other: inside a transaction they share one connection anyway.
  const payments = await manager.find(Payment, { where: { grantId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
  const statements = await manager.find(CostStatement, { where: { grantId: In(ids) } });
  const corrections = await manager.find(ClaimCorrection, { where: { grantId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
  const recoveries = await manager.find(Recovery, { where: { grantId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
  const finals = (await manager.query(
    `SELECT r.grant_id FROM progress_reports r JOIN reporting_periods p ON p.id = r.period_id
     WHERE r.grant_id = ANY($1) AND p.kind = 'FINAL' AND r.status = 'ACCEPTED'`,
    [ids],
  )) as { grant_id: string }[];
  const finalApproved = new Set(finals.map((f) => f.grant_id));
  const out = new Map<string, GrantFinance>();
  for (const grant of grants) {
    const rules = rulesByCall.get(grant.callId);
    if (!rules) throw new Error(`call ${grant.callId} of grant ${grant.id} was not loaded`);
    const mine = payments.filter((p) => p.grantId === grant.id);
    const claims = statements.filter((s) => s.grantId === grant.id).map((s) => corrected(s, corrections));
    const booked = recoveries.filter((r) => r.grantId === grant.id);
    out.set(grant.id, financeOf(grant.amount, rules.retentionRate, mine, claims, finalApproved.has(grant.id), booked));
  }
  return out;
}

export function financeOf(
  grantAmount: Cents,
  retentionRate: CallRules['retentionRate'],
  payments: Payment[],
  statements: CostStatement[],
  finalReportApproved: boolean,
  recoveries: Recovery[] = [],
): GrantFinance {
  const ledger = grantLedger({
    grantAmount,
    retentionRate,
    recoveries: recoveries.map((r) => ({ amount: r.amount, status: r.status })),
    payments: payments.map((p) => ({ kind: p.kind, amount: p.amount, status: p.status })),
    claims: statements.map((s) => ({ declared: s.declaredEligible ?? 0, accepted: s.acceptedEligible ?? 0, gross: s.subsidyGross ?? 0, status: s.status })),
  });
  const approved = statements.filter((s) => s.status === 'APPROVED');
  const paidOn = payments.filter((p) => p.status === 'PAID' && p.paidOn !== null).map((p) => p.paidOn as string);
  return {
    payments,
    statements,
    recoveries,
    finalReportApproved,
    paidOrPlanned: sum(payments.filter((p) => p.status !== 'CANCELLED').map((p) => p.amount)) - ledger.recovered,
    ledger: {
      ...ledger,
      advanceOutstanding: outstandingAdvance(ledger.advance, approved.map((s) => s.advanceCleared ?? 0)),
      paymentCeiling: finalReportApproved ? grantAmount : paymentCeiling(grantAmount, retentionRate),
      finalReportApproved,
      addsUp: ledgerAddsUp(ledger),
    },
    recordsRetainedUntil: recordsRetentionDate(lastPaymentDate(paidOn)),
  };
}

/**
 * An approved statement as its latest correction left it. The stored statement never changes
 * (a trigger freezes it once approved); its corrections are kept beside it, one after another.
 */
export function corrected(statement: CostStatement, corrections: readonly ClaimCorrection[]): CostStatement {
  const latest = corrections.filter((c) => c.costStatementId === statement.id).at(-1);
  if (!latest) return statement;
  return Object.assign(Object.create(Object.getPrototypeOf(statement) as object) as CostStatement, statement, {
    acceptedEligible: latest.acceptedAfter,
    subsidyGross: latest.grossAfter,
    advanceCleared: latest.advanceClearedAfter,
    capped: latest.cappedAfter,
    subsidyNet: latest.netAfter,
  });
}
