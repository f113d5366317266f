/**
 * A fresh Idempotency-Key for one attempt (randomUUID needs a secure context; loopback and
 * https are). The service answers a retry with the same key with the first answer.
 */
export function newIdempotencyKey(prefix = 'submit'): string {
  if (typeof crypto.randomUUID === 'function') return `${prefix}-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
