import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createBackup, restoreBackup } from '../core/backup/backup';
import { BackupError } from '../core/backup/backup-plan';
import { loadConfigWith, loadDotEnv } from '../core/config/app.config';
import { MIGRATION_NAMES, runMigrations } from '../core/database/data-source';
import { resolveDatabase } from '../core/database/database-url';

/**
 * `npm run backup -- <folder>` and `npm run restore -- <folder>`: the database (embedded or
 * DATABASE_URL) and UPLOAD_DIR, together. A backup can be taken while the service runs; a
 * restore goes into an empty installation.
 */
async function main(command: string | undefined, folder: string | undefined): Promise<void> {
  if ((command !== 'backup' && command !== 'restore') || !folder) {
    throw new BackupError('usage: npm run backup -- <new folder>   or   npm run restore -- <backup folder>');
  }
  const logger = new Logger(command === 'backup' ? 'Backup' : 'Restore');
  const log = (line: string) => logger.log(line);
  loadDotEnv();
  const config = loadConfigWith({});
  const database = await resolveDatabase(config, log);
  try {
    if (command === 'backup') {
      const manifest = await createBackup({ databaseUrl: database.url, uploadDir: config.UPLOAD_DIR, target: folder, log });
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      log(`backup written to ${folder}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.uploads.length} uploads`);
    } else {
      const manifest = await restoreBackup({
        databaseUrl: database.url,
        uploadDir: config.UPLOAD_DIR,
        source: folder,
        migrationNames: MIGRATION_NAMES,
        migrate: async (count) => void (await runMigrations(database.url, log, count)),
        log,
      });
      log(`restored the backup of ${manifest.createdAt} from ${folder}`);
    }
  } finally {
    await database.release();
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
