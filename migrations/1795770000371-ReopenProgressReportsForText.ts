import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A programme manager may reopen a submitted progress report for its text (narrative,
 * indicators), as in Jems; the cost statement beside it stays as it is. The frozen-report
 * trigger already freezes only SUBMITTED and ACCEPTED reports, so REOPENED is editable.
 */
export class ReopenProgressReportsForText1795770000371 implements MigrationInterface {
  name = 'ReopenProgressReportsForText1795770000371';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE progress_reports DROP CONSTRAINT progress_reports_status_check`);
    await q.query(`ALTER TABLE progress_reports ADD CONSTRAINT progress_reports_status_check CHECK (status IN ('DRAFT','SUBMITTED','ACCEPTED','RETURNED','REOPENED'))`);
    await q.query(`
      ALTER TABLE progress_reports
        ADD COLUMN reopened_at timestamptz,
        ADD COLUMN reopened_by uuid REFERENCES users(id),
        ADD COLUMN reopen_reason text CHECK (length(reopen_reason) <= 2000),
        ADD CONSTRAINT progress_reports_reopened CHECK (status <> 'REOPENED' OR (reopened_at IS NOT NULL AND reopened_by IS NOT NULL AND reopen_reason IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE progress_reports SET status = 'SUBMITTED' WHERE status = 'REOPENED'`);
    await q.query(`ALTER TABLE progress_reports DROP CONSTRAINT progress_reports_reopened, DROP COLUMN reopen_reason, DROP COLUMN reopened_by, DROP COLUMN reopened_at`);
    await q.query(`ALTER TABLE progress_reports DROP CONSTRAINT progress_reports_status_check`);
    await q.query(`ALTER TABLE progress_reports ADD CONSTRAINT progress_reports_status_check CHECK (status IN ('DRAFT','SUBMITTED','ACCEPTED','RETURNED'))`);
  }
}
