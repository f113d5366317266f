import { MigrationInterface, QueryRunner } from 'typeorm';

/** GET /me/assignments pages an evaluator's assignments oldest first: this index holds that order. */
export class IndexEvaluatorAssignmentsOrder1795770000182 implements MigrationInterface {
  name = 'IndexEvaluatorAssignmentsOrder1795770000182';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX evaluation_assignments_evaluator_order_idx ON evaluation_assignments (evaluator_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX evaluation_assignments_evaluator_order_idx`);
  }
}
