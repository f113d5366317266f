/**
 * The figures of a call's dashboard, computed from the lists the API gives: proposals per
 * province and status, requested subsidy per province against the envelope and the quota's
 * share of it, and scoring progress per evaluator. Pure, so the charts and their tables show
 * the same numbers.
 */
export const PROVINCE_CODES = ['BE21', 'BE22', 'BE23', 'BE24', 'BE25'] as const;
export const DASHBOARD_STATUSES = ['SUBMITTED', 'ADMISSIBLE', 'INADMISSIBLE', 'AWARDED', 'RESERVE', 'REJECTED'] as const;

export interface ProposalFigure {
  province: string;
  status: string;
  requestedSubsidy: number | null;
}

export interface AssignmentFigure {
  evaluatorName?: string;
  evaluatorId?: string;
  status: string;
}

export type ProvinceRow = { province: string; total: number; requested: number } & Record<(typeof DASHBOARD_STATUSES)[number], number>;

export function proposalsByProvince(proposals: ProposalFigure[], maxPerProposal: number): ProvinceRow[] {
  return PROVINCE_CODES.map((province) => {
    const mine = proposals.filter((p) => p.province === province);
    const row = { province, total: mine.length, requested: 0 } as ProvinceRow;
    for (const status of DASHBOARD_STATUSES) row[status] = mine.filter((p) => p.status === status).length;
    // A proposal that asks "the maximum" (null) is counted at the cap per project.
    row.requested = mine.reduce((sum, p) => sum + (p.requestedSubsidy ?? maxPerProposal), 0);
    return row;
  });
}

export interface EvaluatorRow {
  evaluator: string;
  assigned: number;
  declared: number;
  submitted: number;
  conflicts: number;
}

export function scoringProgress(assignments: AssignmentFigure[]): EvaluatorRow[] {
  const rows = new Map<string, EvaluatorRow>();
  for (const a of assignments) {
    const name = a.evaluatorName ?? a.evaluatorId ?? '?';
    const row = rows.get(name) ?? { evaluator: name, assigned: 0, declared: 0, submitted: 0, conflicts: 0 };
    row.assigned += 1;
    if (a.status === 'DECLARED') row.declared += 1;
    if (a.status === 'SUBMITTED') row.submitted += 1;
    if (a.status === 'CONFLICT') row.conflicts += 1;
    rows.set(name, row);
  }
  return [...rows.values()].sort((x, y) => x.evaluator.localeCompare(y.evaluator));
}

/** Cents to whole euros for a chart axis (the tables keep the exact amounts). */
export function toEuros(cents: number): number {
  return Math.floor(cents / 100);
}
