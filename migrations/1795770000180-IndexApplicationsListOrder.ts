import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /applications lists newest first (created_at DESC, id): these indexes hold that order, for
 * all proposals and within a call, so a page (first, last or after a cursor) reads its own rows
 * instead of sorting the table.
 */
export class IndexApplicationsListOrder1795770000180 implements MigrationInterface {
  name = 'IndexApplicationsListOrder1795770000180';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX applications_list_order_idx ON applications (created_at DESC, id)`);
    await q.query(`CREATE INDEX applications_call_list_order_idx ON applications (call_id, created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX applications_call_list_order_idx`);
    await q.query(`DROP INDEX applications_list_order_idx`);
  }
}
