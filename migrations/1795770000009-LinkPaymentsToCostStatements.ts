import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interim payments belong to the cost statement they pay (of the same grant); at most one live
 * advance and one live balance per grant and one live payment per statement, so a retried or
 * concurrent approval can never plan a second one. Cancelling a planned payment keeps who and why.
 */
export class LinkPaymentsToCostStatements1795770000009 implements MigrationInterface {
  name = 'LinkPaymentsToCostStatements1795770000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancelled_by uuid REFERENCES users(id),
        ADD COLUMN cancel_reason text,
        ADD CONSTRAINT payments_cost_statement_fk FOREIGN KEY (cost_statement_id, grant_id) REFERENCES cost_statements (id, grant_id),
        ADD CONSTRAINT payments_interim_has_statement CHECK ((kind = 'INTERIM') = (cost_statement_id IS NOT NULL)),
        ADD CONSTRAINT payments_cancel_complete CHECK (status <> 'CANCELLED' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)),
        ADD CONSTRAINT payments_paid_after_planned CHECK (paid_on IS NULL OR paid_on >= planned_on)`);
    await q.query(`CREATE UNIQUE INDEX payments_one_advance ON payments (grant_id) WHERE kind = 'ADVANCE' AND status <> 'CANCELLED'`);
    await q.query(`CREATE UNIQUE INDEX payments_one_balance ON payments (grant_id) WHERE kind = 'BALANCE' AND status <> 'CANCELLED'`);
    await q.query(`CREATE UNIQUE INDEX payments_one_per_statement ON payments (cost_statement_id) WHERE status <> 'CANCELLED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payments_one_per_statement`);
    await q.query(`DROP INDEX payments_one_balance`);
    await q.query(`DROP INDEX payments_one_advance`);
    await q.query(`
      ALTER TABLE payments
        DROP CONSTRAINT payments_paid_after_planned,
        DROP CONSTRAINT payments_cancel_complete,
        DROP CONSTRAINT payments_interim_has_statement,
        DROP CONSTRAINT payments_cost_statement_fk,
        DROP COLUMN cancel_reason,
        DROP COLUMN cancelled_by,
        DROP COLUMN cancelled_at`);
  }
}
