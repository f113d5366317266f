import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The finance desk's lists across grants: the queue of cost statements by status, oldest complete
 * claim first (CPR art. 74 counts from it), and payments by status and due date. Both read in the
 * index's order, so a page of the queue never sorts every statement ever submitted.
 */
export class IndexFinanceDeskLists1795770000120 implements MigrationInterface {
  name = 'IndexFinanceDeskLists1795770000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cost_statements_queue_idx ON cost_statements (status, complete_claim_date, submitted_at, id)`);
    await q.query(`CREATE INDEX payments_due_idx ON payments (status, due_date, planned_on, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payments_due_idx`);
    await q.query(`DROP INDEX cost_statements_queue_idx`);
  }
}
