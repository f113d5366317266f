import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'efro_session';

/** 256 random bits, base64url: the session id in the cookie, and the CSRF token. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

const SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The key a session is stored and cached under. A fast hash is enough: the id carries 256
 * random bits, so there is nothing to guess from it. Null for a value that is no session id.
 */
export function sessionKey(id: string | undefined): string | null {
  if (id === undefined || !SECRET_FORMAT.test(id)) return null;
  return createHash('sha256').update(id).digest('hex');
}
