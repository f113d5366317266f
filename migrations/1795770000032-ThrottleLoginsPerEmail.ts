import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login counting moves from the account to the e-mail address that was tried, so an
 * address without an account is throttled exactly like one with: the answers then do not
 * reveal which accounts exist. Current counts and locks move along.
 */
export class ThrottleLoginsPerEmail1795770000032 implements MigrationInterface {
  name = 'ThrottleLoginsPerEmail1795770000032';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttles (
        email text PRIMARY KEY CHECK (email = lower(email)),
        failed_logins int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until timestamptz
      )`);
    await q.query(`
      INSERT INTO login_throttles (email, failed_logins, locked_until)
      SELECT email, failed_logins, locked_until FROM users WHERE failed_logins > 0 OR locked_until IS NOT NULL`);
    await q.query(`ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN failed_logins int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0), ADD COLUMN locked_until timestamptz`);
    await q.query(`
      UPDATE users u SET failed_logins = t.failed_logins, locked_until = t.locked_until
      FROM login_throttles t WHERE t.email = u.email`);
    await q.query(`DROP TABLE login_throttles`);
  }
}
