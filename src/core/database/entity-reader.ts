import { DataSource, EntityManager, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';

interface ColumnRead {
  property: string;
  column: string;
  isDate: boolean;
  transformers: ValueTransformer[];
}

/**
 * Reads one entity by primary key with a prepared statement built once from TypeORM's own
 * metadata. On hot read paths TypeORM's query builder cost about 250 µs of CPU per lookup
 * (measured: findOneBy 376 µs against 122 µs for the same raw query), three times the query.
 */
export class EntityReader<T extends ObjectLiteral> {
  private readonly sql: string;
  private readonly columns: ColumnRead[];
  private readonly select: string;
  private readonly table: string;
  private readonly byColumn = new Map<string, string>();
  private readonly prototype: object;
  private readonly defaultManager: EntityManager;

  constructor(db: DataSource, entity: EntityTarget<T>) {
    const meta = db.getMetadata(entity);
    if (meta.primaryColumns.length !== 1) throw new Error(`${meta.name}: EntityReader needs a single primary key`);
    this.columns = meta.columns.map((c) => ({
      property: c.propertyName,
      column: c.databaseName,
      isDate: c.type === 'date',
      transformers: c.transformer ? (Array.isArray(c.transformer) ? c.transformer : [c.transformer]) : [],
    }));
    this.defaultManager = db.manager;
    this.prototype = (meta.target as { prototype: object }).prototype;
    this.select = this.columns.map((c) => `"${c.column}"`).join(', ');
    this.table = meta.tableName;
    this.sql = `SELECT ${this.select} FROM "${meta.tableName}" WHERE "${meta.primaryColumns[0].databaseName}" = $1`;
  }

  /** With `lock`, the row is locked FOR UPDATE: call it inside a transaction. */
  async byId(id: string, manager: EntityManager = this.defaultManager, options: { lock?: boolean } = {}): Promise<T | null> {
    const rows = (await manager.query(options.lock ? `${this.sql} FOR UPDATE` : this.sql, [id])) as Record<string, unknown>[];
    return rows.length === 0 ? null : this.hydrate(rows[0]);
  }

  /** Every row whose `column` (a database column name) equals `value`, ordered by `orderBy`. */
  async allBy(column: string, value: unknown, orderBy: string, manager: EntityManager = this.defaultManager): Promise<T[]> {
    const key = `${column}|${orderBy}`;
    let sql = this.byColumn.get(key);
    if (!sql) {
      const known = new Set(this.columns.map((c) => c.column));
      if (!known.has(column) || !known.has(orderBy)) throw new Error(`${this.table}: unknown column ${column} or ${orderBy}`);
      sql = `SELECT ${this.select} FROM "${this.table}" WHERE "${column}" = $1 ORDER BY "${orderBy}"`;
      this.byColumn.set(key, sql);
    }
    const rows = (await manager.query(sql, [value])) as Record<string, unknown>[];
    return rows.map((row) => this.hydrate(row));
  }

  private hydrate(row: Record<string, unknown>): T {
    const target = Object.create(this.prototype) as Record<string, unknown>;
    for (const c of this.columns) {
      let value = row[c.column];
      if (c.isDate && value instanceof Date) value = localDate(value);
      for (const t of c.transformers) value = t.from(value);
      target[c.property] = value;
    }
    return target as T;
  }
}

/** pg parses DATE as local midnight; TypeORM hands it out as YYYY-MM-DD, and so do we. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const readers = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, EntityReader<ObjectLiteral>>>();

/** The reader of an entity for the data source behind `manager`, built on first use. */
export function readerFor<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>): EntityReader<T> {
  let perSource = readers.get(manager.connection);
  if (!perSource) {
    perSource = new Map();
    readers.set(manager.connection, perSource);
  }
  let reader = perSource.get(entity);
  if (!reader) {
    reader = new EntityReader(manager.connection, entity) as EntityReader<ObjectLiteral>;
    perSource.set(entity, reader);
  }
  return reader as unknown as EntityReader<T>;
}
