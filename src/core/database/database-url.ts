import { Client } from 'pg';
import { AppConfig } from '../config/app.config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
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
  if (await reachable(url)) {
    log(`using the embedded PostgreSQL already running on port ${config.EMBEDDED_PG_PORT}`);
    return { url, release: async () => {} };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(config.EMBEDDED_PG_DIR, config.EMBEDDED_PG_PORT, 'efro', log);
  return { url: embedded.url, release: () => embedded.stop() };
}
