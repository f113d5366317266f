import { Injectable, Logger } from '@nestjs/common';
import { AuthReader } from '../auth/auth-reader';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CallsReader } from '../calls/calls-reader';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app.config';
import { systemActor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { formatDateShort } from '../core/format/nl-be';
import { NotificationsService } from '../core/notifications/notifications.service';
import { withAdvisoryLock } from '../core/scheduling/advisory-lock';
import { brusselsDate } from '../core/time/brussels';
import { addDays } from '../core/time/calendar-date';
import { GrantStatus } from './entities/grant.entity';
import { ensureReportingPeriods } from './reporting-periods/reporting-periods';

export interface GrantsDailyResult {
  /** False when another instance held the lock: it did the work. */
  ran: boolean;
  calendarsWritten: number;
  markedOverdue: number;
  reportReminders: number;
  paymentReminders: number;
}

interface PeriodRow {
  id: string;
  grant_id: string;
  grant_number: string;
  beneficiary_organisation_id: string;
  number: number;
  kind: 'PERIOD' | 'FINAL';
  due_date: string;
}

const LOCK = 'efro:grants-daily';

/**
 * The daily job of the grants: writes missing reporting calendars, marks the reports of a
 * period overdue the day after its due date, reminds the beneficiary a configurable number of
 * days before each due date, and reminds finance staff before a payment deadline. Every effect
 * is keyed on a natural key (period, statement, payment) and the run holds an advisory lock, so
 * running it twice, or on two instances at once, changes nothing more than running it once.
 */
@Injectable()
export class GrantsDailyJob {
  private readonly logger = new Logger('GrantsDailyJob');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly users: AuthReader,
    private readonly callRecords: CallsReader,
    private readonly config: AppConfig,
  ) {}

  async run(): Promise<GrantsDailyResult> {
    const now = this.clock.now();
    const today = brusselsDate(now);
    const outcome = await withAdvisoryLock(this.db, LOCK, async (manager) => ({
      calendarsWritten: await this.writeCalendars(manager),
      markedOverdue: await this.markOverdue(manager, today, now),
      reportReminders: await this.remindReports(manager, today),
      paymentReminders: await this.remindPayments(manager, today),
    }));
    const result: GrantsDailyResult = outcome.ran
      ? { ran: true, ...outcome.result }
      : { ran: false, calendarsWritten: 0, markedOverdue: 0, reportReminders: 0, paymentReminders: 0 };
    this.logger.log(
      `grants daily ${today}: ${result.ran ? '' : 'skipped (another instance runs it), '}${result.calendarsWritten} calendar rows, ` +
        `${result.markedOverdue} periods overdue, ${result.reportReminders} report reminders, ${result.paymentReminders} payment reminders`,
    );
    return result;
  }

  private async writeCalendars(manager: EntityManager): Promise<number> {
    const grants = (await manager.query(
      `SELECT g.id, g.start_date::text AS start_date, g.call_id FROM grants g
       WHERE g.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM reporting_periods p WHERE p.grant_id = g.id)`,
    )) as { id: string; start_date: string; call_id: string }[];
    let written = 0;
    for (const g of grants) {
      const call = await this.callRecords.get(manager, g.call_id);
      written += await ensureReportingPeriods(manager, { id: g.id, startDate: g.start_date }, call.rules);
    }
    return written;
  }

  /**
   * A period is late when its due date has passed and a report was never handed in: its progress
   * report, and for a reporting period its cost statement too. A returned report was handed in.
   */
  private async markOverdue(manager: EntityManager, today: string, now: Date): Promise<number> {
    const late = (await manager.query(
      `UPDATE reporting_periods p SET overdue_marked_at = $2
       FROM grants g
       WHERE g.id = p.grant_id AND g.status = $3 AND p.overdue_marked_at IS NULL AND p.due_date < $1::date AND ${NOT_HANDED_IN}
       RETURNING p.id, p.grant_id, g.grant_number, g.beneficiary_organisation_id, p.number, p.kind, p.due_date::text AS due_date`,
      [today, now, GrantStatus.ACTIVE],
    )) as [PeriodRow[], number];
    const actor = systemActor('grants-daily');
    const managers = await this.users.activeUserIdsWithRole(manager, Role.PROGRAMME_MANAGER);
    for (const p of late[0]) {
      await this.audit.record(manager, actor, { action: 'reporting_period.overdue', entityType: 'grant', entityId: p.grant_id, after: { periodId: p.id, number: p.number, dueDate: p.due_date } });
      const what = reportName(p);
      await this.notifications.notify(manager, [...(await this.members(manager, p.beneficiary_organisation_id)), ...managers], {
        kind: 'REPORT_OVERDUE',
        title: `${what} van ${p.grant_number} is te laat`,
        body: `De indiening was verwacht uiterlijk ${formatDateShort(p.due_date)}.`,
        entityType: 'grant',
        entityId: p.grant_id,
        dedupeKey: `report-overdue:${p.id}`,
      });
    }
    return late[0].length;
  }

  private async remindReports(manager: EntityManager, today: string): Promise<number> {
    const horizon = addDays(today, this.config.REMINDER_DAYS_BEFORE_DUE);
    const soon = (await manager.query(
      `SELECT p.id, p.grant_id, g.grant_number, g.beneficiary_organisation_id, p.number, p.kind, p.due_date::text AS due_date
       FROM reporting_periods p JOIN grants g ON g.id = p.grant_id
       WHERE g.status = $3 AND p.due_date >= $1::date AND p.due_date <= $2::date AND ${NOT_HANDED_IN}
       ORDER BY p.due_date, p.id`,
      [today, horizon, GrantStatus.ACTIVE],
    )) as PeriodRow[];
    let created = 0;
    for (const p of soon) {
      created += await this.notifications.notify(manager, await this.members(manager, p.beneficiary_organisation_id), {
        kind: 'REPORT_DUE_SOON',
        title: `${reportName(p)} van ${p.grant_number} in te dienen uiterlijk ${formatDateShort(p.due_date)}`,
        entityType: 'grant',
        entityId: p.grant_id,
        dedupeKey: `report-due:${p.id}`,
      });
    }
    return created;
  }

  /**
   * Finance staff hear of a payment deadline (the complete claim + the call's days) a
   * configurable number of days ahead: while the statement is still being reviewed, and for a
   * planned payment not yet paid. A resubmitted claim has a new deadline, hence a new key.
   */
  private async remindPayments(manager: EntityManager, today: string): Promise<number> {
    const horizon = addDays(today, this.config.REMINDER_DAYS_BEFORE_DUE);
    const pending = (await manager.query(
      `SELECT s.id, s.complete_claim_date::text AS claim_date, g.grant_number, p.number,
              (s.complete_claim_date + (c.rules ->> 'paymentDeadlineDays')::int)::text AS due_date
       FROM cost_statements s JOIN grants g ON g.id = s.grant_id JOIN calls c ON c.id = g.call_id
       JOIN reporting_periods p ON p.id = s.period_id
       WHERE g.status = $2 AND s.status IN ('SUBMITTED', 'IN_REVIEW')
         AND s.complete_claim_date + (c.rules ->> 'paymentDeadlineDays')::int <= $1::date
       ORDER BY s.complete_claim_date, s.id`,
      [horizon, GrantStatus.ACTIVE],
    )) as { id: string; claim_date: string; grant_number: string; number: number; due_date: string }[];
    const planned = (await manager.query(
      `SELECT pm.id, pm.kind, pm.amount_cents::text AS amount, pm.due_date::text AS due_date, g.grant_number
       FROM payments pm JOIN grants g ON g.id = pm.grant_id
       WHERE pm.status = 'PLANNED' AND pm.due_date IS NOT NULL AND pm.due_date <= $1::date
       ORDER BY pm.due_date, pm.id`,
      [horizon],
    )) as { id: string; kind: string; amount: string; due_date: string; grant_number: string }[];
    if (pending.length === 0 && planned.length === 0) return 0;
    const finance = await this.users.activeUserIdsWithRole(manager, Role.FINANCE_OFFICER);
    let created = 0;
    for (const s of pending) {
      created += await this.notifications.notify(manager, finance, {
        kind: 'PAYMENT_DEADLINE_NEAR',
        title: `Kostenstaat periode ${s.number} van ${s.grant_number}: betalen uiterlijk ${formatDateShort(s.due_date)}`,
        body: `Volledige aanvraag op ${formatDateShort(s.claim_date)}; de beoordeling loopt nog.`,
        entityType: 'cost_statement',
        entityId: s.id,
        dedupeKey: `payment-deadline:${s.id}:${s.claim_date}`,
      });
    }
    for (const p of planned) {
      created += await this.notifications.notify(manager, finance, {
        kind: 'PAYMENT_DUE',
        title: `Geplande betaling aan ${p.grant_number} uiterlijk ${formatDateShort(p.due_date)}`,
        body: `${p.kind}: ${p.amount} cent, nog niet betaald.`,
        entityType: 'payment',
        entityId: p.id,
        dedupeKey: `payment-due:${p.id}`,
      });
    }
    return created;
  }

  private async members(manager: EntityManager, organisationId: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT id FROM users WHERE organisation_id = $1 AND active`, [organisationId])) as { id: string }[];
    return rows.map((r) => r.id);
  }
}

/** SQL: the reports of period `p` were never handed in (see markOverdue). */
const NOT_HANDED_IN = `(
  NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.period_id = p.id AND r.submitted_at IS NOT NULL)
  OR (p.kind = 'PERIOD' AND NOT EXISTS (SELECT 1 FROM cost_statements s WHERE s.period_id = p.id AND s.first_submitted_at IS NOT NULL)))`;

function reportName(p: Pick<PeriodRow, 'kind' | 'number'>): string {
  return p.kind === 'FINAL' ? 'Het eindverslag' : `Het rapport over periode ${p.number}`;
}

