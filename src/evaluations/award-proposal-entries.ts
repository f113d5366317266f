import { EntityManager } from 'typeorm';
import { AwardEntry } from './domain/award-proposal.rule';
import { AwardProposalEntryRecord, AwardProposalStatus, StoredAwardEntry } from './entities/award-proposal.entity';

/** Entries written or read per statement: one round trip per batch, never one per entry. */
export const ENTRY_BATCH = 2000;

/**
 * A batch of entries of one proposal in one INSERT, each an AwardEntry as JSON, sent as one
 * JSON array that PostgreSQL reads as records (at 10.000 entries about half the time of ten
 * unnested array parameters).
 */
export async function insertEntries(manager: EntityManager, proposalId: string, entries: readonly string[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `INSERT INTO award_proposal_entries (proposal_id, rank, application_id, province, outcome, amount_cents, requested_subsidy_cents,
                                         reason_code, reason_params, reason)
     SELECT $1, x.rank, x."applicationId", x.province, x.outcome, x.amount, x."requestedSubsidy", x."reasonCode", x."reasonParams", x.reason
     FROM jsonb_to_recordset($2::jsonb) AS x(rank int, "applicationId" uuid, province text, outcome text, amount bigint, "requestedSubsidy" bigint,
                                            "reasonCode" text, "reasonParams" jsonb, reason text)`,
    [proposalId, `[${entries.join(',')}]`],
  );
}

interface EntryRow {
  rank: number;
  application_id: string;
  province: AwardProposalEntryRecord['province'];
  outcome: AwardEntry['outcome'];
  amount_cents: string;
  requested_subsidy_cents: string;
  reason_code: AwardProposalEntryRecord['reasonCode'];
  reason_params: AwardProposalEntryRecord['reasonParams'];
  reason: string;
}

const ENTRY_COLUMNS = 'rank, application_id, province, outcome, amount_cents, requested_subsidy_cents, reason_code, reason_params, reason';

/** One page of a proposal's entries in rank order, after `afterRank` (keyset on the primary key). */
export async function entriesPage(manager: EntityManager, proposalId: string, afterRank = 0, limit = ENTRY_BATCH): Promise<StoredAwardEntry[]> {
  const rows = (await manager.query(
    `SELECT ${ENTRY_COLUMNS} FROM award_proposal_entries WHERE proposal_id = $1 AND rank > $2 ORDER BY rank LIMIT $3`,
    [proposalId, afterRank, limit],
  )) as EntryRow[];
  return rows.map(fromRow);
}

export async function countEntries(manager: EntityManager, proposalId: string): Promise<number> {
  const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM award_proposal_entries WHERE proposal_id = $1`, [proposalId])) as { n: number }[];
  return n;
}

/** Every entry of a proposal in rank order, in one query: for callers that checked the size first. */
export async function allEntries(manager: EntityManager, proposalId: string): Promise<StoredAwardEntry[]> {
  const rows = (await manager.query(`SELECT ${ENTRY_COLUMNS} FROM award_proposal_entries WHERE proposal_id = $1 ORDER BY rank`, [proposalId])) as EntryRow[];
  return rows.map(fromRow);
}

/** The entries of a proposal with one outcome, in rank order. */
export async function entriesWithOutcome(manager: EntityManager, proposalId: string, outcome: AwardEntry['outcome']): Promise<StoredAwardEntry[]> {
  const rows = await manager.find(AwardProposalEntryRecord, { where: { proposalId, outcome }, order: { rank: 'ASC' } });
  return rows.map(toStored);
}

/**
 * An application's entry in the latest decided proposal of its call that lists it. Looked up
 * within the call's decided proposals (a handful), along the primary key of each.
 */
export async function decidedEntry(
  manager: EntityManager,
  applicationId: string,
  callId: string,
): Promise<{ entry: StoredAwardEntry; proposalId: string; decidedAt: Date | null } | undefined> {
  const rows = (await manager.query(
    `SELECT e.proposal_id, p.decided_at, ${ENTRY_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}
     FROM award_proposals p JOIN award_proposal_entries e ON e.proposal_id = p.id AND e.application_id = $1
     WHERE p.call_id = $2 AND p.status = $3
     ORDER BY p.decided_at DESC LIMIT 1`,
    [applicationId, callId, AwardProposalStatus.DECIDED],
  )) as (EntryRow & { proposal_id: string; decided_at: Date | null })[];
  if (rows.length === 0) return undefined;
  return { entry: fromRow(rows[0]), proposalId: rows[0].proposal_id, decidedAt: rows[0].decided_at };
}

/** The place (1…) of a reserve entry among the reserves of its proposal, in rank order. */
export async function reservePosition(manager: EntityManager, proposalId: string, rank: number): Promise<number> {
  const [{ n }] = (await manager.query(
    `SELECT count(*)::int AS n FROM award_proposal_entries WHERE proposal_id = $1 AND outcome = 'RESERVE' AND rank <= $2`,
    [proposalId, rank],
  )) as { n: number }[];
  return n;
}

function toStored(r: AwardProposalEntryRecord): StoredAwardEntry {
  const base = { applicationId: r.applicationId, rank: r.rank, province: r.province, outcome: r.outcome, amount: r.amount, requestedSubsidy: r.requestedSubsidy };
  // Proposals computed before reasons had codes hold the sentence only.
  if (r.reasonCode === null) return { ...base, reason: r.reason };
  return { ...base, reasonCode: r.reasonCode, reasonParams: r.reasonParams ?? {}, reason: r.reason };
}

function fromRow(r: EntryRow): StoredAwardEntry {
  return toStored({
    proposalId: '',
    rank: r.rank,
    applicationId: r.application_id,
    province: r.province,
    outcome: r.outcome,
    amount: Number(r.amount_cents),
    requestedSubsidy: Number(r.requested_subsidy_cents),
    reasonCode: r.reason_code,
    reasonParams: r.reason_params,
    reason: r.reason,
  });
}
