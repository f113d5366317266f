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

  constructor(
    private readonly db: DataSource,
    private readonly entity: EntityTarget<T>,
  ) {
    const meta = db.getMetadata(entity);
    if (meta.primaryColumns.length !== 1) throw new Error(`${meta.name}: EntityReader needs a single primary key`);
    this.columns = meta.columns.map((c) => ({
      property: c.propertyName,
      column: c.databaseName,
      isDate: c.type === 'date',
      transformers: c.transformer ? (Array.isArray(c.transformer) ? c.transformer : [c.transformer]) : [],
    }));
    this.sql = `SELECT ${this.columns.map((c) => `"${c.column}"`).join(', ')} FROM "${meta.tableName}" WHERE "${meta.primaryColumns[0].databaseName}" = $1`;
  }

  async byId(id: string, manager: EntityManager = this.db.manager): Promise<T | null> {
    const rows = (await manager.query(this.sql, [id])) as Record<string, unknown>[];
    if (rows.length === 0) return null;
    const entity = this.db.getRepository(this.entity).create();
    const target = entity as Record<string, unknown>;
    for (const c of this.columns) {
      let value = rows[0][c.column];
      if (c.isDate && value instanceof Date) value = localDate(value);
      for (const t of c.transformers) value = t.from(value);
      target[c.property] = value;
    }
    return entity;
  }
}

/** pg parses DATE as local midnight; TypeORM hands it out as YYYY-MM-DD, and so do we. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
