import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { BACKUP_FORMAT, BackupError, BackupManifest, loadOrder, MANIFEST, migrationsBeforeLoad, parseManifest, SequenceEntry, TableEdge, TableEntry, UploadEntry } from './backup-plan';

/**
 * Backup and restore without pg_dump (the embedded server ships none): the database is copied
 * table by table with COPY inside one REPEATABLE READ snapshot, and the uploads that snapshot
 * references are copied (and their SHA-256 checked) while the snapshot is held, so the two
 * always belong together. The format is plain gzipped COPY text plus a manifest, readable by
 * PostgreSQL itself, and it works the same against an external DATABASE_URL.
 */

/** Uploads are content-addressed: the rows that name a file by its SHA-256. */
const REFERENCED_UPLOADS = `SELECT sha256, max(size_bytes)::bigint AS size FROM supporting_documents GROUP BY sha256 ORDER BY sha256`;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Passes bytes through while hashing them. */
class Hashing extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

async function sha256Of(path: string): Promise<string> {
  const hashing = new Hashing();
  await pipeline(createReadStream(path), hashing, async function* (source) {
    for await (const _ of source) void _;
  });
  return hashing.digest();
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

interface Schema {
  tables: { name: string; columns: string[]; primaryKey: string[] }[];
  edges: TableEdge[];
}

/** The application's tables (not TypeORM's bookkeeping) with their stored columns, in load order. */
async function readSchema(client: Client): Promise<Schema> {
  const tables = await client.query<{ name: string; columns: string[]; primaryKey: string[] | null }>(
    `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns,
            (SELECT array_agg(k.attname::text ORDER BY array_position(i.indkey, k.attnum))
               FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = ANY (i.indkey)
              WHERE i.indrelid = c.oid AND i.indisprimary) AS "primaryKey"
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'migrations'
      GROUP BY c.oid, c.relname`,
  );
  const edges = await client.query<TableEdge>(
    `SELECT f.conrelid::regclass::text AS "from", f.confrelid::regclass::text AS "to"
       FROM pg_constraint f JOIN pg_namespace n ON n.oid = f.connamespace AND n.nspname = current_schema()
      WHERE f.contype = 'f'`,
  );
  const order = loadOrder(
    tables.rows.map((t) => t.name),
    edges.rows,
  );
  const byName = new Map(tables.rows.map((t) => [t.name, { ...t, primaryKey: t.primaryKey ?? [] }]));
  return { tables: order.map((name) => byName.get(name)!), edges: edges.rows };
}

async function appliedMigrations(client: Client): Promise<string[]> {
  const table = await client.query<{ present: boolean }>(`SELECT to_regclass('migrations') IS NOT NULL AS present`);
  if (!table.rows[0].present) return [];
  const rows = await client.query<{ name: string }>(`SELECT name FROM migrations ORDER BY timestamp, id`);
  return rows.rows.map((r) => r.name);
}

export interface BackupOptions {
  databaseUrl: string;
  uploadDir: string;
  /** The folder to create; it must not exist yet. */
  target: string;
  log?: (line: string) => void;
  now?: () => Date;
}

/** Writes a consistent backup of the database and its uploads into a new folder. */
export async function createBackup(options: BackupOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => {});
  const target = resolve(options.target);
  if (await exists(target)) throw new BackupError(`${target} exists already: a backup goes into a new folder`);
  // Written under a temporary name and renamed at the end: a folder with the final name is complete.
  const partial = `${target}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(join(partial, 'db'), { recursive: true });
  await mkdir(join(partial, 'uploads'));
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'efro-grants backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = await appliedMigrations(client);
    if (migrations.length === 0) throw new BackupError('the database has no migrations applied: there is nothing to back up');
    const schema = await readSchema(client);
    const tables: TableEntry[] = [];
    for (const { name, columns, primaryKey } of schema.tables) {
      const file = `db/${name}.tsv.gz`;
      const hashing = new Hashing();
      // In primary-key order, not the heap's: a backup's bytes then depend on the data alone, so two
      // backups of the same data (the original and its restore) are the same files.
      const select = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(name)}${primaryKey.length ? ` ORDER BY ${primaryKey.map(quote).join(', ')}` : ''}`;
      const copy = client.query(copyTo(`COPY (${select}) TO STDOUT`));
      await pipeline(copy, createGzip(), hashing, createWriteStream(join(partial, file), { flags: 'wx' }));
      tables.push({ name, columns, rows: copy.rowCount, file, sha256: hashing.digest() });
      log(`table ${name}: ${copy.rowCount} rows`);
    }
    const sequences = await client.query<{ name: string; last: string | null }>(
      `SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
    );
    const sequenceEntries: SequenceEntry[] = sequences.rows.filter((s) => s.last !== null).map((s) => ({ name: s.name, lastValue: s.last!, isCalled: true }));
    const uploads: UploadEntry[] = [];
    for (const row of (await client.query<{ sha256: string; size: string }>(REFERENCED_UPLOADS)).rows) {
      const source = join(resolve(options.uploadDir), row.sha256);
      if (!(await exists(source))) throw new BackupError(`the upload ${row.sha256} is referenced but missing from ${options.uploadDir}: the backup stops`);
      const hashing = new Hashing();
      await pipeline(createReadStream(source), hashing, createWriteStream(join(partial, 'uploads', row.sha256), { flags: 'wx' }));
      if (hashing.digest() !== row.sha256) throw new BackupError(`the upload ${row.sha256} on disk does not match its hash: the backup stops`);
      uploads.push({ sha256: row.sha256, sizeBytes: hashing.bytes });
    }
    log(`uploads: ${uploads.length} files`);
    await client.query('COMMIT');
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: (options.now ?? (() => new Date()))().toISOString(), migrations, tables, sequences: sequenceEntries, uploads };
    await writeFile(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
    await rename(partial, target);
    return manifest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await rm(partial, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end();
  }
}

export interface RestoreOptions {
  databaseUrl: string;
  uploadDir: string;
  source: string;
  /** The installation's migrations, oldest first (their names). */
  migrationNames: readonly string[];
  /** Applies the first `count` of the installation's migrations (all of them when undefined). */
  migrate(count?: number): Promise<void>;
  log?: (line: string) => void;
}

/**
 * Restores a backup into an empty installation: checks every file against the manifest first,
 * migrates to the schema the data was written under, copies the uploads, loads every table in
 * one transaction (the tables' own triggers held off, since they refuse changes to records that
 * were frozen before the backup), then applies the newer migrations as an upgrade would.
 */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => {});
  const source = resolve(options.source);
  if (!(await exists(join(source, MANIFEST)))) throw new BackupError(`${source} has no ${MANIFEST}: not a complete backup`);
  const manifest = parseManifest(await readFile(join(source, MANIFEST), 'utf8'));
  for (const t of manifest.tables) {
    if ((await sha256Of(join(source, t.file))) !== t.sha256) throw new BackupError(`${t.file} does not match the manifest: the backup is damaged`);
  }
  for (const u of manifest.uploads) {
    if ((await sha256Of(join(source, 'uploads', u.sha256))) !== u.sha256) throw new BackupError(`the upload ${u.sha256} in the backup does not match its hash`);
  }
  const before = migrationsBeforeLoad(manifest.migrations, options.migrationNames);

  const client = new Client({ connectionString: options.databaseUrl, application_name: 'efro-grants restore' });
  await client.connect();
  try {
    const applied = await appliedMigrations(client);
    if (applied.length > before) {
      throw new BackupError(`the database already has ${applied.length} migrations applied, more than the backup's ${before}: restore into an empty database`);
    }
    await options.migrate(before);
    const schema = await readSchema(client);
    const filled = [];
    for (const { name } of schema.tables) {
      const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quote(name)}) AS any`);
      if (rows[0].any) filled.push(name);
    }
    if (filled.length > 0) throw new BackupError(`the database is not empty (${filled.join(', ')} hold rows): restore into an empty installation`);
    const known = new Set(schema.tables.map((t) => t.name));
    const unknown = manifest.tables.filter((t) => !known.has(t.name)).map((t) => t.name);
    if (unknown.length > 0) throw new BackupError(`the backup holds tables this schema lacks: ${unknown.join(', ')}`);

    const uploadDir = resolve(options.uploadDir);
    await mkdir(uploadDir, { recursive: true });
    for (const u of manifest.uploads) {
      const final = join(uploadDir, u.sha256);
      if (await exists(final)) {
        if ((await sha256Of(final)) !== u.sha256) throw new BackupError(`${final} exists and does not match its hash: move it away and restore again`);
        continue;
      }
      const temporary = join(uploadDir, `.restore-${u.sha256}.part`);
      await pipeline(createReadStream(join(source, 'uploads', u.sha256)), createWriteStream(temporary));
      await rename(temporary, final);
    }
    log(`uploads: ${manifest.uploads.length} files in ${uploadDir}`);

    await client.query('BEGIN');
    const order = schema.tables.map((t) => t.name);
    const entries = new Map(manifest.tables.map((t) => [t.name, t]));
    for (const name of order) {
      const entry = entries.get(name);
      if (!entry) continue;
      await client.query(`ALTER TABLE ${quote(name)} DISABLE TRIGGER USER`);
      const copy = client.query(copyFrom(`COPY ${quote(name)} (${entry.columns.map(quote).join(', ')}) FROM STDIN`));
      await pipeline(createReadStream(join(source, entry.file)), createGunzip(), copy);
      await client.query(`ALTER TABLE ${quote(name)} ENABLE TRIGGER USER`);
      if (copy.rowCount !== entry.rows) throw new BackupError(`table ${name}: ${copy.rowCount} rows loaded, the manifest says ${entry.rows}`);
      log(`table ${name}: ${entry.rows} rows`);
    }
    for (const s of manifest.sequences) await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [quote(s.name), s.lastValue, s.isCalled]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  await options.migrate();
  return manifest;
}
