import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvaluationAndGrants1795770000005 implements MigrationInterface {
  name = 'CreateEvaluationAndGrants1795770000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE applications
        ADD COLUMN admissibility_reason text,
        ADD COLUMN admissibility_decided_at timestamptz,
        ADD COLUMN admissibility_decided_by uuid REFERENCES users(id),
        ADD COLUMN outcome_reason text`);

    await q.query(`
      CREATE TABLE evaluation_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL REFERENCES calls(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        evaluator_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL CHECK (status IN ('ASSIGNED','DECLARED','CONFLICT','SUBMITTED')),
        declared_at timestamptz,
        conflict_reason text,
        submitted_at timestamptz,
        assigned_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT evaluation_assignments_once UNIQUE (application_id, evaluator_id),
        CONSTRAINT evaluation_assignments_declared CHECK (status = 'ASSIGNED' OR declared_at IS NOT NULL),
        CONSTRAINT evaluation_assignments_submitted CHECK (status <> 'SUBMITTED' OR submitted_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX evaluation_assignments_evaluator_idx ON evaluation_assignments (evaluator_id, status)`);
    await q.query(`CREATE INDEX evaluation_assignments_call_idx ON evaluation_assignments (call_id, application_id)`);

    // Individual scores, kept apart from the consensus and frozen once submitted.
    await q.query(`
      CREATE TABLE evaluation_scores (
        assignment_id uuid NOT NULL REFERENCES evaluation_assignments(id),
        criterion text NOT NULL,
        score numeric(8,2) NOT NULL CHECK (score >= 0),
        comment text NOT NULL DEFAULT '',
        PRIMARY KEY (assignment_id, criterion)
      )`);
    await q.query(`
      CREATE FUNCTION evaluation_scores_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE st text;
      BEGIN
        SELECT status INTO st FROM evaluation_assignments WHERE id = COALESCE(NEW.assignment_id, OLD.assignment_id);
        IF st = 'SUBMITTED' THEN
          RAISE EXCEPTION 'scores of a submitted evaluation cannot change' USING ERRCODE = 'P0001',
            DETAIL = 'Submitted individual scores are locked';
        END IF;
        RETURN COALESCE(NEW, OLD);
      END $$`);
    await q.query(`
      CREATE TRIGGER evaluation_scores_frozen BEFORE INSERT OR UPDATE OR DELETE ON evaluation_scores
      FOR EACH ROW EXECUTE FUNCTION evaluation_scores_frozen()`);

    await q.query(`
      CREATE TABLE consensus_scores (
        application_id uuid NOT NULL REFERENCES applications(id),
        criterion text NOT NULL,
        score numeric(8,2) NOT NULL CHECK (score >= 0),
        comment text NOT NULL,
        set_by uuid NOT NULL REFERENCES users(id),
        set_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, criterion)
      )`);

    await q.query(`
      CREATE TABLE award_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL REFERENCES calls(id),
        status text NOT NULL CHECK (status IN ('PROPOSED','DECIDED','SUPERSEDED')),
        entries jsonb NOT NULL,
        total_awarded_cents bigint NOT NULL CHECK (total_awarded_cents >= 0),
        remaining_envelope_cents bigint NOT NULL CHECK (remaining_envelope_cents >= 0),
        computed_by uuid NOT NULL REFERENCES users(id),
        computed_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX award_proposals_one_open ON award_proposals (call_id) WHERE status = 'PROPOSED'`);

    await q.query(`
      CREATE TABLE grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_number text NOT NULL UNIQUE,
        call_id uuid NOT NULL REFERENCES calls(id),
        application_id uuid NOT NULL UNIQUE REFERENCES applications(id),
        beneficiary_organisation_id uuid NOT NULL REFERENCES organisations(id),
        award_proposal_id uuid NOT NULL REFERENCES award_proposals(id),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        funding_split jsonb NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE','WITHDRAWN','CLOSED')),
        snapshot jsonb NOT NULL,
        snapshot_sha256 char(64) NOT NULL,
        decided_at timestamptz NOT NULL,
        withdrawn_at timestamptz,
        withdrawal_reason text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT grants_end_after_start CHECK (end_date > start_date)
      )`);
    await q.query(`CREATE INDEX grants_call_idx ON grants (call_id, status)`);
    // The envelope holds whatever the interleaving: committed grants never exceed it.
    await q.query(`
      CREATE FUNCTION grants_within_envelope() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE committed bigint; envelope bigint;
      BEGIN
        SELECT envelope_cents INTO envelope FROM calls WHERE id = NEW.call_id FOR UPDATE;
        SELECT COALESCE(sum(amount_cents), 0) INTO committed FROM grants WHERE call_id = NEW.call_id AND status <> 'WITHDRAWN';
        IF committed > envelope THEN
          RAISE EXCEPTION 'grants of call % exceed its envelope', NEW.call_id USING ERRCODE = 'P0001',
            DETAIL = 'The grants awarded would exceed the call''s budget envelope';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER grants_within_envelope AFTER INSERT OR UPDATE OF amount_cents, status ON grants
      DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION grants_within_envelope()`);
    await q.query(`
      CREATE FUNCTION grants_snapshot_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.amount_cents <> OLD.amount_cents OR NEW.funding_split IS DISTINCT FROM OLD.funding_split THEN
          RAISE EXCEPTION 'a grant''s decision is frozen' USING ERRCODE = 'P0001', DETAIL = 'The approved proposal snapshot, amount and split of a grant cannot change';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER grants_snapshot_frozen BEFORE UPDATE ON grants FOR EACH ROW EXECUTE FUNCTION grants_snapshot_frozen()`);
    await q.query(`CREATE TRIGGER grants_no_delete BEFORE DELETE ON grants FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grants`);
    await q.query(`DROP FUNCTION grants_within_envelope()`);
    await q.query(`DROP FUNCTION grants_snapshot_frozen()`);
    await q.query(`DROP TABLE award_proposals`);
    await q.query(`DROP TABLE consensus_scores`);
    await q.query(`DROP TABLE evaluation_scores`);
    await q.query(`DROP FUNCTION evaluation_scores_frozen()`);
    await q.query(`DROP TABLE evaluation_assignments`);
    await q.query(`ALTER TABLE applications DROP COLUMN admissibility_reason, DROP COLUMN admissibility_decided_at, DROP COLUMN admissibility_decided_by, DROP COLUMN outcome_reason`);
  }
}
