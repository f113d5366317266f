import { runMigrations } from '../../src/core/database/data-source';
import { urlForDatabase, withAdminClient } from './database';

/** Builds the migrated template database every test file clones. */
export default async function globalSetup(): Promise<void> {
  // The integration and browser projects share one template within a run.
  if (process.env.EFRO_TEST_TEMPLATE) return;
  const template = `efro_test_${process.pid}`;
  process.env.EFRO_TEST_TEMPLATE = template;
  await withAdminClient(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${template}"`);
  });
  await runMigrations(urlForDatabase(template));
}
