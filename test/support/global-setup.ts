import { randomBytes } from 'node:crypto';
import { runMigrations } from '../../src/database/data-source';
import { ensureServiceLogin } from '../../src/core/database/roles';
import { urlForDatabase, withAdminClient } from './database';

/** Builds the migrated template database every test file clones. */
export default async function globalSetup(): Promise<void> {
  // The integration and browser projects share one template within a run.
  if (process.env.EFRO_TEST_TEMPLATE) return;
  // Runs of other checkouts share the server: a random part keeps two names from ever being
  // equal or one a prefix of the other (pids are reused, and 123 is a prefix of 1234).
  const template = `efro_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  process.env.EFRO_TEST_TEMPLATE = template;
  await withAdminClient(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${template}"`);
  });
  await runMigrations(urlForDatabase(template));
  // The service of every test logs in as efro_service, as a deployment should: the whole suite
  // runs without owning a table, and what it must not do is refused by the database.
  await ensureServiceLogin(urlForDatabase(template));
}
