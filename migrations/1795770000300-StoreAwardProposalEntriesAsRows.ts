import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../src/core/database/roles';

/**
 * An award proposal's entries as rows beside it instead of one jsonb document: a call of
 * 100.000 proposals made a document of tens of megabytes that the service built, stored, read
 * back and audited whole. Rows are written batch by batch while the award walk runs over the
 * ranking's cursor and read back a page at a time in rank order (the primary key). Entries are
 * a record of one computation: the service adds them, never changes or removes them, nor their
 * proposal.
 *
 * Only the primary key: at 100.000 entries a foreign key to the proposal (one check per row), an
 * index on the application and a unique (proposal, application) made writing them four times as
 * slow. The service writes them in the transaction that inserts their proposal, and neither
 * table may lose rows (the service's role has no UPDATE or DELETE on the entries, no DELETE on
 * proposals); the walk refuses an application twice. An application's entry is looked up within
 * the few decided proposals of its call, along the primary key.
 */
export class StoreAwardProposalEntriesAsRows1795770000300 implements MigrationInterface {
  name = 'StoreAwardProposalEntriesAsRows1795770000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE award_proposal_entries (
        proposal_id uuid NOT NULL,
        rank int NOT NULL CHECK (rank >= 1),
        application_id uuid NOT NULL,
        province text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('AWARD', 'RESERVE', 'REJECT')),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        requested_subsidy_cents bigint NOT NULL CHECK (requested_subsidy_cents >= 0),
        reason_code text,
        reason_params jsonb,
        reason text NOT NULL,
        PRIMARY KEY (proposal_id, rank),
        CONSTRAINT award_proposal_entries_amount_only_for_awards CHECK (outcome = 'AWARD' OR amount_cents = 0)
      )`);
    await q.query(`
      INSERT INTO award_proposal_entries (proposal_id, rank, application_id, province, outcome, amount_cents, requested_subsidy_cents,
                                          reason_code, reason_params, reason)
      SELECT p.id, (e ->> 'rank')::int, (e ->> 'applicationId')::uuid, e ->> 'province', e ->> 'outcome', (e ->> 'amount')::bigint,
             (e ->> 'requestedSubsidy')::bigint, e ->> 'reasonCode', e -> 'reasonParams', e ->> 'reason'
      FROM award_proposals p, jsonb_array_elements(p.entries) e`);
    await q.query(`ALTER TABLE award_proposals DROP COLUMN entries`);
    await q.query(`REVOKE UPDATE, DELETE ON award_proposal_entries FROM ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON award_proposal_entries TO ${APP_ROLE}`);
    await q.query(`REVOKE DELETE ON award_proposals FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT DELETE ON award_proposals TO ${APP_ROLE}`);
    await q.query(`ALTER TABLE award_proposals ADD COLUMN entries jsonb`);
    await q.query(`
      UPDATE award_proposals p SET entries = COALESCE((
        SELECT jsonb_agg(jsonb_build_object('applicationId', e.application_id, 'rank', e.rank, 'province', e.province, 'outcome', e.outcome,
                                            'amount', e.amount_cents, 'requestedSubsidy', e.requested_subsidy_cents, 'reason', e.reason)
                         || CASE WHEN e.reason_code IS NULL THEN '{}'::jsonb
                                 ELSE jsonb_build_object('reasonCode', e.reason_code, 'reasonParams', COALESCE(e.reason_params, '{}'::jsonb)) END
                         ORDER BY e.rank)
        FROM award_proposal_entries e WHERE e.proposal_id = p.id), '[]'::jsonb)`);
    await q.query(`ALTER TABLE award_proposals ALTER COLUMN entries SET NOT NULL`);
    await q.query(`DROP TABLE award_proposal_entries`);
  }
}
