import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditTrailService } from '../core/audit/audit-trail.service';
import { Clock } from '../core/clock/clock';
import { loadConfig, loadDotEnv } from '../core/config/app.config';
import { dataSourceOptions } from '../database/data-source';
import { resolveDatabase } from '../core/database/database-url';

/**
 * `npm run audit:verify`: walks the audit chain and its checkpoints as the service would, and
 * exits 1 naming the first bad entry. Changes nothing (no migrations either), so it can check a
 * restored backup as it is.
 */
async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  const database = await resolveDatabase(config, (line) => console.error(line));
  const db = new DataSource(dataSourceOptions(database.url, 2));
  await db.initialize();
  try {
    const report = await new AuditTrailService(db, new Clock(), config).verify();
    console.log(JSON.stringify(report, null, 2));
    if (report.firstBadEntry) {
      const bad = report.firstBadEntry;
      console.error(`audit chain NOT intact: entry ${bad.seq}${bad.id ? ` (row ${bad.id})` : ''}: ${bad.fault}: ${bad.detail}`);
      return 1;
    }
    console.error(`audit chain intact: ${report.entries} entries, head ${report.head.seq} ${report.head.hash}, ${report.checkpoints} checkpoint(s) hold`);
    return 0;
  } finally {
    await db.destroy();
    await database.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
