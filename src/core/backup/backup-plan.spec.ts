import { BACKUP_FORMAT, BackupError, loadOrder, migrationsBeforeLoad, parseManifest } from './backup-plan';

describe('loadOrder', () => {
  it('puts every table after the tables it references', () => {
    const order = loadOrder(
      ['payments', 'grants', 'users', 'organisations', 'cost_statements'],
      [
        { from: 'payments', to: 'grants' },
        { from: 'payments', to: 'cost_statements' },
        { from: 'cost_statements', to: 'grants' },
        { from: 'grants', to: 'organisations' },
        { from: 'users', to: 'organisations' },
        { from: 'payments', to: 'users' },
      ],
    );
    expect(order).toEqual(['organisations', 'grants', 'users', 'cost_statements', 'payments']);
  });

  it('accepts a table that references itself and ignores tables outside the list', () => {
    expect(loadOrder(['audit_log', 'users'], [{ from: 'audit_log', to: 'audit_log' }, { from: 'users', to: 'migrations' }])).toEqual(['audit_log', 'users']);
  });

  it('refuses a cycle between tables, naming them', () => {
    expect(() => loadOrder(['a', 'b', 'c'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }])).toThrow(/a, b reference each other/);
  });
});

describe('migrationsBeforeLoad', () => {
  it('loads the data after the migrations it was written under and runs the newer ones after', () => {
    expect(migrationsBeforeLoad(['M1', 'M2'], ['M1', 'M2', 'M3'])).toBe(2);
    expect(migrationsBeforeLoad(['M1', 'M2', 'M3'], ['M1', 'M2', 'M3'])).toBe(3);
  });

  it('refuses a backup of a newer version and one whose order differs', () => {
    expect(() => migrationsBeforeLoad(['M1', 'M4'], ['M1', 'M2'])).toThrow(/newer version.*M4/);
    expect(() => migrationsBeforeLoad(['M2', 'M1'], ['M1', 'M2'])).toThrow(BackupError);
  });
});

describe('parseManifest', () => {
  const good = { format: BACKUP_FORMAT, createdAt: '2026-12-01T12:00:00Z', migrations: ['M1'], tables: [{ name: 'users', columns: ['id', 'email'], rows: 2, file: 'db/users.tsv.gz', sha256: 'a'.repeat(64) }], sequences: [], uploads: [{ sha256: 'b'.repeat(64), sizeBytes: 3 }] };

  it('reads what a backup wrote', () => {
    expect(parseManifest(JSON.stringify(good)).tables[0].name).toBe('users');
  });

  it('refuses damaged, foreign or unsafe manifests', () => {
    expect(() => parseManifest('{"format":')).toThrow(/not JSON/);
    expect(() => parseManifest(JSON.stringify({ ...good, format: 'pg_dump' }))).toThrow(/not an efro-grants backup/);
    expect(() => parseManifest(JSON.stringify({ ...good, tables: [{ ...good.tables[0], name: 'users; DROP TABLE users' }] }))).toThrow(/unreadable entry/);
    expect(() => parseManifest(JSON.stringify({ ...good, uploads: [{ sha256: '../etc/passwd', sizeBytes: 1 }] }))).toThrow(/not a SHA-256/);
  });
});
