import { Injectable } from '@nestjs/common';
import { AuthReader } from '../../auth/auth-reader';
import { isEditable } from '../domain/editable.rule';
import { PaymentsService } from '../payments/payments.service';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { staffCost } from '../../applications/budgets/domain/staff-cost.rule';
import { CallRules } from '../../calls/domain/call-rules';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { Actor, hasRole } from '../../core/domain/actor';
import { normaliseEnterpriseNumber } from '../../core/domain/belgian-identifiers.rule';
import { Role } from '../../core/domain/roles';
import { applyTransition, availableActions, transitionOrThrow } from '../../core/domain/state-machine';
import { FieldError, notFound } from '../../core/errors/domain.error';
import { staleVersion } from '../../core/http/etag';
import { FULL_RATE, Rate } from '../../core/money/money';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { brusselsDate } from '../../core/time/brussels';
import { ApprovedProposal, approvedProposal } from '../approved-snapshot';
import { decisionNeedsReason, grantRate, reviewedLineAmount, statementTotals, StatementTotals, SubsidyDue, subsidyDue } from './domain/claim.rule';
import { costStatementMachine, CostStatementStatus } from './domain/cost-statement.machine';
import { paymentDeadline, paymentDueDate } from '../payments/domain/payment-deadline.rule';
import { statementSubmissionProblems } from './domain/statement-submission.rule';
import { CostLineDto, CostLineInput, CostStatementDto, LineQuestionDto, PutCostStatementDto, ReturnStatementDto, ReviewLineDto, SubsidyDueDto } from './dto/cost-statement.dto';
import { CostStatementLine } from './entities/cost-statement-line.entity';
import { CostStatement } from './entities/cost-statement.entity';
import { Grant } from '../entities/grant.entity';
import { Payment } from '../payments/entities/payment.entity';
import { ProgressReport } from '../progress-reports/entities/progress-report.entity';
import { ReportingPeriod } from '../reporting-periods/entities/reporting-period.entity';
import { DocumentsService } from '../documents/documents.service';
import { actionsFor, beneficiaryUserIds, GrantAccessMode, grantContext, loadGrant } from '../grant-access';
import { loadGrantFinance } from '../grant-finance';
import { GrantErrors } from '../grants.errors';
import { loadPeriod } from '../reporting-periods/reporting-periods';

interface Loaded {
  statement: CostStatement;
  grant: Grant;
  period: ReportingPeriod;
}

/** The columns a beneficiary declares; a change to any of them reopens the line's review. */
type DeclaredLine = Pick<
  CostStatementLine,
  'partner' | 'partnerName' | 'category' | 'kind' | 'description' | 'reference' | 'paymentDate' | 'person' | 'hours' | 'annualGrossCost' | 'fteNumerator' | 'fteDenominator' | 'amount'
>;

const DECLARED: (keyof DeclaredLine)[] = [
  'partner',
  'category',
  'kind',
  'description',
  'reference',
  'paymentDate',
  'person',
  'hours',
  'annualGrossCost',
  'fteNumerator',
  'fteDenominator',
  'amount',
];

const NO_REVIEW = { decision: null, accepted: null, reviewReason: null, reviewedBy: null, reviewedAt: null };

/**
 * Cost statements: declared by the beneficiary per period, frozen at submission, verified line
 * by line by finance staff, and on approval turned into the subsidy due and an interim payment.
 */
@Injectable()
export class CostStatementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly users: AuthReader,
    private readonly documents: DocumentsService,
    private readonly payments: PaymentsService,
  ) {}

  /**
   * Creates the statement of a period or replaces its lines while it is a draft or returned.
   * Lines sent with their id keep it (and their review, unless something declared changed);
   * lines of a returned statement were submitted and are kept, so they cannot be left out.
   */
  async put(grantId: string, periodNumber: number, dto: PutCostStatementDto, expected: number | undefined, actor: Actor): Promise<CostStatementDto> {
    return this.db.transaction(async (manager) => {
      const grant = await loadGrant(manager, grantId, actor, 'beneficiary');
      const { rules, proposal } = await grantContext(manager, grant);
      const period = await loadPeriod(manager, grant, rules, periodNumber);
      if (period.kind === 'FINAL') throw GrantErrors.finalHasNoStatement();
      let statement = await manager.findOne(CostStatement, { where: { periodId: period.id }, lock: { mode: 'pessimistic_write' } });
      const created = statement === null;
      if (statement) {
        if (expected !== undefined && expected !== statement.version) throw staleVersion('The cost statement', statement.version);
        if (!isEditable(statement.status)) throw GrantErrors.statementFrozen(statement.status);
      } else {
        statement = await manager.save(manager.create(CostStatement, { grantId, periodId: period.id, status: 'DRAFT', createdBy: actor.userId }));
      }
      const existing = await manager.find(CostStatementLine, { where: { statementId: statement.id }, order: { position: 'ASC' } });
      const rows = this.declaredRows(dto.lines, existing, statement.status, rules, proposal);
      const now = this.clock.now();

      const kept = new Set(dto.lines.map((l) => l.id?.toLowerCase()).filter((id): id is string => id !== undefined));
      const removed = existing.filter((l) => !kept.has(l.id));
      if (removed.length > 0) await manager.delete(CostStatementLine, removed.map((l) => l.id));
      for (const [i, input] of dto.lines.entries()) {
        const declared = rows[i];
        const current = input.id ? existing.find((l) => l.id === input.id!.toLowerCase()) : undefined;
        const answer = input.answer?.trim() || null;
        if (current) {
          const changed = DECLARED.some((k) => current[k] !== declared[k]);
          const answered = answer !== current.answer ? { answer, answeredAt: answer === null ? null : now } : {};
          await manager.update(CostStatementLine, current.id, { ...declared, position: i, ...(changed ? NO_REVIEW : {}), ...answered });
        } else {
          await manager.insert(CostStatementLine, { ...declared, statementId: statement.id, grantId, position: i, answer, answeredAt: answer === null ? null : now });
        }
      }
      await manager.query(`UPDATE cost_statements SET version = version + 1, updated_at = now() WHERE id = $1`, [statement.id]);
      const lines = await manager.find(CostStatementLine, { where: { statementId: statement.id }, order: { position: 'ASC' } });
      const totals = totalsOf(lines, rules);
      await this.audit.record(manager, actor, {
        action: created ? 'cost_statement.created' : 'cost_statement.lines_replaced',
        entityType: 'cost_statement',
        entityId: statement.id,
        before: { lines: existing.length, declared: existing.reduce((s, l) => s + l.amount, 0) },
        after: { lines: lines.length, declaredDirect: totals.declaredDirect, declaredEligible: totals.declaredEligible },
      });
      const reloaded = await manager.findOneByOrFail(CostStatement, { id: statement.id });
      return this.toDto(manager, { statement: reloaded, grant, period }, rules, actor, lines);
    });
  }

  /** Submits the statement: every rule is checked, and each reason it is refused is listed. */
  async submit(id: string, actor: Actor): Promise<CostStatementDto> {
    return this.db.transaction(async (manager) => {
      const loaded = await this.load(manager, id, actor, 'beneficiary');
      const { statement, grant, period } = loaded;
      transitionOrThrow(costStatementMachine, statement.status, 'submit', actor.roles);
      if (await this.balanceMade(manager, grant.id)) throw GrantErrors.grantSettled();
      const { rules, proposal } = await grantContext(manager, grant);
      const lines = await manager.find(CostStatementLine, { where: { statementId: id }, order: { position: 'ASC' } });
      const report = await manager.findOneBy(ProgressReport, { periodId: period.id });
      const prior = (await manager.query(
        `SELECT l.partner, l.person, extract(year FROM l.payment_date)::int AS year, l.hours, l.fte_numerator, l.fte_denominator
         FROM cost_statement_lines l JOIN cost_statements s ON s.id = l.statement_id
         WHERE l.grant_id = $1 AND l.statement_id <> $2 AND l.kind = 'STAFF' AND s.status <> 'DRAFT' AND l.decision IS DISTINCT FROM 'REJECTED'`,
        [grant.id, id],
      )) as { partner: string; person: string; year: number; hours: number; fte_numerator: number; fte_denominator: number }[];
      const now = this.clock.now();
      const today = brusselsDate(now);
      const problems = statementSubmissionProblems({
        lines: lines.map((l) => ({
          partner: l.partner,
          kind: l.kind,
          category: l.category,
          paymentDate: l.paymentDate,
          person: l.person,
          hours: l.hours,
          fte: fteOf(l),
          amount: l.amount,
        })),
        period,
        grant,
        partners: proposal.partners.map((p) => p.enterpriseNumber),
        categories: rules.costCategories,
        annualWorkingHours: rules.annualWorkingHours,
        priorStaffHours: prior.map((p) => ({ partner: p.partner, person: p.person, year: p.year, hours: p.hours, fte: { numerator: p.fte_numerator, denominator: p.fte_denominator } })),
        today,
        progressReportSubmitted: report !== null && (report.status === 'SUBMITTED' || report.status === 'ACCEPTED'),
      });
      if (problems.length > 0) throw GrantErrors.statementSubmissionRefused(problems);
      const totals = totalsOf(lines, rules);
      const before = statement.status;
      let saved = statement;
      await applyTransition(costStatementMachine, before, 'submit', actor.roles, {
        apply: async (next) => {
          statement.status = next;
          statement.submittedAt = now;
          statement.submittedBy = actor.userId;
          statement.firstSubmittedAt = statement.firstSubmittedAt ?? now;
          // A resubmitted claim is complete again only now: the payment deadline starts over (CPR art. 74).
          statement.completeClaimDate = today;
          statement.declaredEligible = totals.declaredEligible;
          saved = await manager.save(statement);
        },
        audit: (next) =>
          this.audit.record(manager, actor, {
            action: before === 'RETURNED' ? 'cost_statement.resubmitted' : 'cost_statement.submitted',
            entityType: 'cost_statement',
            entityId: id,
            before: { status: before },
            after: { status: next, submittedAt: now.toISOString(), completeClaimDate: today, declaredEligible: totals.declaredEligible, lines: lines.length },
          }),
      });
      await this.notifications.notify(manager, await this.users.activeUserIdsWithRole(manager, Role.FINANCE_OFFICER), {
        kind: 'COST_STATEMENT_SUBMITTED',
        title: `Kostenstaat periode ${period.number} van ${grant.grantNumber} ingediend`,
        body: `Te betalen binnen ${rules.paymentDeadlineDays} dagen na ${today} (uiterlijk ${paymentDueDate(today, rules.paymentDeadlineDays)}).`,
        entityType: 'cost_statement',
        entityId: id,
      });
      return this.toDto(manager, { ...loaded, statement: saved }, rules, actor, lines);
    });
  }

  /** Finance staff accept, reduce (to an amount, with a reason) or reject (with a reason) one line. */
  async reviewLine(id: string, lineId: string, dto: ReviewLineDto, actor: Actor): Promise<CostStatementDto> {
    return this.db.transaction(async (manager) => {
      const loaded = await this.loadForReview(manager, id, actor);
      const line = await this.lockLine(manager, id, lineId);
      const reason = dto.reason?.trim() || null;
      if (decisionNeedsReason(dto.decision) && reason === null) throw GrantErrors.reviewReasonRequired();
      const accepted = reviewedLineAmount({ declared: line.amount, decision: dto.decision, acceptedAmount: dto.acceptedAmount ?? null });
      const before = { decision: line.decision, accepted: line.accepted, reason: line.reviewReason };
      const review = { decision: dto.decision, accepted, reviewReason: dto.decision === 'ACCEPTED' ? null : reason, reviewedBy: actor.userId, reviewedAt: this.clock.now() };
      await manager.update(CostStatementLine, line.id, review);
      await this.audit.record(manager, actor, {
        action: 'cost_line.reviewed',
        entityType: 'cost_statement',
        entityId: id,
        before: { lineId: line.id, ...before },
        after: { lineId: line.id, decision: review.decision, accepted, reason: review.reviewReason, declared: line.amount },
      });
      const { rules } = await grantContext(manager, loaded.grant);
      return this.toDto(manager, loaded, rules, actor);
    });
  }

  /** A question on a line, for the beneficiary to answer when the statement is returned. */
  async askQuestion(id: string, lineId: string, dto: LineQuestionDto, actor: Actor): Promise<CostStatementDto> {
    return this.db.transaction(async (manager) => {
      const loaded = await this.loadForReview(manager, id, actor);
      const line = await this.lockLine(manager, id, lineId);
      const question = dto.question.trim();
      await manager.update(CostStatementLine, line.id, { question, askedBy: actor.userId, askedAt: this.clock.now() });
      await this.audit.record(manager, actor, { action: 'cost_line.question_asked', entityType: 'cost_statement', entityId: id, before: { lineId: line.id, question: line.question }, after: { lineId: line.id, question } });
      const { rules } = await grantContext(manager, loaded.grant);
      return this.toDto(manager, loaded, rules, actor);
    });
  }

  /** Returns the statement for correction: the beneficiary may change it again and resubmit. */
  async returnForCorrection(id: string, dto: ReturnStatementDto, actor: Actor): Promise<CostStatementDto> {
    return this.db.transaction(async (manager) => {
      const loaded = await this.loadForReview(manager, id, actor);
      const { statement, grant, period } = loaded;
      transitionOrThrow(costStatementMachine, statement.status, 'return', actor.roles);
      const questions = await manager.countBy(CostStatementLine, { statementId: id, question: Not(IsNull()) });
      let saved = statement;
      await applyTransition(costStatementMachine, statement.status, 'return', actor.roles, {
        apply: async (to) => {
          statement.status = to;
          statement.returnedAt = this.clock.now();
          statement.returnedBy = actor.userId;
          statement.returnReason = dto.reason.trim();
          saved = await manager.save(statement);
        },
        audit: (to) => this.audit.record(manager, actor, { action: 'cost_statement.returned', entityType: 'cost_statement', entityId: id, before: { status: 'IN_REVIEW' }, after: { status: to, reason: saved.returnReason, questions } }),
      });
      await this.notifications.notify(manager, await beneficiaryUserIds(manager, grant), {
        kind: 'COST_STATEMENT_RETURNED',
        title: `Kostenstaat periode ${period.number} van ${grant.grantNumber} teruggestuurd voor correctie`,
        body: `${saved.returnReason}${questions > 0 ? ` (${questions} vra${questions === 1 ? 'ag' : 'gen'} per lijn)` : ''}`,
        entityType: 'cost_statement',
        entityId: id,
      });
      const { rules } = await grantContext(manager, grant);
      return this.toDto(manager, { ...loaded, statement: saved }, rules, actor);
    });
  }

  /**
   * Approves a fully reviewed statement: the flat rate is recomputed on the accepted costs, the
   * subsidy due is ⌊accepted eligible × grant rate⌋, first clearing any advance, then paid as far
   * as cumulative payments stay under the ceiling; what is payable is planned as an interim
   * payment. The grant row is locked first, so two approvals on one grant run one after the
   * other and the second sees the first's payment (the payments trigger is the backstop).
   */
  async approve(id: string, actor: Actor): Promise<CostStatementDto> {
    return this.db.transaction(async (manager) => {
      const loaded = await this.load(manager, id, actor, 'staff');
      const { statement, grant, period } = loaded;
      transitionOrThrow(costStatementMachine, statement.status, 'approve', actor.roles);
      const { rules, proposal } = await grantContext(manager, grant);
      const lines = await manager.find(CostStatementLine, { where: { statementId: id }, order: { position: 'ASC' } });
      const open: FieldError[] = lines
        .map((l, i) => (l.decision === null ? { field: `lines[${i}]`, code: 'NOT_REVIEWED', message: `line ${i + 1} (${l.description}) has no decision yet` } : null))
        .filter((e): e is FieldError => e !== null);
      if (open.length > 0) throw GrantErrors.reviewIncomplete(open);
      const totals = totalsOf(lines, rules);
      const due = await subsidyOnApproval(manager, grant, rules, proposal, totals);
      const now = this.clock.now();
      let saved = statement;
      await applyTransition(costStatementMachine, statement.status, 'approve', actor.roles, {
        apply: async (to) => {
          Object.assign(statement, {
            status: to,
            approvedAt: now,
            approvedBy: actor.userId,
            declaredEligible: totals.declaredEligible,
            acceptedEligible: totals.acceptedEligible,
            subsidyGross: due.gross,
            advanceCleared: due.advanceCleared,
            capped: due.cappedAmount,
            subsidyNet: due.net,
          });
          saved = await manager.save(statement);
        },
        audit: (to) =>
          this.audit.record(manager, actor, {
            action: 'cost_statement.approved',
            entityType: 'cost_statement',
            entityId: id,
            before: { status: 'IN_REVIEW' },
            after: { status: to, declaredEligible: totals.declaredEligible, acceptedEligible: totals.acceptedEligible, acceptedIndirect: totals.acceptedIndirect, ...due },
          }),
      });
      if (due.net > 0) await this.payments.insertPlanned(manager, grant, 'INTERIM', due.net, id, paymentDueDate(statement.completeClaimDate!, rules.paymentDeadlineDays), actor);
      await this.notifications.notify(manager, await beneficiaryUserIds(manager, grant), {
        kind: 'COST_STATEMENT_APPROVED',
        title: `Kostenstaat periode ${period.number} van ${grant.grantNumber} goedgekeurd`,
        body: `Aanvaard: ${totals.acceptedEligible} cent subsidiabele kosten; te betalen: ${due.net} cent.`,
        entityType: 'cost_statement',
        entityId: id,
      });
      return this.toDto(manager, { ...loaded, statement: saved }, rules, actor, lines);
    });
  }

  async get(id: string, actor: Actor): Promise<CostStatementDto> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const loaded = await this.load(manager, id, actor, 'read');
      const { rules } = await grantContext(manager, loaded.grant);
      return this.toDto(manager, loaded, rules, actor);
    });
  }

  private async load(manager: EntityManager, id: string, actor: Actor, mode: GrantAccessMode): Promise<Loaded> {
    const found = await manager.findOneBy(CostStatement, { id });
    if (!found) throw notFound('The cost statement');
    // The grant first (visibility, then its row lock), the statement after: one lock order for every change.
    const grant = await loadGrant(manager, found.grantId, actor, mode, 'The cost statement');
    const statement = mode === 'read' ? found : await manager.findOneOrFail(CostStatement, { where: { id }, lock: { mode: 'pessimistic_write' } });
    const period = await manager.findOneByOrFail(ReportingPeriod, { id: statement.periodId });
    return { statement, grant, period };
  }

  /** Reviewing starts the review: a submitted statement moves to IN_REVIEW with the first decision or question. */
  private async loadForReview(manager: EntityManager, id: string, actor: Actor): Promise<Loaded> {
    const loaded = await this.load(manager, id, actor, 'staff');
    const { statement } = loaded;
    if (statement.status === 'SUBMITTED') {
      await applyTransition(costStatementMachine, statement.status, 'start_review', actor.roles, {
        apply: async (to) => {
          statement.status = to;
          loaded.statement = await manager.save(statement);
        },
        audit: (to) => this.audit.record(manager, actor, { action: 'cost_statement.review_started', entityType: 'cost_statement', entityId: id, before: { status: 'SUBMITTED' }, after: { status: to } }),
      });
    } else if (statement.status !== 'IN_REVIEW') {
      throw GrantErrors.notInReview(statement.status);
    }
    return loaded;
  }

  private async lockLine(manager: EntityManager, statementId: string, lineId: string): Promise<CostStatementLine> {
    const line = await manager.findOne(CostStatementLine, { where: { id: lineId, statementId }, lock: { mode: 'pessimistic_write' } });
    if (!line) throw notFound('The cost line');
    return line;
  }

  private async balanceMade(manager: EntityManager, grantId: string): Promise<boolean> {
    return manager.existsBy(Payment, { grantId, kind: 'BALANCE', status: Not('CANCELLED') });
  }

  /** What each input line declares, with staff amounts computed; shape problems listed at once. */
  private declaredRows(inputs: CostLineInput[], existing: CostStatementLine[], status: CostStatementStatus, rules: CallRules, proposal: ApprovedProposal): DeclaredLine[] {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const known = new Set(existing.map((l) => l.id));
    const rows = inputs.map((input, i): DeclaredLine => {
      const at = (field: string) => `lines[${i}].${field}`;
      if (input.id !== undefined) {
        const id = input.id.toLowerCase();
        if (!known.has(id)) errors.push({ field: at('id'), code: 'UNKNOWN_LINE', message: 'not a line of this cost statement; leave the id out for a new line' });
        if (seen.has(id)) errors.push({ field: at('id'), code: 'DUPLICATE', message: 'this line appears twice' });
        seen.add(id);
      }
      const number = normaliseEnterpriseNumber(input.partner);
      const partner = number.ok ? number.value : input.partner;
      const partnerName = proposal.partners.find((p) => p.enterpriseNumber === partner)?.name ?? partner;
      const common = { partner, partnerName, category: input.category, kind: input.kind, description: input.description.trim(), reference: input.reference.trim(), paymentDate: input.paymentDate };
      if (input.kind === 'REAL') {
        return { ...common, person: null, hours: null, annualGrossCost: null, fteNumerator: null, fteDenominator: null, amount: input.amount! };
      }
      const fte = input.fte ?? FULL_RATE;
      if (fte.numerator < 1 || fte.numerator > fte.denominator) {
        errors.push({ field: at('fte'), code: 'INVALID_FTE', message: 'the part-time fraction must be above 0 and at most 1' });
        return { ...common, person: input.person!.trim(), hours: input.hours!, annualGrossCost: input.annualGrossCost!, fteNumerator: 1, fteDenominator: 1, amount: 0 };
      }
      return {
        ...common,
        person: input.person!.trim(),
        hours: input.hours!,
        annualGrossCost: input.annualGrossCost!,
        fteNumerator: fte.numerator,
        fteDenominator: fte.denominator,
        // CPR art. 55: hours × annual gross cost ÷ (1.720 × fte), rounded down once, never declared.
        amount: staffCost(input.annualGrossCost!, input.hours!, rules.annualWorkingHours, fte),
      };
    });
    if (status === 'RETURNED') {
      existing
        .filter((l) => !seen.has(l.id))
        .forEach((l) =>
          errors.push({ field: 'lines', code: 'LINE_REMOVAL_NOT_ALLOWED', message: `line ${l.position + 1} (${l.description}) was submitted and is kept; send it with its id` }),
        );
    }
    if (errors.length > 0) throw GrantErrors.linesInvalid(errors);
    return rows;
  }

  private async toDto(manager: EntityManager, loaded: Loaded, rules: CallRules, actor: Actor, lines?: CostStatementLine[]): Promise<CostStatementDto> {
    const { statement, grant, period } = loaded;
    const all = lines ?? (await manager.find(CostStatementLine, { where: { statementId: statement.id }, order: { position: 'ASC' } }));
    const payment = await manager.findOneBy(Payment, { costStatementId: statement.id, status: Not('CANCELLED') });
    const today = brusselsDate(this.clock.now());
    const totals = totalsOf(all, rules);
    return {
      id: statement.id,
      grantId: statement.grantId,
      periodId: period.id,
      periodNumber: period.number,
      periodStart: period.startDate,
      periodEnd: period.endDate,
      status: statement.status,
      lines: all.map(toLineDto),
      totals,
      subsidyPreview:
        (statement.status === 'SUBMITTED' || statement.status === 'IN_REVIEW') && hasRole(actor, Role.FINANCE_OFFICER)
          ? previewOf(await subsidyOnApproval(manager, grant, rules, approvedProposal(grant), totals))
          : null,
      subsidy:
        statement.status === 'APPROVED'
          ? { gross: statement.subsidyGross!, advanceCleared: statement.advanceCleared!, capped: statement.capped!, net: statement.subsidyNet! }
          : null,
      submittedAt: statement.submittedAt?.toISOString() ?? null,
      paymentDeadline: statement.completeClaimDate
        ? {
            completeClaimDate: statement.completeClaimDate,
            ...paymentDeadline({ completeClaimDate: statement.completeClaimDate, deadlineDays: rules.paymentDeadlineDays, paidOn: payment?.paidOn ?? null }, today),
            paidOn: payment?.paidOn ?? null,
          }
        : null,
      returnedAt: statement.returnedAt?.toISOString() ?? null,
      returnReason: statement.returnReason,
      approvedAt: statement.approvedAt?.toISOString() ?? null,
      version: statement.version,
      documents: await this.documents.listFor(manager, { kind: 'statement', id: statement.id }),
      actions: actionsFor(grant, actor, availableActions(costStatementMachine, statement.status, actor.roles)),
    };
  }
}

/**
 * The subsidy that approving the statement with these totals gives: the approval itself and the
 * reviewer's running figures use this one computation, so what the screen shows is what is planned.
 * Read inside the transaction that locked the grant when it feeds a payment.
 */
async function subsidyOnApproval(manager: EntityManager, grant: Grant, rules: CallRules, proposal: ApprovedProposal, totals: StatementTotals): Promise<SubsidyDue> {
  const finance = (await loadGrantFinance(manager, [grant], new Map([[grant.callId, rules]]))).get(grant.id)!;
  return subsidyDue({
    acceptedEligible: totals.acceptedEligible,
    rate: grantRate(grant.amount, proposal.eligibleCosts),
    grantAmount: grant.amount,
    retentionRate: rules.retentionRate,
    paidOrPlannedToDate: finance.paidOrPlanned,
    advanceOutstanding: finance.ledger.advanceOutstanding,
    finalApproved: finance.finalReportApproved,
  });
}

function previewOf(due: SubsidyDue): SubsidyDueDto {
  return { gross: due.gross, advanceCleared: due.advanceCleared, capped: due.cappedAmount, net: due.net };
}

function fteOf(line: Pick<CostStatementLine, 'fteNumerator' | 'fteDenominator'>): Rate | null {
  return line.fteNumerator !== null && line.fteDenominator !== null ? { numerator: line.fteNumerator, denominator: line.fteDenominator } : null;
}

/**
 * Accepted amounts count reviewed lines only; the flat rate follows from the call, per partner.
 * A draft line in a category the call does not have (or of the other kind) is in no total, as in
 * the budget: submission refuses it anyway, so an approved statement counts every line.
 */
function totalsOf(lines: CostStatementLine[], rules: CallRules): StatementTotals {
  const counted = lines.filter((l) => rules.costCategories.some((c) => c.code === l.category && c.kind === l.kind));
  return statementTotals(
    counted.map((l) => ({
      partner: l.partner,
      category: l.category,
      kind: l.kind,
      declared: l.amount,
      accepted: reviewedLineAmount({ declared: l.amount, decision: l.decision, acceptedAmount: l.accepted }),
    })),
    rules.indirectCosts,
  );
}

function toLineDto(l: CostStatementLine): CostLineDto {
  return {
    id: l.id,
    position: l.position,
    partner: l.partner,
    partnerName: l.partnerName,
    kind: l.kind,
    category: l.category,
    description: l.description,
    reference: l.reference,
    paymentDate: l.paymentDate,
    person: l.person,
    hours: l.hours,
    annualGrossCost: l.annualGrossCost,
    fte: fteOf(l),
    amount: l.amount,
    review: l.decision ? { decision: l.decision, acceptedAmount: l.accepted ?? 0, reason: l.reviewReason, reviewedAt: l.reviewedAt!.toISOString() } : null,
    question: l.question ? { question: l.question, askedAt: l.askedAt!.toISOString(), answer: l.answer } : null,
  };
}
