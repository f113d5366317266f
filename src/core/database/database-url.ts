import { resolve } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../config/app.config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

/** The embedded server this service uses, for the readiness check. */
export interface EmbeddedServer {
  dir: string;
  port: number;
}

export interface ResolvedDatabase {
  url: string;
  /** Set when the database is the embedded server (started here or by another process). */
  embedded?: EmbeddedServer;
  /** Stops the embedded server when this process started it. */
  release(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
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
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in EMBEDDED_PG_DIR, started here
 * unless another process of this project (the running service, say) already started it.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, release: async () => {} };
  const url = `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/efro`;
  const server: EmbeddedServer = { dir: resolve(config.EMBEDDED_PG_DIR), port: config.EMBEDDED_PG_PORT };
  if (await reachable(url)) {
    log(`using the embedded PostgreSQL already running on port ${config.EMBEDDED_PG_PORT}`);
    return { url, embedded: server, release: async () => {} };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT, 'efro', log);
  return { url: embedded.url, embedded: server, release: () => embedded.stop() };
}
