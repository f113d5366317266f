import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cookie sessions of the web application, kept on the server so that signing out ends them.
 * Only the SHA-256 of the session id is stored: a copy of the table signs no one in. Every
 * change (revocation) is announced, so instances that cache sessions drop their copy.
 */
export class CreateSessions1795770000030 implements MigrationInterface {
  name = 'CreateSessions1795770000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
        user_id uuid NOT NULL REFERENCES users(id),
        csrf_token text NOT NULL CHECK (length(csrf_token) >= 32),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
        CONSTRAINT sessions_expire_after_creation CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX sessions_user_open_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE FUNCTION sessions_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('efro_sessions_changed', encode(OLD.token_hash, 'hex'));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER sessions_notify_change AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_notify_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP FUNCTION sessions_notify_change()`);
  }
}
