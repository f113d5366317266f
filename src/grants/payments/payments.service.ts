import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { Actor } from '../../core/domain/actor';
import { applyTransition, transitionOrThrow } from '../../core/domain/state-machine';
import { FieldError, notFound } from '../../core/errors/domain.error';
import { canonicalJson, sha256Hex } from '../../core/crypto/canonical-json';
import { formatDateShort } from '../../core/format/nl-be';
import { onceIfKeyed, StoredResponse } from '../../core/idempotency/idempotency';
import { compareRates, ZERO_RATE } from '../../core/money/money';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { brusselsDate } from '../../core/time/brussels';
import { AppConfig } from '../../core/config/app.config';
import { advanceAmount, finalBalance, grantRate } from '../cost-statements/domain/claim.rule';
import { approvedProposal } from '../approved-snapshot';
import { CostStatement } from '../cost-statements/entities/cost-statement.entity';
import { bookRecovery, correctClaim, recoveryDueDate } from './domain/recovery.rule';
import { recoveryMachine } from './domain/recovery.machine';
import { ClaimCorrection, Recovery } from './entities/recovery.entity';
import { paymentDeadline, paymentDueDate } from './domain/payment-deadline.rule';
import { PaymentKind, paymentMachine } from './domain/payment.machine';
import {
  CancelPaymentDto,
  ClaimCorrectionDto,
  CorrectionResultDto,
  CorrectStatementDto,
  GrantPaymentsDto,
  MarkPaidDto,
  MarkRecoveredDto,
  PaymentDto,
  RecoveryDto,
} from './dto/payment.dto';
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
    private readonly config: AppConfig,
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
        items: await this.toDtos(manager, finance.payments, finance.recoveries),
        recoveries: this.recoveryDtos(finance.recoveries),
        corrections: await this.correctionDtos(manager, await manager.find(ClaimCorrection, { where: { grantId }, order: { createdAt: 'ASC', id: 'ASC' } })),
        ledger: finance.ledger,
        recordsRetainedUntil: finance.recordsRetainedUntil,
      };
    });
  }

  /** The advance, ⌊grant × advance rate⌋ held to grant − retention, when the call foresees one. */
  async planAdvance(grantId: string, actor: Actor, key?: string): Promise<StoredResponse<PaymentDto>> {
    return this.db.transaction((manager) =>
      onceIfKeyed(manager, actor.userId, key, 'payment.plan_advance', sha256Hex(`advance:${grantId}`), async () => {
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
      }),
    );
  }

  /**
   * The balance after the final report is approved: what the approved claims earned in all
   * (at most the grant), less what is paid or planned, the retention included.
   */
  async planBalance(grantId: string, actor: Actor, key?: string): Promise<StoredResponse<PaymentDto>> {
    return this.db.transaction((manager) =>
      onceIfKeyed(manager, actor.userId, key, 'payment.plan_balance', sha256Hex(`balance:${grantId}`), async () => {
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
      }),
    );
  }

  /** Records the bank transfer. From then on the database refuses any change to the payment. */
  async markPaid(id: string, dto: MarkPaidDto, actor: Actor, key?: string): Promise<StoredResponse<PaymentDto>> {
    return this.db.transaction((manager) =>
      onceIfKeyed(manager, actor.userId, key, 'payment.mark_paid', sha256Hex(`paid:${id}:${canonicalJson(dto)}`), async () => {
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
      const offset = sumOf(await manager.findBy(Recovery, { offsetPaymentId: id }));
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
            after: {
              status: next,
              amount: payment.amount,
              transfer: payment.amount - offset,
              paidOn: dto.paidOn,
              reference: dto.reference.trim(),
              bankAccountId: account.bankAccountId,
              iban: account.iban,
              holderName: account.holderName,
            },
          }),
      });
      await this.notifications.notify(manager, await beneficiaryUserIds(manager, grant), {
        kind: 'PAYMENT_PAID',
        title: `Betaling aan ${grant.grantNumber} uitgevoerd`,
        body: `${payment.kind === 'ADVANCE' ? 'Voorschot' : payment.kind === 'BALANCE' ? 'Saldo' : 'Tussentijdse betaling'} van ${payment.amount} cent op ${dto.paidOn} (${dto.reference.trim()})${offset > 0 ? `, waarvan ${offset} cent verrekend met een terugvordering` : ''}.`,
        entityType: 'payment',
        entityId: id,
      });
      return (await this.toDtos(manager, [await manager.findOneByOrFail(Payment, { id })], await manager.findBy(Recovery, { offsetPaymentId: id })))[0];
      }),
    );
  }

  /**
   * A later check (an audit, or a correction of the approved statement) lowers the accepted
   * costs of an approved cost statement. The statement itself stays as approved; the correction
   * is kept beside it and what was unduly paid is booked: withheld from the planned payments,
   * earliest due first, and the rest claimed back by a recovery order due after the configured
   * term. The grant row is locked first, so two corrections of one claim run one after the
   * other and the second is measured against the first.
   */
  async correctStatement(statementId: string, dto: CorrectStatementDto, actor: Actor, key?: string): Promise<StoredResponse<CorrectionResultDto>> {
    return this.db.transaction((manager) =>
      onceIfKeyed(manager, actor.userId, key, 'cost_statement.correct', sha256Hex(`correct:${statementId}:${canonicalJson(dto)}`), async () => {
      const found = await manager.findOneBy(CostStatement, { id: statementId });
      if (!found) throw notFound('The cost statement');
      const grant = await loadGrant(manager, found.grantId, actor, 'staff', 'The cost statement');
      const finance = await this.finance(manager, grant);
      const statement = finance.statements.find((st) => st.id === statementId)!;
      if (statement.status !== 'APPROVED') throw GrantErrors.statementNotApproved(statement.status);
      const rate = grantRate(grant.amount, approvedProposal(grant).eligibleCosts);
      const c = correctClaim(
        { accepted: statement.acceptedEligible!, gross: statement.subsidyGross!, advanceCleared: statement.advanceCleared!, capped: statement.capped!, net: statement.subsidyNet! },
        dto.acceptedEligible,
        rate,
      );
      const today = brusselsDate(this.clock.now());
      const reason = dto.reason.trim();
      const correction = manager.create(ClaimCorrection, {
        grantId: grant.id,
        costStatementId: statementId,
        source: dto.source,
        reason,
        acceptedBefore: c.before.accepted,
        acceptedAfter: c.after.accepted,
        grossBefore: c.before.gross,
        grossAfter: c.after.gross,
        advanceClearedAfter: c.after.advanceCleared,
        cappedAfter: c.after.capped,
        netAfter: c.after.net,
        unduly: c.unduly,
        advanceReopened: c.advanceReopened,
        correctedOn: today,
        createdBy: actor.userId,
      });
      await manager.insert(ClaimCorrection, correction);
      await this.audit.record(manager, actor, {
        action: 'cost_statement.corrected',
        entityType: 'cost_statement',
        entityId: statementId,
        before: { ...c.before },
        after: { ...c.after, source: dto.source, reason, unduly: c.unduly, advanceReopened: c.advanceReopened, correctionId: correction.id },
      });
      const planned = finance.payments
        .filter((p) => p.status === 'PLANNED')
        .sort((a, b) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || a.createdAt.getTime() - b.createdAt.getTime())
        .map((p) => ({ id: p.id, amount: p.amount, alreadyOffset: sumOf(finance.recoveries.filter((r) => r.offsetPaymentId === p.id)) }));
      const booking = bookRecovery(c.unduly, planned);
      const booked: Recovery[] = [];
      const base = { grantId: grant.id, correctionId: correction.id, bookedOn: today, createdBy: actor.userId };
      for (const offset of booking.offsets) {
        // Booked OPEN and settled at once: the payment it is withheld from is planned, not yet made.
        await applyTransition(recoveryMachine, 'OPEN', 'offset', actor.roles, {
          apply: async (to) => {
            const r = manager.create(Recovery, { ...base, status: to, amount: offset.amount, offsetPaymentId: offset.paymentId, dueDate: null });
            await manager.insert(Recovery, r);
            booked.push(r);
          },
          audit: (to) =>
            this.audit.record(manager, actor, {
              action: 'recovery.offset',
              entityType: 'recovery',
              entityId: booked.at(-1)!.id,
              before: { status: 'OPEN' },
              after: { status: to, amount: offset.amount, paymentId: offset.paymentId, correctionId: correction.id },
            }),
        });
      }
      if (booking.order > 0) {
        const order = manager.create(Recovery, { ...base, status: 'OPEN', amount: booking.order, offsetPaymentId: null, dueDate: recoveryDueDate(today, this.config.RECOVERY_TERM_DAYS) });
        await manager.insert(Recovery, order);
        booked.push(order);
        await this.audit.record(manager, actor, {
          action: 'recovery.ordered',
          entityType: 'recovery',
          entityId: order.id,
          after: { status: 'OPEN', amount: order.amount, dueDate: order.dueDate, correctionId: correction.id },
        });
      }
      if (c.unduly > 0) {
        await this.notifications.notify(manager, await beneficiaryUserIds(manager, grant), {
          kind: 'RECOVERY_BOOKED',
          title: `Terugvordering op ${grant.grantNumber}`,
          body: `Na ${dto.source === 'AUDIT' ? 'een audit' : 'een correctie'} is ${c.unduly} cent onverschuldigd betaald: ${sumOf(booked.filter((r) => r.status === 'OFFSET'))} cent wordt verrekend met de volgende betaling${booking.order > 0 ? `, ${booking.order} cent terug te betalen tegen ${formatDateShort(booked.at(-1)!.dueDate!)}` : ''}.`,
          entityType: 'grant',
          entityId: grant.id,
        });
      }
      const after = await this.finance(manager, grant);
      return {
        correction: (await this.correctionDtos(manager, [correction]))[0],
        recoveries: this.recoveryDtos(after.recoveries.filter((r) => r.correctionId === correction.id)),
        ledger: after.ledger,
      };
      }),
    );
  }

  /** Finance staff record that the beneficiary paid a recovery order back. */
  async markRecovered(id: string, dto: MarkRecoveredDto, actor: Actor, key?: string): Promise<StoredResponse<RecoveryDto>> {
    return this.db.transaction((manager) =>
      onceIfKeyed(manager, actor.userId, key, 'recovery.mark_received', sha256Hex(`recovered:${id}:${canonicalJson(dto)}`), async () => {
      const found = await manager.findOneBy(Recovery, { id });
      if (!found) throw notFound('The recovery');
      await loadGrant(manager, found.grantId, actor, 'staff', 'The recovery');
      const recovery = await manager.findOneOrFail(Recovery, { where: { id }, lock: { mode: 'pessimistic_write' } });
      transitionOrThrow(recoveryMachine, recovery.status, 'mark_received', actor.roles);
      const today = brusselsDate(this.clock.now());
      if (dto.receivedOn > today) throw GrantErrors.recoveryDateInvalid(`The date ${formatDateShort(dto.receivedOn)} is in the future`);
      if (dto.receivedOn < recovery.bookedOn) throw GrantErrors.recoveryDateInvalid(`The date ${formatDateShort(dto.receivedOn)} is before the recovery was booked (${formatDateShort(recovery.bookedOn)})`);
      const reference = dto.reference.trim();
      await applyTransition(recoveryMachine, recovery.status, 'mark_received', actor.roles, {
        apply: (to) => manager.update(Recovery, id, { status: to, receivedOn: dto.receivedOn, reference, receivedBy: actor.userId, version: recovery.version + 1 }),
        audit: (to) =>
          this.audit.record(manager, actor, { action: 'recovery.received', entityType: 'recovery', entityId: id, before: { status: recovery.status }, after: { status: to, amount: recovery.amount, receivedOn: dto.receivedOn, reference } }),
      });
      return this.recoveryDtos([await manager.findOneByOrFail(Recovery, { id })])[0];
      }),
    );
  }

  /**
   * What the recovery letter (terugvordering) prints, read with the grant's access rules: the
   * recovery, the correction that booked it, the claim's period and the grant's recoveries so far.
   */
  async recoveryLetter(manager: EntityManager, id: string, actor: Actor): Promise<{ grant: Grant; recovery: RecoveryDto; correction: ClaimCorrectionDto; offsetPayment: PaymentDto | null }> {
    const found = await manager.findOneBy(Recovery, { id });
    if (!found) throw notFound('The recovery');
    const grant = await loadGrant(manager, found.grantId, actor, 'read', 'The recovery');
    const correction = await manager.findOneByOrFail(ClaimCorrection, { id: found.correctionId });
    const payment = found.offsetPaymentId ? await manager.findOneByOrFail(Payment, { id: found.offsetPaymentId }) : null;
    return {
      grant,
      recovery: this.recoveryDtos([found])[0],
      correction: (await this.correctionDtos(manager, [correction]))[0],
      offsetPayment: payment ? (await this.toDtos(manager, [payment], await manager.findBy(Recovery, { offsetPaymentId: payment.id })))[0] : null,
    };
  }

  private recoveryDtos(recoveries: Recovery[]): RecoveryDto[] {
    const today = brusselsDate(this.clock.now());
    return recoveries.map((r) => ({
      id: r.id,
      grantId: r.grantId,
      correctionId: r.correctionId,
      status: r.status,
      amount: r.amount,
      offsetPaymentId: r.offsetPaymentId,
      bookedOn: r.bookedOn,
      dueDate: r.dueDate,
      overdue: r.status === 'OPEN' && r.dueDate !== null && r.dueDate < today,
      receivedOn: r.receivedOn,
      reference: r.reference,
      version: r.version,
    }));
  }

  private async correctionDtos(manager: EntityManager, corrections: ClaimCorrection[]): Promise<ClaimCorrectionDto[]> {
    const numbers = await this.periodNumbers(manager, corrections.map((c) => c.costStatementId));
    return corrections.map((c) => ({
      id: c.id,
      costStatementId: c.costStatementId,
      periodNumber: numbers.get(c.costStatementId) ?? null,
      source: c.source,
      reason: c.reason,
      acceptedBefore: c.acceptedBefore,
      acceptedAfter: c.acceptedAfter,
      grossBefore: c.grossBefore,
      grossAfter: c.grossAfter,
      unduly: c.unduly,
      advanceReopened: c.advanceReopened,
      correctedOn: c.correctedOn,
    }));
  }

  private async periodNumbers(manager: EntityManager, statementIds: string[]): Promise<Map<string, number>> {
    if (statementIds.length === 0) return new Map();
    const rows = (await manager.query(`SELECT s.id, p.number FROM cost_statements s JOIN reporting_periods p ON p.id = s.period_id WHERE s.id = ANY($1)`, [statementIds])) as { id: string; number: number }[];
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  /** A planned payment that should not be made; a paid one is never undone here. */
  async cancel(id: string, dto: CancelPaymentDto, actor: Actor): Promise<PaymentDto> {
    return this.db.transaction(async (manager) => {
      const payment = await this.lock(manager, id, actor);
      transitionOrThrow(paymentMachine, payment.status, 'cancel', actor.roles);
      if (await manager.existsBy(Recovery, { offsetPaymentId: id })) throw GrantErrors.paymentHasOffset();
      await applyTransition(paymentMachine, payment.status, 'cancel', actor.roles, {
        apply: (to) => manager.update(Payment, id, { status: to, cancelledAt: this.clock.now(), cancelledBy: actor.userId, cancelReason: dto.reason.trim() }),
        audit: (to) => this.audit.record(manager, actor, { action: 'payment.cancelled', entityType: 'payment', entityId: id, before: { status: payment.status }, after: { status: to, reason: dto.reason.trim() } }),
      });
      return (await this.toDtos(manager, [await manager.findOneByOrFail(Payment, { id })], []))[0];
    });
  }

  private async plan(manager: EntityManager, grant: Grant, kind: PaymentKind, amount: number, costStatementId: string | null, dueDate: string | null, actor: Actor): Promise<PaymentDto> {
    const payment = await this.insertPlanned(manager, grant, kind, amount, costStatementId, dueDate, actor);
    return (await this.toDtos(manager, [await manager.findOneByOrFail(Payment, { id: payment.id })], []))[0];
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

  private async toDtos(manager: EntityManager, payments: Payment[], recoveries: readonly Recovery[]): Promise<PaymentDto[]> {
    const periods = await this.periodNumbers(manager, payments.map((p) => p.costStatementId).filter((id): id is string => id !== null));
    const today = brusselsDate(this.clock.now());
    return payments.map((p) => ({
      id: p.id,
      grantId: p.grantId,
      kind: p.kind,
      status: p.status,
      amount: p.amount,
      costStatementId: p.costStatementId,
      periodNumber: p.costStatementId ? (periods.get(p.costStatementId) ?? null) : null,
      plannedOn: p.plannedOn,
      dueDate: p.dueDate,
      deadline: p.dueDate && p.status !== 'CANCELLED' ? deadlineView(p.dueDate, p.paidOn, today) : null,
      paidOn: p.paidOn,
      reference: p.reference,
      paidTo: paidToAccount(p),
      cancelledAt: p.cancelledAt?.toISOString() ?? null,
      cancelReason: p.cancelReason,
      offset: sumOf(recoveries.filter((r) => r.offsetPaymentId === p.id)),
      transfer: p.amount - sumOf(recoveries.filter((r) => r.offsetPaymentId === p.id)),
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


function sumOf(recoveries: readonly Pick<Recovery, 'amount'>[]): number {
  return recoveries.reduce((total, r) => total + r.amount, 0);
}
