import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../src/core/database/roles';

/**
 * What a call's decision produces: GRANTS (EFRO calls, as before) or a PRESELECTION (the
 * Flemish EDIH procedure puts candidates forward for the Commission's restricted call and
 * grants nothing itself). `preselections` holds the ranked list a PRESELECTION decision
 * records, one row per candidate put forward, with the contribution and matching it asked.
 */
export class RecordPreselections1795770000350 implements MigrationInterface {
  name = 'RecordPreselections1795770000350';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls ADD COLUMN outcome text NOT NULL DEFAULT 'GRANTS' CHECK (outcome IN ('GRANTS', 'PRESELECTION'))`);
    await q.query(`
      CREATE TABLE preselections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL REFERENCES calls(id),
        award_proposal_id uuid NOT NULL REFERENCES award_proposals(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        rank integer NOT NULL CHECK (rank >= 1),
        contribution_cents bigint NOT NULL CHECK (contribution_cents >= 0),
        matching_cents bigint NOT NULL CHECK (matching_cents >= 0),
        decided_by uuid NOT NULL,
        decided_at timestamptz NOT NULL,
        CONSTRAINT preselections_once_per_call UNIQUE (call_id, application_id),
        CONSTRAINT preselections_rank_unique UNIQUE (call_id, rank)
      )`);
    await q.query(`CREATE INDEX preselections_application_idx ON preselections (application_id)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON preselections TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE preselections`);
    await q.query(`ALTER TABLE calls DROP COLUMN outcome`);
  }
}
