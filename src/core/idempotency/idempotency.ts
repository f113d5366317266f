import type { FastifyReply } from 'fastify';
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

/** The documented header, for routes where a key is optional. */
export const OPTIONAL_IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: '8–200 characters, one per attempt: a retry with the same key returns the first answer; the same key with a different request is refused (422)',
};

/**
 * The key of a route where it is optional: absent stays absent (the state machine alone refuses
 * a second submission or approval), but a malformed key is refused rather than ignored, since a
 * client that sends one relies on it.
 */
export function optionalIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (isValidIdempotencyKey(header)) return header;
  throw new DomainError('validation', 'IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header must be 8–200 letters, digits or . _ : -', [
    { field: 'Idempotency-Key', code: 'INVALID', message: '8–200 characters from A–Z a–z 0–9 . _ : -' },
  ]);
}

/** `once` when the caller sent a key, the work alone when not. */
export async function onceIfKeyed<T extends object>(
  manager: EntityManager,
  userId: string,
  key: string | undefined,
  scope: string,
  requestHash: string,
  work: () => Promise<T>,
): Promise<StoredResponse<T>> {
  if (key === undefined) return { status: 200, body: await work(), replayed: false };
  return once(manager, userId, key, scope, requestHash, async () => ({ status: 200, body: await work() }));
}

/** The body of a (possibly replayed) answer; a replay says so in a header, as proposal submission does. */
export function answer<T>(reply: FastifyReply, response: StoredResponse<T>): T {
  if (response.replayed) void reply.header('idempotent-replayed', 'true');
  return response.body;
}
