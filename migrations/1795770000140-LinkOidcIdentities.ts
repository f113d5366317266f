import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts signed in through an OpenID Connect provider. An account is linked by the
 * provider's (name, subject) pair, never by e-mail alone; such an account may have no
 * password. A session remembers the provider and its ID token, for RP-initiated logout.
 */
export class LinkOidcIdentities1795770000140 implements MigrationInterface {
  name = 'LinkOidcIdentities1795770000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oidc_identities (
        provider text NOT NULL CHECK (provider ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        user_id uuid NOT NULL REFERENCES users(id),
        awaiting_approval boolean NOT NULL,
        created_at timestamptz NOT NULL,
        last_sign_in_at timestamptz,
        PRIMARY KEY (provider, subject)
      )`);
    await q.query(`CREATE INDEX oidc_identities_user_idx ON oidc_identities (user_id)`);
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`ALTER TABLE sessions ADD COLUMN oidc_provider text, ADD COLUMN id_token text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP COLUMN oidc_provider, DROP COLUMN id_token`);
    // '!' is no scrypt hash, so it matches no password: those accounts keep no way in but their provider's.
    await q.query(`UPDATE users SET password_hash = '!' WHERE password_hash IS NULL`);
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`);
    await q.query(`DROP TABLE oidc_identities`);
  }
}
