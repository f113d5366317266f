import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an account was deactivated (the retention of its personal data counts from the later of
 * that day and its organisation's last payment) and when its personal data was pseudonymised.
 */
export class TrackPersonalDataRetention1795770000162 implements MigrationInterface {
  name = 'TrackPersonalDataRetention1795770000162';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN deactivated_at timestamptz, ADD COLUMN pseudonymised_at timestamptz`);
    await q.query(`UPDATE users SET deactivated_at = now() WHERE NOT active`);
    await q.query(`CREATE INDEX users_deactivated_idx ON users (deactivated_at) WHERE deactivated_at IS NOT NULL AND pseudonymised_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_deactivated_idx`);
    await q.query(`ALTER TABLE users DROP COLUMN deactivated_at, DROP COLUMN pseudonymised_at`);
  }
}
