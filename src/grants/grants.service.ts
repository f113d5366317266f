import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthReader } from '../auth/auth-reader';
import type { Organisation } from '../auth/entities/organisation.entity';
import { CallsReader } from '../calls/calls-reader';
import type { Call } from '../calls/entities/call.entity';
import { grantEndDate } from './reporting-periods/domain/reporting-calendar.rule';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { Actor } from '../core/domain/actor';
import { applyTransition, transitionOrThrow } from '../core/domain/state-machine';
import { FieldError } from '../core/errors/domain.error';
import { formatPercent } from '../core/format/nl-be';
import { Page, page } from '../core/http/pagination';
import { brusselsDate } from '../core/time/brussels';
import { approvedProposal } from './approved-snapshot';
import { grantRate } from './cost-statements/domain/claim.rule';
import { CostStatementStatus } from './cost-statements/domain/cost-statement.machine';
import { grantStatusMachine } from './domain/grant-status.machine';
import { periodStatus } from './reporting-periods/domain/period-status.rule';
import { ProgressReportStatus } from './progress-reports/domain/progress-report.machine';
import { GrantDto, ListGrantsQuery } from './dto/grant.dto';
import { PeriodDto } from './reporting-periods/dto/period.dto';
import { CostStatement } from './cost-statements/entities/cost-statement.entity';
import { Grant, GrantStatus } from './entities/grant.entity';
import { ProgressReport } from './progress-reports/entities/progress-report.entity';
import { ReportingPeriod } from './reporting-periods/entities/reporting-period.entity';
import { loadGrant, restrictToVisibleGrants } from './grant-access';
import { GrantFinance, loadGrantFinance } from './grant-finance';
import { GrantErrors } from './grants.errors';
import { ensureReportingPeriods } from './reporting-periods/reporting-periods';

/** What an award decision hands the grants feature to create a grant. */
export interface GrantAward {
  call: Pick<Call, 'id' | 'code' | 'rules'>;
  applicationId: string;
  beneficiaryOrganisationId: string;
  awardProposalId: string;
  amount: number;
  fundingSplit: Grant['fundingSplit'];
  startDate: string;
  snapshot: Grant['snapshot'];
  snapshotSha256: string;
  decidedAt: Date;
}

/** The fields the audit trail keeps of a new grant. */
function grantSummary(g: Grant) {
  return { id: g.id, grantNumber: g.grantNumber, applicationId: g.applicationId, amount: g.amount, fundingSplit: g.fundingSplit, startDate: g.startDate, endDate: g.endDate, status: g.status };
}

/** The final report is judged on its progress report; its status stands in for a statement's. */
const FINAL_AS_STATEMENT: Record<ProgressReportStatus, CostStatementStatus | null> = {
  DRAFT: null,
  SUBMITTED: 'SUBMITTED',
  RETURNED: 'RETURNED',
  ACCEPTED: 'APPROVED',
  // Reopened for its text: back with the beneficiary, as a returned report is.
  REOPENED: 'RETURNED',
};

@Injectable()
export class GrantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly callRecords: CallsReader,
    private readonly auth: AuthReader,
  ) {}

  async list(query: ListGrantsQuery, actor: Actor): Promise<Page<GrantDto>> {
    const qb = restrictToVisibleGrants(this.db.getRepository(Grant).createQueryBuilder('g'), actor)
      .orderBy('g.grant_number', 'ASC')
      .skip(query.offset)
      .take(query.pageSize);
    if (query.callId) qb.andWhere('g.call_id = :callId', { callId: query.callId });
    if (query.status) qb.andWhere('g.status = :status', { status: query.status });
    const [grants, total] = await qb.getManyAndCount();
    return page(await this.toDtos(this.db.manager, grants), total, query);
  }

  async get(id: string, actor: Actor): Promise<GrantDto> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const grant = await loadGrant(manager, id, actor, 'read');
      return (await this.toDtos(manager, [grant]))[0];
    });
  }

  /** The reporting calendar with each period's status today (Brussels) and its reports. */
  async periods(id: string, actor: Actor): Promise<PeriodDto[]> {
    const grant = await loadGrant(this.db.manager, id, actor, 'read');
    if ((await this.db.manager.countBy(ReportingPeriod, { grantId: id })) === 0) {
      const call = await this.callRecords.get(this.db.manager, grant.callId);
      await this.db.transaction((manager) => ensureReportingPeriods(manager, grant, call.rules));
    }
    const [periods, reports, statements] = await Promise.all([
      this.db.manager.find(ReportingPeriod, { where: { grantId: id }, order: { number: 'ASC' } }),
      this.db.manager.findBy(ProgressReport, { grantId: id }),
      this.db.manager.findBy(CostStatement, { grantId: id }),
    ]);
    const today = brusselsDate(this.clock.now());
    return periods.map((p): PeriodDto => {
      const report = reports.find((r) => r.periodId === p.id) ?? null;
      const statement = statements.find((s) => s.periodId === p.id) ?? null;
      const standIn = p.kind === 'FINAL' ? (report ? FINAL_AS_STATEMENT[report.status] : null) : (statement?.status ?? null);
      return {
        id: p.id,
        number: p.number,
        kind: p.kind,
        startDate: p.startDate,
        endDate: p.endDate,
        dueDate: p.dueDate,
        status: periodStatus(p, standIn, today),
        overdueSince: p.overdueMarkedAt?.toISOString() ?? null,
        progressReport: report ? { id: report.id, status: report.status } : null,
        costStatement: statement
          ? { id: statement.id, status: statement.status, acceptedEligible: statement.acceptedEligible, subsidyNet: statement.subsidyNet }
          : null,
      };
    });
  }

  /**
   * Closes a grant once everything is settled: the final report accepted, no statement waiting,
   * no payment still planned and no recovery order still open.
   */
  async close(id: string, actor: Actor): Promise<GrantDto> {
    return this.db.transaction(async (manager) => {
      const grant = await loadGrant(manager, id, actor, 'staff');
      const to = transitionOrThrow(grantStatusMachine, grant.status, 'complete', actor.roles);
      const call = await this.callRecords.get(manager, grant.callId);
      const finance = (await loadGrantFinance(manager, [grant], new Map([[call.id, call.rules]]))).get(id)!;
      const problems: FieldError[] = [];
      if (!finance.finalReportApproved) problems.push({ field: 'finalReport', code: 'FINAL_REPORT_NOT_ACCEPTED', message: 'the final report is not accepted yet' });
      for (const s of finance.statements.filter((st) => ['SUBMITTED', 'IN_REVIEW', 'RETURNED'].includes(st.status))) {
        problems.push({ field: `costStatements.${s.id}`, code: 'STATEMENT_PENDING', message: `a cost statement is still ${s.status.toLowerCase().replace('_', ' ')}` });
      }
      for (const p of finance.payments.filter((pm) => pm.status === 'PLANNED')) {
        problems.push({ field: `payments.${p.id}`, code: 'PAYMENT_PLANNED', message: `a ${p.kind.toLowerCase()} payment of ${p.amount} cents is still planned` });
      }
      // A closed grant takes no more changes, so an amount still to be paid back would stay open for good.
      for (const r of finance.recoveries.filter((rc) => rc.status === 'OPEN')) {
        problems.push({ field: `recoveries.${r.id}`, code: 'RECOVERY_OPEN', message: `a recovery order of ${r.amount} cents is not paid back yet` });
      }
      if (problems.length > 0) throw GrantErrors.grantNotComplete(problems);
      await applyTransition(grantStatusMachine, grant.status, 'complete', actor.roles, {
        apply: (next) => manager.update(Grant, id, { status: next }),
        audit: (next) => this.audit.record(manager, actor, { action: 'grant.closed', entityType: 'grant', entityId: id, before: { status: grant.status }, after: { status: next, ledger: finance.ledger } }),
      });
      return (await this.toDtos(manager, [{ ...grant, status: to }]))[0];
    });
  }

  /**
   * The grant of an awarded proposal, in the decision's transaction: numbered within its call,
   * with its reporting calendar and audit entry. The decision says what is awarded; the grants
   * feature alone writes grants and their periods.
   */
  async createFromAward(manager: EntityManager, award: GrantAward, actor: Actor): Promise<Grant> {
    const sequence = (await manager.countBy(Grant, { callId: award.call.id })) + 1;
    const grant = await manager.save(
      manager.create(Grant, {
        grantNumber: `${award.call.code}-G${String(sequence).padStart(3, '0')}`,
        callId: award.call.id,
        applicationId: award.applicationId,
        beneficiaryOrganisationId: award.beneficiaryOrganisationId,
        awardProposalId: award.awardProposalId,
        amount: award.amount,
        fundingSplit: award.fundingSplit,
        startDate: award.startDate,
        endDate: grantEndDate(award.startDate, award.call.rules.durationMonths),
        status: GrantStatus.ACTIVE,
        snapshot: award.snapshot,
        snapshotSha256: award.snapshotSha256,
        decidedAt: award.decidedAt,
        withdrawnAt: null,
        withdrawalReason: null,
      }),
    );
    await ensureReportingPeriods(manager, grant, award.call.rules);
    await this.audit.record(manager, actor, { action: 'grant.created', entityType: 'grant', entityId: grant.id, after: grantSummary(grant) });
    return grant;
  }

  /** Withdraws an active grant (the caller checked that nothing was paid); returns it withdrawn. */
  async withdraw(manager: EntityManager, grant: Grant, reason: string, actor: Actor): Promise<Grant> {
    const now = this.clock.now();
    const status = await applyTransition(grantStatusMachine, grant.status, 'withdraw', actor.roles, {
      apply: (to) => manager.update(Grant, grant.id, { status: to, withdrawnAt: now, withdrawalReason: reason.trim() }),
      audit: (to) => this.audit.record(manager, actor, { action: 'grant.withdrawn', entityType: 'grant', entityId: grant.id, before: { status: grant.status }, after: { status: to, reason } }),
    });
    return { ...grant, status };
  }

  async toDtos(manager: EntityManager, grants: Grant[]): Promise<GrantDto[]> {
    if (grants.length === 0) return [];
    const calls = await this.callRecords.findMany(manager, [...new Set(grants.map((g) => g.callId))]);
    const organisations = await this.auth.organisations(manager, [...new Set(grants.map((g) => g.beneficiaryOrganisationId))]);
    const callById = new Map(calls.map((c) => [c.id, c]));
    const finance = await loadGrantFinance(manager, grants, new Map(calls.map((c) => [c.id, c.rules])));
    return grants.map((g) => toGrantDto(g, callById.get(g.callId)!, organisations.find((o) => o.id === g.beneficiaryOrganisationId)!, finance.get(g.id)!));
  }
}

function toGrantDto(grant: Grant, call: Call, beneficiary: Organisation, finance: GrantFinance): GrantDto {
  const proposal = approvedProposal(grant);
  const rate = grantRate(grant.amount, proposal.eligibleCosts);
  return {
    id: grant.id,
    grantNumber: grant.grantNumber,
    callId: grant.callId,
    callCode: call.code,
    applicationId: grant.applicationId,
    title: proposal.title,
    acronym: proposal.acronym,
    province: proposal.province,
    beneficiary: { organisationId: beneficiary.id, name: beneficiary.name, enterpriseNumber: beneficiary.enterpriseNumber },
    consortium: proposal.partners,
    amount: grant.amount,
    fundingSplit: grant.fundingSplit,
    rate,
    ratePercent: formatPercent(rate.numerator, rate.denominator),
    advanceRate: call.rules.advanceRate,
    retentionRate: call.rules.retentionRate,
    startDate: grant.startDate,
    endDate: grant.endDate,
    status: grant.status,
    decidedAt: grant.decidedAt.toISOString(),
    ledger: finance.ledger,
    recordsRetainedUntil: finance.recordsRetainedUntil,
  };
}
