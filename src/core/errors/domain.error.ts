/** One field-level finding, as it appears in a problem+json `errors[]`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * What went wrong, independent of HTTP. The one exception filter maps each kind to a status,
 * so modules never pick status codes themselves.
 */
export type ErrorKind =
  | 'validation' // the request is malformed (400)
  | 'unauthenticated' // no valid credentials (401)
  | 'forbidden' // authenticated, but the role may not do this (403)
  | 'not_found' // missing, or not visible to the caller: they answer alike (404)
  | 'conflict' // the current state does not allow it (409)
  | 'gone' // it existed, and what it stood for is no longer there (410)
  | 'precondition' // a stale version (412)
  | 'precondition_required' // an edit without the version it was based on (428)
  | 'too_large' // the request body is over a limit (413)
  | 'rule' // well-formed, but breaks a business rule (422)
  | 'too_many' // throttled (429)
  | 'unavailable'; // a dependency is down (503)

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable, documented code such as `CALL_NOT_DRAFT`. */
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', 'NOT_FOUND', `${what} was not found`);
}

export function validationFailed(errors: FieldError[], message = 'The request is not valid'): DomainError {
  return new DomainError('validation', 'VALIDATION_FAILED', message, errors);
}

export function ruleBroken(code: string, message: string, errors: FieldError[] = []): DomainError {
  return new DomainError('rule', code, message, errors);
}

export function conflict(code: string, message: string, errors: FieldError[] = []): DomainError {
  return new DomainError('conflict', code, message, errors);
}
