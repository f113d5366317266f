import { EntityManager } from 'typeorm';
import type { CallRules } from '../../calls/domain/call-rules';
import { notFound } from '../../core/errors/domain.error';
import { reportingPeriods } from './domain/reporting-calendar.rule';
import type { Grant } from '../entities/grant.entity';
import { ReportingPeriod } from './entities/reporting-period.entity';

/**
 * Writes a grant's reporting calendar (the call's period length and due days, from the grant's
 * start date). Idempotent: the award decision calls it when the grant is created, and the daily
 * job and the first read call it again for grants that predate it; existing rows stay as they are.
 * Returns the number of rows written.
 */
export async function ensureReportingPeriods(
  manager: EntityManager,
  grant: Pick<Grant, 'id' | 'startDate'>,
  rules: Pick<CallRules, 'durationMonths' | 'reportingPeriodMonths' | 'reportingDueDays'>,
): Promise<number> {
  const entries = reportingPeriods({
    startDate: grant.startDate,
    durationMonths: rules.durationMonths,
    periodMonths: rules.reportingPeriodMonths,
    dueDays: rules.reportingDueDays,
  });
  const rows = (await manager.query(
    `INSERT INTO reporting_periods (grant_id, number, kind, start_date, end_date, due_date)
     SELECT $1::uuid, * FROM unnest($2::int[], $3::text[], $4::date[], $5::date[], $6::date[])
     ON CONFLICT (grant_id, number) DO NOTHING RETURNING id`,
    [
      grant.id,
      entries.map((e) => e.number),
      entries.map((e) => e.kind),
      entries.map((e) => e.startDate),
      entries.map((e) => e.endDate),
      entries.map((e) => e.dueDate),
    ],
  )) as { id: string }[];
  return rows.length;
}

/** The period with this number; the calendar is written first when the grant predates it. */
export async function loadPeriod(
  manager: EntityManager,
  grant: Pick<Grant, 'id' | 'startDate'>,
  rules: Pick<CallRules, 'durationMonths' | 'reportingPeriodMonths' | 'reportingDueDays'>,
  number: number,
): Promise<ReportingPeriod> {
  let period = await manager.findOneBy(ReportingPeriod, { grantId: grant.id, number });
  if (!period && (await manager.countBy(ReportingPeriod, { grantId: grant.id })) === 0) {
    await ensureReportingPeriods(manager, grant, rules);
    period = await manager.findOneBy(ReportingPeriod, { grantId: grant.id, number });
  }
  if (!period) throw notFound('The reporting period');
  return period;
}
