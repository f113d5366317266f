import { Injectable } from '@nestjs/common';
import { AuthReader } from '../../auth/auth-reader';
import { isEditable } from '../domain/editable.rule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../core/domain/roles';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { Actor } from '../../core/domain/actor';
import { applyTransition, availableActions, transitionOrThrow } from '../../core/domain/state-machine';
import { notFound } from '../../core/errors/domain.error';
import { staleVersion } from '../../core/http/etag';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { brusselsDate } from '../../core/time/brussels';
import { indicatorValueProblems, progressReportSubmissionProblems, reportingIndicators } from './domain/progress-report.rule';
import { progressReportMachine } from './domain/progress-report.machine';
import { ProgressReportDto, PutProgressReportDto, ReopenReportDto, ReportDecisionDto } from './dto/progress-report.dto';
import { Grant } from '../entities/grant.entity';
import { ProgressReport } from './entities/progress-report.entity';
import { ReportingPeriod } from '../reporting-periods/entities/reporting-period.entity';
import { DocumentsService } from '../documents/documents.service';
import { actionsFor, beneficiaryUserIds, grantContext, loadGrant } from '../grant-access';
import { GrantErrors } from '../grants.errors';
import { loadPeriod } from '../reporting-periods/reporting-periods';

/** Progress reports: filed by the beneficiary, judged on content by the programme manager. */
@Injectable()
export class ProgressReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly users: AuthReader,
    private readonly documents: DocumentsService,
  ) {}

  /** Creates or replaces the draft (or returned) report of a period. */
  async put(grantId: string, periodNumber: number, dto: PutProgressReportDto, expected: number | undefined, actor: Actor): Promise<ProgressReportDto> {
    return this.db.transaction(async (manager) => {
      const grant = await loadGrant(manager, grantId, actor, 'beneficiary');
      const { rules } = await grantContext(manager, grant);
      const period = await loadPeriod(manager, grant, rules, periodNumber);
      const problems = indicatorValueProblems(dto.indicators, reportingIndicators(rules));
      if (problems.length > 0) throw GrantErrors.indicatorsInvalid(problems);
      let report = await manager.findOne(ProgressReport, { where: { periodId: period.id }, lock: { mode: 'pessimistic_write' } });
      const before = report ? { status: report.status, narrative: report.narrative, indicators: report.indicators } : undefined;
      if (report) {
        if (expected !== undefined && expected !== report.version) throw staleVersion('The progress report', report.version);
        if (!isEditable(report.status)) throw GrantErrors.reportNotEditable(report.status);
        report.narrative = dto.narrative;
        report.indicators = dto.indicators;
        report = await manager.save(report);
      } else {
        report = await manager.save(
          manager.create(ProgressReport, { grantId, periodId: period.id, status: 'DRAFT', narrative: dto.narrative, indicators: dto.indicators, createdBy: actor.userId }),
        );
      }
      await this.audit.record(manager, actor, {
        // A reopened report's changes carry their own action, so the trail shows what changed after the reopening.
        action: before ? (report.status === 'REOPENED' ? 'progress_report.text_changed' : 'progress_report.updated') : 'progress_report.created',
        entityType: 'progress_report',
        entityId: report.id,
        before,
        after: { status: report.status, narrative: report.narrative, indicators: report.indicators },
      });
      return this.toDto(manager, grant, report, period, rules.indicators, actor);
    });
  }

  async submit(id: string, actor: Actor): Promise<ProgressReportDto> {
    return this.db.transaction(async (manager) => {
      const { report, grant, period } = await this.load(manager, id, actor, 'beneficiary');
      // Checked first, so a report or payment in the wrong state answers 409 before any other rule.
      transitionOrThrow(progressReportMachine, report.status, 'submit', actor.roles);
      const { rules } = await grantContext(manager, grant);
      const problems = progressReportSubmissionProblems(report, reportingIndicators(rules), { today: brusselsDate(this.clock.now()), periodEnd: period.endDate });
      if (problems.length > 0) throw GrantErrors.reportSubmissionRefused(problems);
      const before = report.status;
      let saved = report;
      await applyTransition(progressReportMachine, before, 'submit', actor.roles, {
        apply: async (next) => {
          report.status = next;
          report.submittedAt = this.clock.now();
          report.submittedBy = actor.userId;
          saved = await manager.save(report);
        },
        audit: (next) =>
          this.audit.record(manager, actor, {
            action: before === 'REOPENED' ? 'progress_report.resubmitted_text' : 'progress_report.submitted',
            entityType: 'progress_report',
            entityId: id,
            before: { status: before },
            after: { status: next, submittedAt: saved.submittedAt!.toISOString() },
          }),
      });
      await this.notifications.notify(manager, await this.users.activeUserIdsWithRole(manager, Role.PROGRAMME_MANAGER), {
        kind: period.kind === 'FINAL' ? 'FINAL_REPORT_SUBMITTED' : 'PROGRESS_REPORT_SUBMITTED',
        title: `${period.kind === 'FINAL' ? 'Eindverslag' : `Voortgangsrapport periode ${period.number}`} ingediend voor ${grant.grantNumber}`,
        entityType: 'progress_report',
        entityId: id,
      });
      return this.toDto(manager, grant, saved, period, rules.indicators, actor);
    });
  }

  /** The programme manager accepts or returns a submitted report, with a comment. */
  async decide(id: string, action: 'accept' | 'return', dto: ReportDecisionDto, actor: Actor): Promise<ProgressReportDto> {
    return this.db.transaction(async (manager) => {
      const { report, grant, period } = await this.load(manager, id, actor, 'staff');
      const before = report.status;
      let saved = report;
      await applyTransition(progressReportMachine, before, action, actor.roles, {
        apply: async (to) => {
          report.status = to;
          report.decidedAt = this.clock.now();
          report.decidedBy = actor.userId;
          report.decisionComment = dto.comment.trim();
          saved = await manager.save(report);
        },
        audit: (to) =>
          this.audit.record(manager, actor, {
            action: `progress_report.${action === 'accept' ? 'accepted' : 'returned'}`,
            entityType: 'progress_report',
            entityId: id,
            before: { status: before },
            after: { status: to, comment: saved.decisionComment },
          }),
      });
      const what = period.kind === 'FINAL' ? 'Eindverslag' : `Voortgangsrapport periode ${period.number}`;
      await this.notifications.notify(manager, await beneficiaryUserIds(manager, grant), {
        kind: action === 'accept' ? 'PROGRESS_REPORT_ACCEPTED' : 'PROGRESS_REPORT_RETURNED',
        title: `${what} van ${grant.grantNumber} ${action === 'accept' ? 'aanvaard' : 'teruggestuurd'}`,
        body: saved.decisionComment ?? '',
        entityType: 'progress_report',
        entityId: id,
      });
      const { rules } = await grantContext(manager, grant);
      return this.toDto(manager, grant, saved, period, rules.indicators, actor);
    });
  }

  /**
   * The programme manager reopens a submitted report for its text (narrative, indicators,
   * supporting documents), as in Jems. Only the report moves: the period's cost statement keeps
   * its status, so it stays frozen (the statement's own rules and triggers hold its figures).
   */
  async reopen(id: string, dto: ReopenReportDto, actor: Actor): Promise<ProgressReportDto> {
    return this.db.transaction(async (manager) => {
      const { report, grant, period } = await this.load(manager, id, actor, 'staff');
      const before = report.status;
      const reason = dto.reason.trim();
      let saved = report;
      await applyTransition(progressReportMachine, before, 'reopen', actor.roles, {
        apply: async (to) => {
          report.status = to;
          report.reopenedAt = this.clock.now();
          report.reopenedBy = actor.userId;
          report.reopenReason = reason;
          saved = await manager.save(report);
        },
        audit: (to) =>
          this.audit.record(manager, actor, {
            action: 'progress_report.reopened',
            entityType: 'progress_report',
            entityId: id,
            before: { status: before, narrative: report.narrative, indicators: report.indicators },
            after: { status: to, reason, scope: 'text' },
          }),
      });
      const what = period.kind === 'FINAL' ? 'Eindverslag' : `Voortgangsrapport periode ${period.number}`;
      await this.notifications.notify(manager, await beneficiaryUserIds(manager, grant), {
        kind: 'PROGRESS_REPORT_REOPENED',
        title: `${what} van ${grant.grantNumber} heropend voor tekst`,
        body: `${reason}\nDe cijfers van de kostenstaat blijven ongewijzigd.`,
        entityType: 'progress_report',
        entityId: id,
      });
      const { rules } = await grantContext(manager, grant);
      return this.toDto(manager, grant, saved, period, rules.indicators, actor);
    });
  }

  async get(id: string, actor: Actor): Promise<ProgressReportDto> {
    const { report, grant, period } = await this.load(this.db.manager, id, actor, 'read');
    const { rules } = await grantContext(this.db.manager, grant);
    return this.toDto(this.db.manager, grant, report, period, rules.indicators, actor);
  }

  private async load(manager: EntityManager, id: string, actor: Actor, mode: 'read' | 'beneficiary' | 'staff'): Promise<{ report: ProgressReport; grant: Grant; period: ReportingPeriod }> {
    const found = await manager.findOneBy(ProgressReport, { id });
    if (!found) throw notFound('The progress report');
    // The grant first (visibility, then its row lock), the report after: one lock order for every change.
    const grant = await loadGrant(manager, found.grantId, actor, mode, 'The progress report');
    const report = mode === 'read' ? found : await manager.findOneOrFail(ProgressReport, { where: { id }, lock: { mode: 'pessimistic_write' } });
    const period = await manager.findOneByOrFail(ReportingPeriod, { id: report.periodId });
    return { report, grant, period };
  }

  private async toDto(
    manager: EntityManager,
    grant: Grant,
    report: ProgressReport,
    period: ReportingPeriod,
    callIndicators: Parameters<typeof reportingIndicators>[0]['indicators'],
    actor: Actor,
  ): Promise<ProgressReportDto> {
    return {
      id: report.id,
      grantId: report.grantId,
      periodId: period.id,
      periodNumber: period.number,
      isFinal: period.kind === 'FINAL',
      status: report.status,
      narrative: report.narrative,
      indicators: reportingIndicators({ indicators: callIndicators }).map((d) => ({
        code: d.code,
        label: d.label,
        value: Object.hasOwn(report.indicators, d.code) ? report.indicators[d.code] : null,
      })),
      submittedAt: report.submittedAt?.toISOString() ?? null,
      decidedAt: report.decidedAt?.toISOString() ?? null,
      decisionComment: report.decisionComment,
      reopenedAt: report.reopenedAt?.toISOString() ?? null,
      reopenReason: report.reopenReason,
      reopenedForText: report.status === 'REOPENED',
      version: report.version,
      documents: await this.documents.listFor(manager, { kind: 'report', id: report.id }),
      actions: actionsFor(grant, actor, availableActions(progressReportMachine, report.status, actor.roles)),
    };
  }
}
