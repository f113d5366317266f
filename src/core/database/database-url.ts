import { resolve } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../config/app.config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { ensureServiceLogin } from './roles';

/** The embedded server this service uses, for the readiness check. */
export interface EmbeddedServer {
  dir: string;
  port: number;
}

export interface ResolvedDatabase {
  /** The service's connection: row privileges only, when an owner URL is known. */
  url: string;
  /** The owner's, for migrations. */
  ownerUrl: string;
  /** Set when the database is the embedded server (started here or by another process). */
  embedded?: EmbeddedServer;
  /** Stops the embedded server when this process started it. */
  release(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  // Failures reach the awaited calls; an 'error' event no one hears would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL (and DATABASE_OWNER_URL) when set; otherwise the embedded PostgreSQL in
 * EMBEDDED_PG_DIR, started here unless another process of this project (the running service,
 * say) already started it. On the embedded server the superuser owns the schema and the
 * service logs in as `efro_service`, a member of efro_app, like a deployment should.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, ownerUrl: config.DATABASE_OWNER_URL ?? config.DATABASE_URL, release: async () => {} };
  const ownerUrl = `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/efro`;
  const server: EmbeddedServer = { dir: resolve(config.EMBEDDED_PG_DIR), port: config.EMBEDDED_PG_PORT };
  if (await reachable(ownerUrl)) {
    log(`using the embedded PostgreSQL already running on port ${config.EMBEDDED_PG_PORT}`);
    return { url: await ensureServiceLogin(ownerUrl), ownerUrl, embedded: server, release: async () => {} };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT, 'efro', log);
  return { url: await ensureServiceLogin(embedded.url), ownerUrl: embedded.url, embedded: server, release: () => embedded.stop() };
}

/**
 * Whether the service's own connection could change what it must not: a superuser, or the
 * owner of the audit log. Logged at boot so that a deployment without DATABASE_OWNER_URL knows.
 */
export async function privilegeWarning(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // Failures reach the awaited calls; an 'error' event no one hears would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ superuser: boolean; owner: boolean; who: string }>(
      `SELECT r.rolsuper AS superuser, coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false) AS owner, current_user AS who
       FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('audit_log') WHERE r.rolname = current_user`,
    );
    const [row] = rows;
    if (!row || (!row.superuser && !row.owner)) return null;
    return `the service connects as ${row.who}, ${row.superuser ? 'a superuser' : 'the owner of the schema'}: it could change the audit log. Set DATABASE_OWNER_URL for migrations and give DATABASE_URL a member of efro_app (README, "Database roles")`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
