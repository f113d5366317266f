import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cost statements (one per reporting period) and their lines. What the beneficiary declared is
 * frozen from submission until finance staff return the statement; an approved statement and
 * its lines never change; each line's review (accepted, reduced, rejected) is consistent with
 * its declared amount.
 */
export class CreateCostStatements1795770000008 implements MigrationInterface {
  name = 'CreateCostStatements1795770000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cost_statements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL,
        period_id uuid NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('DRAFT','SUBMITTED','IN_REVIEW','RETURNED','APPROVED')),
        first_submitted_at timestamptz,
        submitted_at timestamptz,
        submitted_by uuid REFERENCES users(id),
        -- The Brussels date the claim last became complete: the payment deadline counts from it.
        complete_claim_date date,
        returned_at timestamptz,
        returned_by uuid REFERENCES users(id),
        return_reason text,
        approved_at timestamptz,
        approved_by uuid REFERENCES users(id),
        declared_eligible_cents bigint CHECK (declared_eligible_cents >= 0),
        accepted_eligible_cents bigint CHECK (accepted_eligible_cents >= 0),
        subsidy_gross_cents bigint CHECK (subsidy_gross_cents >= 0),
        advance_cleared_cents bigint CHECK (advance_cleared_cents >= 0),
        capped_cents bigint CHECK (capped_cents >= 0),
        subsidy_net_cents bigint CHECK (subsidy_net_cents >= 0),
        version int NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cost_statements_period FOREIGN KEY (period_id, grant_id) REFERENCES reporting_periods (id, grant_id),
        CONSTRAINT cost_statements_id_grant UNIQUE (id, grant_id),
        -- A draft was never submitted; every other state was.
        CONSTRAINT cost_statements_draft_never_submitted CHECK ((status = 'DRAFT') = (first_submitted_at IS NULL)),
        CONSTRAINT cost_statements_submitted CHECK (
          status = 'DRAFT' OR (submitted_at IS NOT NULL AND submitted_by IS NOT NULL AND complete_claim_date IS NOT NULL)),
        CONSTRAINT cost_statements_returned CHECK (status <> 'RETURNED' OR (returned_at IS NOT NULL AND return_reason IS NOT NULL)),
        CONSTRAINT cost_statements_approved CHECK (
          status <> 'APPROVED' OR (approved_at IS NOT NULL AND approved_by IS NOT NULL AND declared_eligible_cents IS NOT NULL
            AND accepted_eligible_cents IS NOT NULL AND subsidy_gross_cents IS NOT NULL AND advance_cleared_cents IS NOT NULL
            AND capped_cents IS NOT NULL AND subsidy_net_cents IS NOT NULL)),
        CONSTRAINT cost_statements_accepted_within_declared CHECK (accepted_eligible_cents <= declared_eligible_cents),
        CONSTRAINT cost_statements_subsidy_adds_up CHECK (subsidy_gross_cents = advance_cleared_cents + capped_cents + subsidy_net_cents)
      )`);
    await q.query(`CREATE INDEX cost_statements_grant_idx ON cost_statements (grant_id, status)`);
    await q.query(`
      CREATE FUNCTION cost_statements_approved_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'APPROVED' THEN
          RAISE EXCEPTION 'an approved cost statement never changes' USING ERRCODE = 'P0001',
            DETAIL = 'An approved cost statement never changes; corrections go through a later statement';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cost_statements_approved_frozen BEFORE UPDATE ON cost_statements
      FOR EACH ROW EXECUTE FUNCTION cost_statements_approved_frozen()`);

    await q.query(`
      CREATE TABLE cost_statement_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        statement_id uuid NOT NULL,
        grant_id uuid NOT NULL,
        position int NOT NULL CHECK (position >= 0),
        partner char(10) NOT NULL CHECK (partner ~ '^[01][0-9]{9}$'),
        partner_name text NOT NULL,
        category text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('STAFF','REAL')),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
        payment_date date NOT NULL,
        person text,
        hours int CHECK (hours >= 0),
        annual_gross_cost_cents bigint CHECK (annual_gross_cost_cents >= 0),
        fte_numerator int CHECK (fte_numerator > 0),
        fte_denominator int CHECK (fte_denominator > 0 AND fte_numerator <= fte_denominator),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        decision text CHECK (decision IN ('ACCEPTED','REDUCED','REJECTED')),
        accepted_cents bigint,
        review_reason text,
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        question text,
        asked_by uuid REFERENCES users(id),
        asked_at timestamptz,
        answer text,
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cost_statement_lines_statement FOREIGN KEY (statement_id, grant_id) REFERENCES cost_statements (id, grant_id),
        CONSTRAINT cost_statement_lines_staff_shape CHECK (
          kind <> 'STAFF' OR (person IS NOT NULL AND hours IS NOT NULL AND annual_gross_cost_cents IS NOT NULL
            AND fte_numerator IS NOT NULL AND fte_denominator IS NOT NULL)),
        CONSTRAINT cost_statement_lines_real_shape CHECK (
          kind <> 'REAL' OR (person IS NULL AND hours IS NULL AND annual_gross_cost_cents IS NULL)),
        -- Accepted in full, reduced to at most the declared amount with a reason, or rejected with a reason.
        CONSTRAINT cost_statement_lines_review CHECK (
          (decision IS NULL AND accepted_cents IS NULL)
          OR (decision = 'ACCEPTED' AND accepted_cents = amount_cents)
          OR (decision = 'REDUCED' AND accepted_cents >= 0 AND accepted_cents <= amount_cents AND review_reason IS NOT NULL)
          OR (decision = 'REJECTED' AND accepted_cents = 0 AND review_reason IS NOT NULL)),
        CONSTRAINT cost_statement_lines_reviewer CHECK (decision IS NULL OR (reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL)),
        CONSTRAINT cost_statement_lines_question CHECK (question IS NULL OR (asked_by IS NOT NULL AND asked_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX cost_statement_lines_statement_idx ON cost_statement_lines (statement_id, position)`);
    await q.query(`CREATE INDEX cost_statement_lines_person_idx ON cost_statement_lines (grant_id, partner) WHERE kind = 'STAFF'`);
    await q.query(`
      CREATE FUNCTION cost_statement_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE st text;
      BEGIN
        SELECT status INTO st FROM cost_statements WHERE id = COALESCE(NEW.statement_id, OLD.statement_id);
        IF TG_OP = 'DELETE' THEN
          -- Only lines of a draft that was never submitted are working copies; the rest are records.
          IF st <> 'DRAFT' THEN
            RAISE EXCEPTION 'submitted cost lines are kept' USING ERRCODE = 'P0001',
              DETAIL = 'A cost line that was submitted is kept; correct its amount instead';
          END IF;
          RETURN OLD;
        END IF;
        IF st = 'APPROVED' THEN
          RAISE EXCEPTION 'lines of an approved statement never change' USING ERRCODE = 'P0001',
            DETAIL = 'An approved cost statement never changes';
        END IF;
        IF TG_OP = 'INSERT' THEN
          IF st NOT IN ('DRAFT','RETURNED') THEN
            RAISE EXCEPTION 'a submitted statement is frozen' USING ERRCODE = 'P0001',
              DETAIL = 'A submitted cost statement is frozen until finance returns it for correction';
          END IF;
          RETURN NEW;
        END IF;
        IF (NEW.statement_id, NEW.grant_id) IS DISTINCT FROM (OLD.statement_id, OLD.grant_id) THEN
          RAISE EXCEPTION 'a cost line stays in its statement' USING ERRCODE = 'P0001', DETAIL = 'A cost line stays in its statement';
        END IF;
        IF st IN ('SUBMITTED','IN_REVIEW') AND
           (NEW.partner, NEW.category, NEW.kind, NEW.description, NEW.reference, NEW.payment_date, NEW.person, NEW.hours,
            NEW.annual_gross_cost_cents, NEW.fte_numerator, NEW.fte_denominator, NEW.amount_cents, NEW.answer)
           IS DISTINCT FROM
           (OLD.partner, OLD.category, OLD.kind, OLD.description, OLD.reference, OLD.payment_date, OLD.person, OLD.hours,
            OLD.annual_gross_cost_cents, OLD.fte_numerator, OLD.fte_denominator, OLD.amount_cents, OLD.answer) THEN
          RAISE EXCEPTION 'a submitted statement is frozen' USING ERRCODE = 'P0001',
            DETAIL = 'A submitted cost statement is frozen until finance returns it for correction';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cost_statement_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON cost_statement_lines
      FOR EACH ROW EXECUTE FUNCTION cost_statement_lines_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cost_statement_lines`);
    await q.query(`DROP FUNCTION cost_statement_lines_guard()`);
    await q.query(`DROP TABLE cost_statements`);
    await q.query(`DROP FUNCTION cost_statements_approved_frozen()`);
  }
}
