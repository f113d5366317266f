import { timingSafeEqual } from 'node:crypto';

/** Methods that change something: a cookie-authenticated request with one of these needs the CSRF proof. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isUnsafeMethod(method: string): boolean {
  return UNSAFE_METHODS.has(method.toUpperCase());
}

export interface CsrfEvidence {
  method: string;
  /** The `X-CSRF-Token` header. */
  csrfHeader: string | string[] | undefined;
  /** The `Origin` header, when the browser sent one. */
  origin: string | string[] | undefined;
  /** The host the request was addressed to (`Host`, or the proxy's forwarded host). */
  host: string | undefined;
}

/**
 * Double protection for writes authenticated by the cookie (OWASP's synchroniser token plus
 * origin check): the session's CSRF token, which another site cannot read, must come along
 * in a header, and a browser's Origin, when sent, must be this service's own host.
 */
export function csrfSatisfied(evidence: CsrfEvidence, sessionToken: string): boolean {
  if (!isUnsafeMethod(evidence.method)) return true;
  const given = evidence.csrfHeader;
  if (typeof given !== 'string' || !sameSecret(given, sessionToken)) return false;
  if (evidence.origin === undefined) return true;
  return typeof evidence.origin === 'string' && originMatchesHost(evidence.origin, evidence.host);
}

/** `https://efro.example:443` matches host `efro.example`; `null` and malformed origins match nothing. */
export function originMatchesHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  let url: URL;
  let own: URL;
  try {
    url = new URL(origin);
    // The host read with the origin's own scheme, so that default ports compare equal.
    own = new URL(`${url.protocol}//${host}`);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host === own.host;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
