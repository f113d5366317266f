import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalls1795770000002 implements MigrationInterface {
  name = 'CreateCalls1795770000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        programme text NOT NULL CHECK (programme IN ('EFRO','EDIH')),
        status text NOT NULL CHECK (status IN ('DRAFT','PUBLISHED','OPEN','CLOSED','EVALUATION','DECIDED')),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        envelope_cents bigint NOT NULL CHECK (envelope_cents > 0),
        cap_per_project_cents bigint NOT NULL CHECK (cap_per_project_cents > 0),
        reference_cost_cents bigint NOT NULL CHECK (reference_cost_cents > 0),
        rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
        created_by uuid REFERENCES users(id),
        published_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calls_code_key UNIQUE (code),
        CONSTRAINT calls_closes_after_opens CHECK (closes_at > opens_at),
        CONSTRAINT calls_cap_within_envelope CHECK (cap_per_project_cents <= envelope_cents),
        CONSTRAINT calls_published_at_set CHECK (status = 'DRAFT' OR published_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX calls_schedule_idx ON calls (status, opens_at, closes_at)`);
    // A published call's rules and amounts are frozen: applications are judged against them.
    await q.query(`
      CREATE FUNCTION calls_freeze_published() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' AND (
          NEW.rules IS DISTINCT FROM OLD.rules OR NEW.envelope_cents <> OLD.envelope_cents
          OR NEW.cap_per_project_cents <> OLD.cap_per_project_cents OR NEW.reference_cost_cents <> OLD.reference_cost_cents
          OR NEW.opens_at <> OLD.opens_at OR NEW.closes_at <> OLD.closes_at OR NEW.code <> OLD.code
        ) THEN
          RAISE EXCEPTION 'call % is published; its rules are frozen', OLD.code USING ERRCODE = 'P0001',
            DETAIL = 'A published call''s rules can no longer change';
        END IF;
        IF NEW.status = 'DRAFT' AND OLD.status <> 'DRAFT' THEN
          RAISE EXCEPTION 'call % cannot return to draft', OLD.code USING ERRCODE = 'P0001',
            DETAIL = 'A published call cannot return to draft';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER calls_freeze_published BEFORE UPDATE ON calls FOR EACH ROW EXECUTE FUNCTION calls_freeze_published()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calls`);
    await q.query(`DROP FUNCTION calls_freeze_published()`);
  }
}
