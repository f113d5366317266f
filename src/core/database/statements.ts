import { EntityManager } from 'typeorm';

/** One SQL statement with its positional parameters ($1, $2, …). */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/**
 * Independent writes as one statement: every statement but the last becomes a data-modifying
 * CTE, their parameters renumbered. One round trip instead of one per write: on the submit path
 * each round trip cost about 0.1 ms of the event loop in socket writes alone.
 *
 * The writes share one snapshot and do not see each other's rows, and none may have its own
 * RETURNING or WITH: for writes to different rows that do not depend on each other. Triggers
 * and constraints apply as usual; if one write fails, none is made.
 */
export function together(statements: readonly SqlStatement[]): SqlStatement {
  if (statements.length === 0) throw new RangeError('together() needs at least one statement');
  const params: unknown[] = [];
  const parts = statements.map((statement) => {
    if (/\bRETURNING\b|^\s*WITH\b/i.test(statement.sql)) throw new RangeError(`together() takes plain writes, not: ${statement.sql.slice(0, 60)}`);
    const offset = params.length;
    params.push(...statement.params);
    return statement.sql.replace(/\$(\d+)\b/g, (_, n: string) => {
      const index = Number(n);
      if (index < 1 || index > statement.params.length) throw new RangeError(`$${index} has no parameter in: ${statement.sql.slice(0, 60)}`);
      return `$${offset + index}`;
    });
  });
  const last = parts.pop()!;
  if (parts.length === 0) return { sql: last, params };
  return { sql: `WITH ${parts.map((sql, i) => `w${i} AS (${sql} RETURNING 1)`).join(', ')} ${last}`, params };
}

/** Runs `together(statements)` in the manager's transaction. */
export async function writeTogether(manager: EntityManager, statements: readonly SqlStatement[]): Promise<void> {
  const { sql, params } = together(statements);
  await manager.query(sql, params);
}
