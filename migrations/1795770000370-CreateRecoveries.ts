import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recoveries (issue 15): a correction lowers the accepted costs of an approved cost statement
 * (which itself never changes) and books what was unduly paid, withheld from a planned payment
 * or claimed back by a recovery order. Held here as well as in the code: payments net of settled
 * recoveries never exceed the grant, no more is recovered than was paid or planned, a settled
 * recovery never changes, nothing is deleted. Both checks lock the grant row, as the payments
 * check does, so concurrent bookings on one grant run one after the other.
 */
export class CreateRecoveries1795770000370 implements MigrationInterface {
  name = 'CreateRecoveries1795770000370';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE claim_corrections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants(id),
        cost_statement_id uuid NOT NULL REFERENCES cost_statements(id),
        source text NOT NULL CHECK (source IN ('AUDIT','CORRECTION')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        accepted_before_cents bigint NOT NULL CHECK (accepted_before_cents >= 0),
        accepted_after_cents bigint NOT NULL CHECK (accepted_after_cents >= 0),
        gross_before_cents bigint NOT NULL CHECK (gross_before_cents >= 0),
        gross_after_cents bigint NOT NULL CHECK (gross_after_cents >= 0),
        advance_cleared_after_cents bigint NOT NULL CHECK (advance_cleared_after_cents >= 0),
        capped_after_cents bigint NOT NULL CHECK (capped_after_cents >= 0),
        net_after_cents bigint NOT NULL CHECK (net_after_cents >= 0),
        unduly_cents bigint NOT NULL CHECK (unduly_cents >= 0),
        advance_reopened_cents bigint NOT NULL CHECK (advance_reopened_cents >= 0),
        corrected_on date NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT claim_corrections_lower CHECK (accepted_after_cents < accepted_before_cents AND gross_after_cents <= gross_before_cents),
        CONSTRAINT claim_corrections_adds_up CHECK (gross_after_cents = advance_cleared_after_cents + capped_after_cents + net_after_cents)
      )`);
    await q.query(`CREATE INDEX claim_corrections_statement_idx ON claim_corrections (cost_statement_id, created_at)`);
    await q.query(`CREATE INDEX claim_corrections_grant_idx ON claim_corrections (grant_id)`);
    await q.query(`
      CREATE TABLE recoveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants(id),
        correction_id uuid NOT NULL REFERENCES claim_corrections(id),
        status text NOT NULL CHECK (status IN ('OPEN','OFFSET','RECOVERED')),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        offset_payment_id uuid REFERENCES payments(id),
        booked_on date NOT NULL,
        due_date date,
        received_on date,
        reference text,
        received_by uuid REFERENCES users(id),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT recoveries_offset_has_payment CHECK ((status = 'OFFSET') = (offset_payment_id IS NOT NULL)),
        CONSTRAINT recoveries_order_has_due_date CHECK (status = 'OFFSET' OR due_date IS NOT NULL),
        CONSTRAINT recoveries_received_complete CHECK (status <> 'RECOVERED' OR (received_on IS NOT NULL AND reference IS NOT NULL AND received_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX recoveries_grant_idx ON recoveries (grant_id, status)`);
    await q.query(`CREATE INDEX recoveries_offset_payment_idx ON recoveries (offset_payment_id) WHERE offset_payment_id IS NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION payments_within_grant() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total bigint; recovered bigint; grant_amount bigint;
      BEGIN
        -- Serialises concurrent payments and recoveries of one grant on the grant row.
        SELECT amount_cents INTO grant_amount FROM grants WHERE id = NEW.grant_id FOR UPDATE;
        SELECT COALESCE(sum(amount_cents), 0) INTO total FROM payments WHERE grant_id = NEW.grant_id AND status <> 'CANCELLED';
        SELECT COALESCE(sum(amount_cents), 0) INTO recovered FROM recoveries WHERE grant_id = NEW.grant_id AND status <> 'OPEN';
        IF total - recovered > grant_amount THEN
          RAISE EXCEPTION 'payments of grant % exceed the grant', NEW.grant_id USING ERRCODE = 'P0001',
            DETAIL = 'Cumulative payments less recoveries may never exceed the grant';
        END IF;
        IF total < (SELECT COALESCE(sum(amount_cents), 0) FROM recoveries WHERE grant_id = NEW.grant_id) THEN
          RAISE EXCEPTION 'recoveries of grant % exceed its payments', NEW.grant_id USING ERRCODE = 'P0001',
            DETAIL = 'No more can be recovered than was paid or planned';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER recoveries_within_payments AFTER INSERT OR UPDATE OF amount_cents, status ON recoveries
      DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION payments_within_grant()`);
    await q.query(`
      CREATE FUNCTION recoveries_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'recoveries are never deleted' USING ERRCODE = 'P0001', DETAIL = 'Recoveries are kept';
        END IF;
        IF OLD.status <> 'OPEN' THEN
          RAISE EXCEPTION 'a settled recovery never changes' USING ERRCODE = 'P0001', DETAIL = 'A settled recovery never changes';
        END IF;
        IF (NEW.amount_cents, NEW.grant_id, NEW.correction_id) IS DISTINCT FROM (OLD.amount_cents, OLD.grant_id, OLD.correction_id) THEN
          RAISE EXCEPTION 'a booked recovery keeps its amount' USING ERRCODE = 'P0001', DETAIL = 'A booked recovery keeps its amount';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER recoveries_frozen BEFORE UPDATE OR DELETE ON recoveries FOR EACH ROW EXECUTE FUNCTION recoveries_frozen()`);
    await q.query(`
      CREATE FUNCTION claim_corrections_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a correction is never changed or deleted' USING ERRCODE = 'P0001', DETAIL = 'A correction is corrected by a later one';
      END $$`);
    await q.query(`CREATE TRIGGER claim_corrections_frozen BEFORE UPDATE OR DELETE ON claim_corrections FOR EACH ROW EXECUTE FUNCTION claim_corrections_frozen()`);
    // The recovery letter (terugvordering) joins the register of issued documents.
    await q.query(`ALTER TABLE issued_documents DROP CONSTRAINT issued_documents_kind_check`);
    await q.query(
      `ALTER TABLE issued_documents ADD CONSTRAINT issued_documents_kind_check CHECK (kind IN ('receipt','decision-letter','cost-statement','payment-statement','call-overview','recovery-letter'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The register is append-only; going down forgets the letters of a kind that no longer exists.
    await q.query(`ALTER TABLE issued_documents DISABLE TRIGGER issued_documents_no_change`);
    await q.query(`DELETE FROM issued_documents WHERE kind = 'recovery-letter'`);
    await q.query(`ALTER TABLE issued_documents ENABLE TRIGGER issued_documents_no_change`);
    await q.query(`ALTER TABLE issued_documents DROP CONSTRAINT issued_documents_kind_check`);
    await q.query(`ALTER TABLE issued_documents ADD CONSTRAINT issued_documents_kind_check CHECK (kind IN ('receipt','decision-letter','cost-statement','payment-statement','call-overview'))`);
    await q.query(`DROP TABLE recoveries`);
    await q.query(`DROP FUNCTION recoveries_frozen()`);
    await q.query(`DROP TABLE claim_corrections`);
    await q.query(`DROP FUNCTION claim_corrections_frozen()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION payments_within_grant() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total bigint; grant_amount bigint;
      BEGIN
        -- Serialises concurrent payments of one grant on the grant row.
        SELECT amount_cents INTO grant_amount FROM grants WHERE id = NEW.grant_id FOR UPDATE;
        SELECT COALESCE(sum(amount_cents), 0) INTO total FROM payments WHERE grant_id = NEW.grant_id AND status <> 'CANCELLED';
        IF total > grant_amount THEN
          RAISE EXCEPTION 'payments of grant % exceed the grant', NEW.grant_id USING ERRCODE = 'P0001',
            DETAIL = 'Cumulative payments may never exceed the grant';
        END IF;
        RETURN NULL;
      END $$`);
  }
}
