import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the hourly auth housekeeping needs: when an address last failed to sign in (counts of
 * addresses nobody has tried for a day are forgotten), and indexes for both of its deletes.
 * Existing counts are dated now, so they get a full day before they can be forgotten.
 */
export class PrepareAuthHousekeeping1795770000033 implements MigrationInterface {
  name = 'PrepareAuthHousekeeping1795770000033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE login_throttles ADD COLUMN last_failed_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX login_throttles_last_failed_idx ON login_throttles (last_failed_at)`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sessions_expires_idx`);
    await q.query(`DROP INDEX login_throttles_last_failed_idx`);
    await q.query(`ALTER TABLE login_throttles DROP COLUMN last_failed_at`);
  }
}
