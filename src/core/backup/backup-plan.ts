/**
 * What a backup holds and the order it is restored in. Pure, so the rules a restore relies on
 * (load order, which migrations the data belongs to, what counts as a complete backup) are
 * unit-tested without a database.
 */

export const BACKUP_FORMAT = 'efro-grants-backup/1';
export const MANIFEST = 'manifest.json';

export interface TableEntry {
  name: string;
  /** Columns in the order the data file holds them (generated columns are left out). */
  columns: string[];
  rows: number;
  /** The data file, relative to the backup folder, and the SHA-256 of its bytes as stored. */
  file: string;
  sha256: string;
}

export interface SequenceEntry {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface UploadEntry {
  sha256: string;
  sizeBytes: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** Every migration the database had applied, oldest first: the schema the data fits. */
  migrations: string[];
  tables: TableEntry[];
  sequences: SequenceEntry[];
  uploads: UploadEntry[];
}

export class BackupError extends Error {}

/** A foreign key: `from` references `to`. */
export interface TableEdge {
  from: string;
  to: string;
}

/**
 * Tables ordered so that every table comes after the tables it references (Kahn's algorithm,
 * ties by name so the order is the same on every run). Self-references are fine (the checks of
 * one COPY run at its end); a cycle between tables cannot be loaded in one pass and is refused.
 */
export function loadOrder(tables: readonly string[], edges: readonly TableEdge[]): string[] {
  const known = new Set(tables);
  const needs = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { from, to } of edges) {
    if (from === to || !known.has(from) || !known.has(to)) continue;
    needs.get(from)!.add(to);
  }
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...needs.entries()].filter(([t, deps]) => !done.has(t) && [...deps].every((d) => done.has(d))).map(([t]) => t);
    if (ready.length === 0) {
      const left = tables.filter((t) => !done.has(t)).sort();
      throw new BackupError(`the tables ${left.join(', ')} reference each other in a cycle and cannot be restored in one pass`);
    }
    for (const t of ready.sort()) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}

/**
 * The installation's migrations the backup's data was written under: the backup's list must be
 * the start of the installation's list (a backup from a newer version cannot be restored into
 * an older one). Returns how many of the installation's migrations to apply before loading the
 * data; the rest run after it, as on an upgrade.
 */
export function migrationsBeforeLoad(backup: readonly string[], installation: readonly string[]): number {
  for (let i = 0; i < backup.length; i++) {
    if (installation[i] !== backup[i]) {
      const missing = backup.find((name) => !installation.includes(name));
      throw new BackupError(
        missing
          ? `the backup was made by a newer version of efro-grants: its migration ${missing} is unknown here`
          : `the backup's migrations are not in this installation's order (at ${backup[i]})`,
      );
    }
  }
  return backup.length;
}

const SHA256 = /^[0-9a-f]{64}$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Reads a manifest as it was written, refusing anything that would make a restore guess. */
export function parseManifest(text: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError(`${MANIFEST} is not JSON: the backup is incomplete or damaged`);
  }
  const m = value as Partial<BackupManifest>;
  if (m?.format !== BACKUP_FORMAT) throw new BackupError(`${MANIFEST} is not an efro-grants backup of format ${BACKUP_FORMAT}`);
  if (!Array.isArray(m.migrations) || !Array.isArray(m.tables) || !Array.isArray(m.sequences) || !Array.isArray(m.uploads)) {
    throw new BackupError(`${MANIFEST} lacks migrations, tables, sequences or uploads`);
  }
  for (const t of m.tables) {
    if (!IDENTIFIER.test(t.name) || !t.columns.every((c) => IDENTIFIER.test(c)) || !SHA256.test(t.sha256) || !Number.isSafeInteger(t.rows)) {
      throw new BackupError(`${MANIFEST} has an unreadable entry for table ${String(t.name)}`);
    }
  }
  for (const u of m.uploads) if (!SHA256.test(u.sha256)) throw new BackupError(`${MANIFEST} lists an upload that is not a SHA-256: ${String(u.sha256)}`);
  return m as BackupManifest;
}
