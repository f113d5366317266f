import { DomainError, FieldError, validationFailed } from '../errors/domain.error';

/**
 * Deeper than any of our DTOs (the call rules nest five levels) with room to spare. Without a
 * limit a few kilobytes of `[[[…` overflow the stack of class-transformer and the validator.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether a JSON text nests arrays and objects deeper than `max`, found in one pass over the
 * raw bytes before anything parses it (the structural characters are single bytes in UTF-8).
 * Invalid JSON is left for the parser to refuse.
 */
export function jsonDepthExceeds(text: Uint8Array | string, max = MAX_JSON_DEPTH): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export function bodyTooDeep(max = MAX_JSON_DEPTH): DomainError {
  return new DomainError('validation', 'BODY_TOO_DEEP', `The JSON body nests deeper than ${max} levels`);
}

/**
 * The paths (`organisation.name`, `partners[1].role`, a key itself) of strings that hold a
 * NUL character, which PostgreSQL refuses in text and jsonb alike. Walks without recursion,
 * so no input can overflow the stack; stops after `limit` findings.
 */
export function nulCharacterPaths(value: unknown, root = '', limit = 10): string[] {
  const found: string[] = [];
  const stack: { value: unknown; path: string; badKey?: boolean }[] = [{ value, path: root }];
  while (stack.length && found.length < limit) {
    const { value: current, path, badKey } = stack.pop()!;
    if (badKey) found.push(path);
    if (typeof current === 'string') {
      if (current.includes('\u0000')) found.push(path || '(value)');
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${path}[${i}]` });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        // The path is shown escaped: a NUL in an error message would only move the problem.
        const child = (path ? `${path}.${key}` : key).replace(/\u0000/g, '\\u0000');
        stack.push({ value: (current as Record<string, unknown>)[key], path: child, badKey: key.includes('\u0000') });
      }
    }
  }
  return found;
}

/** Refuses a NUL character anywhere in the path parameters, the query or a parsed body. */
export function assertNoNulCharacters(parts: { params?: unknown; query?: unknown; body?: unknown }): void {
  const paths = [
    ...nulCharacterPaths(parts.params, ''),
    ...nulCharacterPaths(parts.query, ''),
    ...(typeof parts.body === 'string' || Buffer.isBuffer(parts.body) ? [] : nulCharacterPaths(parts.body, '')),
  ];
  if (typeof parts.body === 'string' && parts.body.includes('\u0000')) paths.push('(body)');
  if (!paths.length) return;
  const errors: FieldError[] = paths.map((field) => ({ field, code: 'noNulCharacter', message: `${field} must not contain a NUL character (\\u0000)` }));
  throw validationFailed(errors, 'Text must not contain NUL characters');
}

/**
 * `multipart/form-data` without a `boundary` parameter cannot be read at all; refused before
 * a handler asks the multipart reader for the file (which would throw a plain error).
 */
export function assertMultipartBoundary(contentType: string | undefined): void {
  if (!contentType || !/^\s*multipart\/form-data\b/i.test(contentType)) return;
  const boundary = /;\s*boundary\s*=\s*("[^"]+"|[^;\s]+)/i.exec(contentType);
  if (!boundary) {
    throw new DomainError('validation', 'MULTIPART_BOUNDARY_MISSING', 'A multipart/form-data request needs a boundary parameter in its Content-Type', [
      { field: 'content-type', code: 'boundaryMissing', message: 'Content-Type must read multipart/form-data; boundary=…' },
    ]);
  }
}
