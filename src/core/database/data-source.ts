import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

/** The one place that describes how the service talks to PostgreSQL. */
export function dataSourceOptions(url: string, poolSize = 20, connectTimeoutMs = 5000): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // connectionTimeoutMillis bounds both opening a connection and waiting for a free one, so a
    // request during an outage or on a saturated pool fails (503) instead of hanging.
    extra: { max: poolSize, application_name: 'efro-grants', connectionTimeoutMillis: connectTimeoutMs },
  };
}

export async function runMigrations(url: string, log: (line: string) => void = () => {}): Promise<number> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`migration applied: ${m.name}`);
    return applied.length;
  } finally {
    await dataSource.destroy();
  }
}
