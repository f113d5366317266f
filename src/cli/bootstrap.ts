import { Logger } from '@nestjs/common';
import { AppConfig, loadConfigWith, loadDotEnv } from '../core/config/app.config';
import { runMigrations } from '../database/data-source';
import { resolveDatabase, ResolvedDatabase } from '../core/database/database-url';

/** Config and a migrated database for the command-line tools. */
export async function prepare(overrides: Record<string, string> = {}): Promise<{ config: AppConfig; database: ResolvedDatabase; logger: Logger }> {
  const logger = new Logger('CLI');
  loadDotEnv();
  const config = loadConfigWith(overrides);
  const database = await resolveDatabase(config, (line) => logger.log(line));
  config.DATABASE_URL = database.url;
  const applied = await runMigrations(database.ownerUrl, (line) => logger.log(line));
  logger.log(`migrations up to date (${applied} applied now)`);
  return { config, database, logger };
}
