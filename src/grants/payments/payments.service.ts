import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { Actor } from '../../core/domain/actor';
import { applyTransition, transitionOrThrow } from '../../core/domain/state-machine';
import { FieldError, notFound } from '../../core/errors/domain.error';
import { formatDateShort } from '../../core/format/nl-be';
import { compareRates, ZERO_RATE } from '../../core/money/money';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { brusselsDate } from '../../core/time/brussels';
import { advanceAmount, finalBalance } from '../cost-statements/domain/claim.rule';
import { paymentDeadline, paymentDueDate } from './domain/payment-deadline.rule';
import { PaymentKind, paymentMachine } from './domain/payment.machine';
import { CancelPaymentDto, GrantPaymentsDto, MarkPaidDto, PaymentDto } from './dto/payment.dto';
import { Grant } from '../entities/grant.entity';
import { Payment } from './entities/payment.entity';
import { beneficiaryUserIds, grantContext, loadGrant } from '../grant-access';
import { GrantFinance, loadGrantFinance } from '../grant-finance';
import { GrantErrors } from '../grants.errors';
import { BankAccountsService, PaidToAccount } from '../bank-accounts/bank-accounts.service';

/**
 * Payments of a grant: the advance at the start, interim payments (planned when a statement is
 * approved, see CostStatementsService.approve) and the balance with the retention after the
 * final report. Finance staff plan and mark them paid; a paid payment never changes.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly bankAccounts: BankAccountsService,
  ) {}

  /** Whether any payment of the grant stands (planned or paid), in the caller's transaction. */
  async hasStandingPayment(manager: EntityManager, grantId: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM payments WHERE grant_id = $1 AND status <> 'CANCELLED' LIMIT 1`, [grantId])) as unknown[];
    return rows.length > 0;
  }

  async list(grantId: string, actor: Actor): Promise<GrantPaymentsDto> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const grant = await loadGrant(manager, grantId, actor, 'read');
      const finance = await this.finance(manager, grant);
      return {
        grantId,
        items: await this.toDtos(manager, finance.payments),
        ledger: finance.ledger,
        recordsRetainedUntil: finance.recordsRetainedUntil,
      };
    });
  }

  /** The advance, ⌊grant × advance rate⌋ held to grant − retention, when the call foresees one. */
  async planAdvance(grantId: string, actor: Actor): Promise<PaymentDto> {
    return this.db.transaction(async (manager) => {
      const grant = await loadGrant(manager, grantId, actor, 'staff');
      const { rules } = await grantContext(manager, grant);
      if (compareRates(rules.advanceRate, ZERO_RATE) <= 0) throw GrantErrors.noAdvance();
      const finance = await this.finance(manager, grant);
      if (finance.payments.some((p) => p.kind === 'ADVANCE' && p.status !== 'CANCELLED')) throw GrantErrors.advanceAlreadyPlanned();
      const amount = advanceAmount(grant.amount, rules.advanceRate, rules.retentionRate);
      if (amount <= 0) throw GrantErrors.nothingToPay(0);
      const today = brusselsDate(this.clock.now());
      // The advance is due at the start of the project (or now, when planned later).
      return this.plan(manager, grant, 'ADVANCE', amount, null, today > grant.startDate ? today : grant.startDate, actor);
    });
  }

  /**
   * The balance after the final report is approved: what the approved claims earned in all
   * (at most the grant), less what is paid or planned, the retention included.
   */
  async planBalance(grantId: string, actor: Actor): Promise<PaymentDto> {
    return this.db.transaction(async (manager) => {
      const grant = await loadGrant(manager, grantId, actor, 'staff');
      const { rules } = await grantContext(manager, grant);
      const finance = await this.finance(manager, grant);
      const problems: FieldError[] = [];
      if (!finance.finalReportApproved) problems.push({ field: 'finalReport', code: 'FINAL_REPORT_NOT_ACCEPTED', message: 'the final report is not accepted yet' });
      for (const s of finance.statements.filter((st) => ['SUBMITTED', 'IN_REVIEW', 'RETURNED'].includes(st.status))) {
        problems.push({ field: `costStatements.${s.id}`, code: 'STATEMENT_PENDING', message: `a cost statement is still ${s.status.toLowerCase().replace('_', ' ')}` });
      }
      if (finance.payments.some((p) => p.kind === 'BALANCE' && p.status !== 'CANCELLED')) {
        problems.push({ field: 'payments', code: 'BALANCE_EXISTS', message: 'the balance is already planned or paid' });
      }
      if (problems.length > 0) throw GrantErrors.balanceNotDue(problems);
      const balance = finalBalance({
        claimsGross: finance.statements.filter((s) => s.status === 'APPROVED').map((s) => s.subsidyGross ?? 0),
        grantAmount: grant.amount,
        paidOrPlannedToDate: finance.paidOrPlanned,
      });
      if (balance.payable === 0) throw GrantErrors.nothingToPay(balance.toRecover);
      const final = (await manager.query(
        `SELECT r.submitted_at FROM progress_reports r JOIN reporting_periods p ON p.id = r.period_id WHERE p.grant_id = $1 AND p.kind = 'FINAL'`,
        [grant.id],
      )) as { submitted_at: Date }[];
      // The final claim was complete when the final report was last submitted (CPR art. 74).
      const complete = brusselsDate(final[0].submitted_at);
      return this.plan(manager, grant, 'BALANCE', balance.payable, null, paymentDueDate(complete, rules.paymentDeadlineDays), actor);
    });
  }

  /** Records the bank transfer. From then on the database refuses any change to the payment. */
  async markPaid(id: string, dto: MarkPaidDto, actor: Actor): Promise<PaymentDto> {
    return this.db.transaction(async (manager) => {
      const payment = await this.lock(manager, id, actor);
      // Checked first, so a report or payment in the wrong state answers 409 before any other rule.
      transitionOrThrow(paymentMachine, payment.status, 'mark_paid', actor.roles);
      const today = brusselsDate(this.clock.now());
      if (dto.paidOn > today) throw GrantErrors.paymentDateInvalid(`The payment date ${formatDateShort(dto.paidOn)} is in the future`);
      if (dto.paidOn < payment.plannedOn) {
        throw GrantErrors.paymentDateInvalid(`The payment date ${formatDateShort(dto.paidOn)} is before the payment was planned (${formatDateShort(payment.plannedOn)})`);
      }
      const grant = await manager.findOneByOrFail(Grant, { id: payment.grantId });
      // Only to a verified account; the payment keeps a copy of it, so a later change rewrites nothing.
      const account = await this.bankAccounts.payableAccount(manager, grant.beneficiaryOrganisationId);
      await applyTransition(paymentMachine, payment.status, 'mark_paid', actor.roles, {
        apply: (next) =>
          manager.update(Payment, id, {
            status: next,
            paidOn: dto.paidOn,
            reference: dto.reference.trim(),
            paidBy: actor.userId,
            paidToBankAccountId: account.bankAccountId,
            paidToIban: account.iban,
            paidToHolder: account.holderName,
          }),
        audit: (next) =>
          this.audit.record(manager, actor, {
            action: 'payment.paid',
            entityType: 'payment',
            entityId: id,
            before: { status: payment.status },
            after: { status: next, amount: payment.amount, paidOn: dto.paidOn, reference: dto.reference.trim(), bankAccountId: account.bankAccountId, iban: account.iban, holderName: account.holderName },
          }),
      });
      await this.notifications.notify(manager, await beneficiaryUserIds(manager, grant), {
        kind: 'PAYMENT_PAID',
        title: `Betaling aan ${grant.grantNumber} uitgevoerd`,
        body: `${payment.kind === 'ADVANCE' ? 'Voorschot' : payment.kind === 'BALANCE' ? 'Saldo' : 'Tussentijdse betaling'} van ${payment.amount} cent op ${dto.paidOn} (${dto.reference.trim()}).`,
        entityType: 'payment',
        entityId: id,
      });
      return (await this.toDtos(manager, [await manager.findOneByOrFail(Payment, { id })]))[0];
    });
  }

  /** A planned payment that should not be made; a paid one is never undone here. */
  async cancel(id: string, dto: CancelPaymentDto, actor: Actor): Promise<PaymentDto> {
    return this.db.transaction(async (manager) => {
      const payment = await this.lock(manager, id, actor);
      await applyTransition(paymentMachine, payment.status, 'cancel', actor.roles, {
        apply: (to) => manager.update(Payment, id, { status: to, cancelledAt: this.clock.now(), cancelledBy: actor.userId, cancelReason: dto.reason.trim() }),
        audit: (to) => this.audit.record(manager, actor, { action: 'payment.cancelled', entityType: 'payment', entityId: id, before: { status: payment.status }, after: { status: to, reason: dto.reason.trim() } }),
      });
      return (await this.toDtos(manager, [await manager.findOneByOrFail(Payment, { id })]))[0];
    });
  }

  private async plan(manager: EntityManager, grant: Grant, kind: PaymentKind, amount: number, costStatementId: string | null, dueDate: string | null, actor: Actor): Promise<PaymentDto> {
    const payment = await this.insertPlanned(manager, grant, kind, amount, costStatementId, dueDate, actor);
    return (await this.toDtos(manager, [await manager.findOneByOrFail(Payment, { id: payment.id })]))[0];
  }

  /**
   * Plans a payment in the caller's transaction (an approved cost statement plans its interim
   * payment this way): the payments sub-feature alone writes the payments table.
   */
  async insertPlanned(manager: EntityManager, grant: Pick<Grant, 'id'>, kind: PaymentKind, amount: number, costStatementId: string | null, dueDate: string | null, actor: Actor): Promise<Payment> {
    const payment = manager.create(Payment, {
      grantId: grant.id,
      kind,
      status: 'PLANNED',
      amount,
      costStatementId,
      plannedOn: brusselsDate(this.clock.now()),
      dueDate,
      createdBy: actor.userId,
    });
    await manager.insert(Payment, payment);
    await this.audit.record(manager, actor, { action: 'payment.planned', entityType: 'payment', entityId: payment.id, after: { grantId: grant.id, kind, amount, ...(costStatementId ? { costStatementId } : {}), dueDate } });
    return payment;
  }

  /** The payment with its grant row locked first (the same order as approvals). */
  private async lock(manager: EntityManager, id: string, actor: Actor): Promise<Payment> {
    const found = await manager.findOneBy(Payment, { id });
    if (!found) throw notFound('The payment');
    await loadGrant(manager, found.grantId, actor, 'staff', 'The payment');
    return manager.findOneOrFail(Payment, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  private async finance(manager: EntityManager, grant: Grant): Promise<GrantFinance> {
    const { rules } = await grantContext(manager, grant);
    return (await loadGrantFinance(manager, [grant], new Map([[grant.callId, rules]]))).get(grant.id)!;
  }

  private async toDtos(manager: EntityManager, payments: Payment[]): Promise<PaymentDto[]> {
    const statementIds = payments.map((p) => p.costStatementId).filter((id): id is string => id !== null);
    const periods = statementIds.length
      ? ((await manager.query(`SELECT s.id, p.number FROM cost_statements s JOIN reporting_periods p ON p.id = s.period_id WHERE s.id = ANY($1)`, [statementIds])) as {
          id: string;
          number: number;
        }[])
      : [];
    const today = brusselsDate(this.clock.now());
    return payments.map((p) => ({
      id: p.id,
      grantId: p.grantId,
      kind: p.kind,
      status: p.status,
      amount: p.amount,
      costStatementId: p.costStatementId,
      periodNumber: periods.find((x) => x.id === p.costStatementId)?.number ?? null,
      plannedOn: p.plannedOn,
      dueDate: p.dueDate,
      deadline: p.dueDate && p.status !== 'CANCELLED' ? deadlineView(p.dueDate, p.paidOn, today) : null,
      paidOn: p.paidOn,
      reference: p.reference,
      paidTo: paidToAccount(p),
      cancelledAt: p.cancelledAt?.toISOString() ?? null,
      cancelReason: p.cancelReason,
      version: p.version,
    }));
  }
}

/** The account a paid payment went to, as it was when it was marked paid; null before. */
export function paidToAccount(payment: Pick<Payment, 'paidToBankAccountId' | 'paidToIban' | 'paidToHolder'>): PaidToAccount | null {
  if (!payment.paidToBankAccountId || !payment.paidToIban || payment.paidToHolder === null) return null;
  return { bankAccountId: payment.paidToBankAccountId, iban: payment.paidToIban, holderName: payment.paidToHolder };
}

/** The payment-deadline rule counts from the complete claim; a payment carries its due date already. */
export function deadlineView(dueDate: string, paidOn: string | null, today: string) {
  const { daysLeft, overdue, paidLate } = paymentDeadline({ completeClaimDate: dueDate, deadlineDays: 0, paidOn }, today);
  return { daysLeft, overdue, paidLate };
}

