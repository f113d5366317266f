import { EntityManager } from 'typeorm';
import { SqlStatement, writeTogether } from '../database/statements';
import { DomainError } from '../errors/domain.error';
import { IdempotencyKey } from './idempotency-key.entity';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

export function isValidIdempotencyKey(key: string | undefined): key is string {
  return typeof key === 'string' && KEY.test(key);
}

/** What the work of `once` answers, and the writes it leaves to be made with the stored answer. */
export interface OnceResult<T> {
  status: number;
  body: T;
  /** Independent writes made in the same statement as the stored answer (see `together`). */
  writes?: SqlStatement[];
}

/**
 * Runs `work` at most once per (user, key), inside the caller's transaction. The key row is
 * inserted first: a concurrent request with the same key waits on it, then replays the stored
 * response once the first commits (or does the work itself if the first rolled back).
 */
export async function once<T extends object>(
  manager: EntityManager,
  userId: string,
  key: string,
  scope: string,
  requestHash: string,
  work: () => Promise<OnceResult<T>>,
): Promise<StoredResponse<T>> {
  const inserted = (await manager.query(
    `INSERT INTO idempotency_keys (user_id, key, scope, request_hash, response_status, response_body)
     VALUES ($1, $2, $3, $4, 0, '{}') ON CONFLICT DO NOTHING RETURNING key`,
    [userId, key, scope, requestHash],
  )) as unknown[];
  if (inserted.length === 0) {
    const stored = await manager.findOneByOrFail(IdempotencyKey, { userId, key });
    if (stored.scope !== scope || stored.requestHash !== requestHash) {
      throw new DomainError('rule', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request', [
        { field: 'Idempotency-Key', code: 'REUSED', message: 'use a new key for a different request' },
      ]);
    }
    return { status: stored.responseStatus, body: stored.responseBody as T, replayed: true };
  }
  const { status, body, writes = [] } = await work();
  await writeTogether(manager, [
    ...writes,
    {
      sql: `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`,
      params: [userId, key, status, JSON.stringify(body)],
    },
  ]);
  return { status, body, replayed: false };
}
