import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payments and cost-lines exports read each grant's rows in grant-number order; cost lines
 * had only a partial index on (grant_id, partner) for staff lines, so every line was read and
 * sorted before the first byte. This index finds one grant's lines, by statement and position.
 */
export class IndexExportsPerGrant1795770000181 implements MigrationInterface {
  name = 'IndexExportsPerGrant1795770000181';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cost_statement_lines_grant_idx ON cost_statement_lines (grant_id, statement_id, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cost_statement_lines_grant_idx`);
  }
}
