import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, createRoleSql } from '../src/core/database/roles';

/**
 * The service's privileges, granted to the group role efro_app: rows of every table, never the
 * schema; the audit log and the migrations table are not its to change. Tables later
 * migrations create get the same row privileges (default privileges of the owner running
 * them). Run as the owner of the schema (with CREATEROLE, or with efro_app created beforehand).
 */
export class GrantLeastPrivilege1795770000160 implements MigrationInterface {
  name = 'GrantLeastPrivilege1795770000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(createRoleSql(APP_ROLE, 'NOLOGIN'));
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON migrations FROM ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE, DELETE ON audit_log FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
