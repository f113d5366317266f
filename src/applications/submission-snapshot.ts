import type { SubmissionSnapshotDto } from './dto/submission-snapshot.dto';

/**
 * The proposal frozen at submission (`application_submissions.snapshot`, copied onto the grant
 * at the award): one type for every feature that reads it, written by `applications.service.ts`.
 */
export type SubmissionSnapshot = SubmissionSnapshotDto;

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`submission snapshot: ${what} is missing`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): void {
  if (typeof value !== 'string') throw new Error(`submission snapshot: ${what} is not text`);
}

/**
 * Reads a stored snapshot. It is JSON, so the parts other features build on (the proposal's
 * names, its partners, the eligible costs) are checked once, here, before it is typed.
 */
export function readSubmissionSnapshot(value: unknown): SubmissionSnapshot {
  const snapshot = record(value, 'the snapshot');
  const application = record(snapshot.application, 'application');
  for (const field of ['title', 'acronym', 'province'] as const) text(application[field], `application.${field}`);
  const totals = record(record(snapshot.budgetSummary, 'budgetSummary').totals, 'budgetSummary.totals');
  if (!Array.isArray(snapshot.partners)) throw new Error('submission snapshot: partners is missing');
  (snapshot.partners as unknown[]).forEach((p, i) => {
    const partner = record(p, `partners[${i}]`);
    for (const field of ['enterpriseNumber', 'name', 'organisationType'] as const) text(partner[field], `partners[${i}].${field}`);
  });
  if (typeof totals.eligibleCosts !== 'number' || !Number.isSafeInteger(totals.eligibleCosts)) throw new Error('submission snapshot: eligible costs are missing');
  return snapshot as unknown as SubmissionSnapshot;
}
