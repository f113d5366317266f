import { together } from './statements';

describe('together', () => {
  it('chains writes as data-modifying CTEs with their parameters renumbered', () => {
    expect(
      together([
        { sql: 'INSERT INTO a (x, y) VALUES ($1, $2)', params: [1, 2] },
        { sql: 'UPDATE b SET z = $2 WHERE id = $1', params: ['b1', 'z'] },
        { sql: 'INSERT INTO c (v) VALUES ($1)', params: [3] },
      ]),
    ).toEqual({
      sql: 'WITH w0 AS (INSERT INTO a (x, y) VALUES ($1, $2) RETURNING 1), w1 AS (UPDATE b SET z = $4 WHERE id = $3 RETURNING 1) INSERT INTO c (v) VALUES ($5)',
      params: [1, 2, 'b1', 'z', 3],
    });
  });

  it('keeps a single statement as it is and renumbers $10 and up whole', () => {
    const params = Array.from({ length: 11 }, (_, i) => i);
    expect(together([{ sql: 'SELECT 1', params: [] }])).toEqual({ sql: 'SELECT 1', params: [] });
    expect(together([{ sql: 'DELETE FROM a WHERE id = $1', params: ['x'] }, { sql: 'UPDATE b SET v = $11, w = $1', params }]).sql).toBe(
      'WITH w0 AS (DELETE FROM a WHERE id = $1 RETURNING 1) UPDATE b SET v = $12, w = $2',
    );
  });

  it('refuses what it cannot chain safely', () => {
    expect(() => together([])).toThrow(RangeError);
    expect(() => together([{ sql: 'INSERT INTO a VALUES ($1) RETURNING id', params: [1] }, { sql: 'SELECT 1', params: [] }])).toThrow(/plain writes/);
    expect(() => together([{ sql: 'UPDATE a SET v = $2', params: [1] }])).toThrow(/\$2 has no parameter/);
  });
});
