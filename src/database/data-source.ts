import { Client, ClientConfig } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/**
 * Every pooled connection keeps an 'error' listener of its own. pg-pool listens only while a
 * connection is idle and stops when it hands one over; TypeORM's query runner starts listening
 * a microtask later. A server error read in the same chunk as the end of the handshake (a
 * shutdown beginning just then, 57P01, as in the outage spec) is emitted in between, and an
 * unheard 'error' event ends the whole process. Heard here, the connection's next query fails
 * ("Client has encountered a connection error"), answered 503 like any other lost connection,
 * and the pool discards the client on release.
 */
export class ServiceClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** The one place that describes how the service talks to PostgreSQL. */
export function dataSourceOptions(url: string, poolSize = 20, connectTimeoutMs = 5000, migrations: DataSourceOptions['migrations'] = MIGRATIONS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // connectionTimeoutMillis bounds both opening a connection and waiting for a free one, so a
    // request during an outage or on a saturated pool fails (503) instead of hanging.
    extra: { max: poolSize, application_name: 'efro-grants', connectionTimeoutMillis: connectTimeoutMs, Client: ServiceClient },
  };
}

/**
 * Applies pending migrations. Several instances starting at once (MIGRATIONS_RUN on each) take
 * turns under a PostgreSQL advisory lock: TypeORM takes none, and two runs of one migration
 * would collide. The one that waited then finds nothing left to apply.
 */
export async function runMigrations(url: string, log: (line: string) => void = () => {}, upTo = BY_TIMESTAMP.length): Promise<number> {
  // A restore stops at the migrations its data was written under (`upTo`) and runs the rest after.
  const dataSource = new DataSource(dataSourceOptions(url, 2, 5000, BY_TIMESTAMP.slice(0, upTo)));
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('efro:migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`migration applied: ${m.name}`);
    return applied.length;
  } finally {
    // Closing the connection releases a session lock as well; the unlock just says so sooner.
    await lock.query(`SELECT pg_advisory_unlock(hashtext('efro:migrations'))`).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}

/** The migrations in the order TypeORM runs them: by the timestamp ending each class name. */
const BY_TIMESTAMP = [...MIGRATIONS].sort((a, b) => Number(/\d{13}$/.exec(a.name)?.[0]) - Number(/\d{13}$/.exec(b.name)?.[0]));

/** The migrations' names as TypeORM records them, in the order it runs them. */
export const MIGRATION_NAMES: readonly string[] = BY_TIMESTAMP.map((m) => m.name);
