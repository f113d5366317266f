import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments of a grant. Invariants held here as well as in the code: cumulative payments
 * (planned or paid) never exceed the grant; a paid payment never changes; nothing is deleted.
 */
export class CreatePayments1795770000006 implements MigrationInterface {
  name = 'CreatePayments1795770000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants(id),
        kind text NOT NULL CHECK (kind IN ('ADVANCE','INTERIM','BALANCE')),
        status text NOT NULL CHECK (status IN ('PLANNED','PAID','CANCELLED')),
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        cost_statement_id uuid,
        planned_on date NOT NULL,
        due_date date,
        paid_on date,
        reference text,
        created_by uuid NOT NULL REFERENCES users(id),
        paid_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT payments_paid_complete CHECK (status <> 'PAID' OR (paid_on IS NOT NULL AND reference IS NOT NULL AND paid_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX payments_grant_idx ON payments (grant_id, status)`);
    await q.query(`
      CREATE FUNCTION payments_within_grant() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`
      CREATE CONSTRAINT TRIGGER payments_within_grant AFTER INSERT OR UPDATE OF amount_cents, status ON payments
      DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION payments_within_grant()`);
    await q.query(`
      CREATE FUNCTION payments_paid_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'payments are never deleted' USING ERRCODE = 'P0001', DETAIL = 'Payments are kept; cancel a planned payment instead';
        END IF;
        IF OLD.status = 'PAID' THEN
          RAISE EXCEPTION 'a paid payment never changes' USING ERRCODE = 'P0001', DETAIL = 'A paid payment never changes';
        END IF;
        IF OLD.status = 'CANCELLED' THEN
          RAISE EXCEPTION 'a cancelled payment never changes' USING ERRCODE = 'P0001', DETAIL = 'A cancelled payment never changes';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER payments_paid_frozen BEFORE UPDATE OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION payments_paid_frozen()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP FUNCTION payments_within_grant()`);
    await q.query(`DROP FUNCTION payments_paid_frozen()`);
  }
}
