import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SERVICE_LOGIN } from '../../src/core/database/roles';

export function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with `npm test`');
  return url;
}

export function urlForDatabase(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The same database as the service's own login (a member of efro_app, no more). */
export function serviceUrlFor(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = SERVICE_LOGIN;
  url.password = SERVICE_LOGIN;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function templateName(): string {
  const name = process.env.EFRO_TEST_TEMPLATE;
  if (!name) throw new Error('EFRO_TEST_TEMPLATE is not set: the global setup did not run');
  return name;
}

/** A fresh database for one test file, cloned from the migrated template in milliseconds. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${templateName()}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  return {
    name,
    url: urlForDatabase(name),
    drop: () => withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
