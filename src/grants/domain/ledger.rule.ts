import { assertCents, Cents, minCents, Rate, sum } from '../../core/money/money';
import { retentionAmount } from '../cost-statements/domain/claim.rule';
import { CostStatementStatus } from '../cost-statements/domain/cost-statement.machine';
import { PaymentKind, PaymentStatus } from '../payments/domain/payment.machine';
import type { RecoveryStatus } from '../payments/domain/recovery.machine';

/**
 * The financial position of one grant, derived from its claims and payments every time it is
 * shown, so that there is no running balance to drift from the records it summarises.
 */
export interface LedgerClaim {
  declared: Cents;
  accepted: Cents;
  /** Subsidy earned on the accepted costs (`subsidyDue(...).gross`). */
  gross: Cents;
  status: CostStatementStatus;
}

export interface LedgerPayment {
  kind: PaymentKind;
  amount: Cents;
  status: PaymentStatus;
}

/** An amount unduly paid (see recovery.rule): withheld from a payment, paid back, or still owed. */
export interface LedgerRecovery {
  amount: Cents;
  status: RecoveryStatus;
}

export interface GrantLedgerInput {
  grantAmount: Cents;
  claims: readonly LedgerClaim[];
  /** All payments, the advance included; the advance is read from here so it is counted once. */
  payments: readonly LedgerPayment[];
  retentionRate: Rate;
  /** Recoveries booked on the grant; none when left out. */
  recoveries?: readonly LedgerRecovery[];
}

export interface GrantLedger {
  /** The grant amount fixed by the decision. */
  commitment: Cents;
  /** Advance paid or planned. Part of paid + planned, shown apart. */
  advance: Cents;
  /** Declared eligible cost of every statement handed in (all but drafts). */
  claimed: Cents;
  /** Accepted eligible cost of approved statements. */
  accepted: Cents;
  /** Subsidy earned on approved statements. */
  earned: Cents;
  paid: Cents;
  planned: Cents;
  /** Part of `open` held back until the final report is approved; 0 once a balance payment exists. */
  retained: Cents;
  /** Recoveries settled: withheld from a payment (offset) or paid back. They free room again. */
  recovered: Cents;
  /** Recovery orders not yet paid back: owed by the beneficiary, not yet room for new payments. */
  recoveryOpen: Cents;
  /** commitment − (paid + planned − recovered); negative only if net payments ever exceeded the grant. */
  open: Cents;
}

export function grantLedger(input: GrantLedgerInput): GrantLedger {
  const commitment = nonNegative(input.grantAmount, 'grantAmount');
  // Cancelled payments never happened, financially.
  const live = input.payments.filter((p) => p.status !== 'CANCELLED');
  live.forEach((p, i) => nonNegative(p.amount, `payments[${i}].amount`));
  const paid = sum(live.filter((p) => p.status === 'PAID').map((p) => p.amount));
  const planned = sum(live.filter((p) => p.status === 'PLANNED').map((p) => p.amount));
  const advance = sum(live.filter((p) => p.kind === 'ADVANCE').map((p) => p.amount));
  const handedIn = input.claims.filter((c) => c.status !== 'DRAFT');
  const approved = input.claims.filter((c) => c.status === 'APPROVED');
  const recoveries = input.recoveries ?? [];
  recoveries.forEach((r, i) => nonNegative(r.amount, `recoveries[${i}].amount`));
  const recovered = sum(recoveries.filter((r) => r.status !== 'OPEN').map((r) => r.amount));
  const recoveryOpen = sum(recoveries.filter((r) => r.status === 'OPEN').map((r) => r.amount));
  const open = commitment - paid - planned + recovered;
  const balanceMade = live.some((p) => p.kind === 'BALANCE');
  const retained = balanceMade ? 0 : minCents(retentionAmount(commitment, input.retentionRate), Math.max(0, open));
  return {
    commitment,
    advance,
    claimed: sum(handedIn.map((c) => nonNegative(c.declared, 'claims.declared'))),
    accepted: sum(approved.map((c) => nonNegative(c.accepted, 'claims.accepted'))),
    earned: sum(approved.map((c) => nonNegative(c.gross, 'claims.gross'))),
    paid,
    planned,
    retained,
    recovered,
    recoveryOpen,
    open,
  };
}

/**
 * The books balance: every cent of the commitment is paid or planned (net of what was recovered)
 * or open, exactly once; no more is recovered than was paid or planned.
 */
export function ledgerAddsUp(l: GrantLedger): boolean {
  const amounts = [l.commitment, l.advance, l.claimed, l.accepted, l.earned, l.paid, l.planned, l.retained, l.recovered, l.recoveryOpen, l.open];
  if (!amounts.every((a) => Number.isSafeInteger(a))) return false;
  return (
    l.commitment === l.paid + l.planned - l.recovered + l.open &&
    l.recovered >= 0 &&
    l.recoveryOpen >= 0 &&
    l.recovered + l.recoveryOpen <= l.paid + l.planned &&
    l.retained >= 0 &&
    l.retained <= Math.max(0, l.open) &&
    l.advance >= 0 &&
    l.advance <= l.paid + l.planned
  );
}

// Money paid back is a recovery, not a negative payment: recoveries are an input of their own.
function nonNegative(value: Cents, what: string): Cents {
  assertCents(value, what);
  if (value < 0) throw new RangeError(`${what} must not be negative, got ${value}`);
  return value;
}
