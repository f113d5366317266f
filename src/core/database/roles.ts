import { Client } from 'pg';

/**
 * The group role the migrations grant the service's privileges to. It cannot log in; the
 * service's login role is a member of it (`efro_service` for the embedded server and the tests,
 * any name in a deployment: `CREATE ROLE … LOGIN IN ROLE efro_app`).
 */
export const APP_ROLE = 'efro_app';
export const SERVICE_LOGIN = 'efro_service';

/** Creates `role` unless it exists; two processes doing so at once both succeed. */
export function createRoleSql(role: string, options: string): string {
  return `DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
      CREATE ROLE ${role} ${options};
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`;
}

/**
 * The login the service uses on a server this project runs itself (the embedded one, the
 * tests'): a member of APP_ROLE and nothing more. Its password is fixed like the embedded
 * superuser's: that server listens on 127.0.0.1 only, and what matters here is what the
 * service's connections may do, not who may connect.
 */
export async function ensureServiceLogin(ownerUrl: string, login = SERVICE_LOGIN): Promise<string> {
  const client = new Client({ connectionString: ownerUrl });
  // Failures reach the awaited calls; an 'error' event no one hears would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(createRoleSql(APP_ROLE, 'NOLOGIN'));
    await client.query(createRoleSql(login, 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT'));
    await client.query(`ALTER ROLE ${login} PASSWORD '${login}'`);
    await client.query(`GRANT ${APP_ROLE} TO ${login}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = login;
  url.password = login;
  return url.toString();
}
