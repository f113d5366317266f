import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in a transaction only if this instance obtains the PostgreSQL advisory lock
 * named by `key`; another instance holding it makes this call return `{ ran: false }`.
 * The lock is transaction-scoped, so a crash releases it.
 */
export async function withAdvisoryLock<T>(
  db: DataSource,
  key: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  return db.transaction(async (manager) => {
    const [{ locked }] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [key])) as {
      locked: boolean;
    }[];
    if (!locked) return { ran: false as const };
    return { ran: true as const, result: await work(manager) };
  });
}
