import { Client } from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'efro-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates (after dropping a leftover of the same name) an empty database; returns its URL. */
export async function createDatabase(maintenanceUrl: string, name: string): Promise<string> {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe database name: ${name}`);
  await admin(maintenanceUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  return withDatabase(maintenanceUrl, name);
}

export async function dropDatabase(maintenanceUrl: string, name: string): Promise<void> {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe database name: ${name}`);
  await admin(maintenanceUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** `SHOW server_version` of the server, for the report. */
export function serverVersion(maintenanceUrl: string): Promise<string> {
  return admin(maintenanceUrl, async (client) => {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  });
}
