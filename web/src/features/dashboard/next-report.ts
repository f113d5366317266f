import type { Schemas } from '../../lib/api/client';

type Period = Pick<Schemas['PeriodDto'], 'status'>;

/** Statuses of a period whose report is still to be handed in (a returned one goes back in). */
const TO_REPORT: readonly Period['status'][] = ['UPCOMING', 'OPEN', 'DUE', 'OVERDUE', 'RETURNED'];

/** The first period (or the final report) whose report is still to come, or null when all are in. */
export function nextReportDue<P extends Period>(periods: readonly P[] | undefined): P | null {
  return periods?.find((p) => TO_REPORT.includes(p.status)) ?? null;
}
