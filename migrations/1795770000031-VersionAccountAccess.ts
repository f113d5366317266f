import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account's access version: raised by the database whenever what the account may do
 * changes (active, roles, organisation, e-mail), whoever makes the change. Tokens carry the
 * version they were issued at; instances cache each account's current state and drop it when
 * the change is announced.
 */
export class VersionAccountAccess1795770000031 implements MigrationInterface {
  name = 'VersionAccountAccess1795770000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN access_version int NOT NULL DEFAULT 1 CHECK (access_version > 0)`);
    await q.query(`
      CREATE FUNCTION users_version_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.active IS DISTINCT FROM OLD.active
           OR NEW.roles IS DISTINCT FROM OLD.roles
           OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
           OR NEW.email IS DISTINCT FROM OLD.email THEN
          NEW.access_version := OLD.access_version + 1;
        ELSE
          -- Only the trigger moves the version, so it cannot be set back by hand.
          NEW.access_version := OLD.access_version;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER users_version_access BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_version_access()`);
    await q.query(`
      CREATE FUNCTION users_notify_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('efro_accounts_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_notify_access_change AFTER UPDATE ON users FOR EACH ROW
      WHEN (NEW.access_version IS DISTINCT FROM OLD.access_version) EXECUTE FUNCTION users_notify_access_change()`);
    await q.query(`CREATE TRIGGER users_notify_access_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_notify_access_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_notify_access_delete ON users`);
    await q.query(`DROP TRIGGER users_notify_access_change ON users`);
    await q.query(`DROP FUNCTION users_notify_access_change()`);
    await q.query(`DROP TRIGGER users_version_access ON users`);
    await q.query(`DROP FUNCTION users_version_access()`);
    await q.query(`ALTER TABLE users DROP COLUMN access_version`);
  }
}
