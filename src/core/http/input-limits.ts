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

/** A UTF-16 surrogate without its other half: no character at all, and no UTF-8 for it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type TextFault = 'noNulCharacter' | 'wellFormedUnicode';

function faultOf(text: string): TextFault | null {
  if (text.includes('\u0000')) return 'noNulCharacter';
  if (LONE_SURROGATE.test(text)) return 'wellFormedUnicode';
  return null;
}

/** A path as it can be shown: NUL and lone surrogates escaped, so the answer itself is clean. */
function printable(path: string): string {
  return path.replace(/\u0000/g, '\\u0000').replace(new RegExp(LONE_SURROGATE.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * The strings (values and keys: `organisation.name`, `partners[1].role`) that are not text
 * PostgreSQL can store: a NUL character, refused in text and jsonb alike, or a lone surrogate,
 * which has no UTF-8 form (the driver would store U+FFFD instead, and validators that encode
 * the value throw). Walks without recursion, so no input can overflow the stack; stops after
 * `limit` findings.
 */
export function textFaults(value: unknown, root = '', limit = 10): { field: string; fault: TextFault }[] {
  const found: { field: string; fault: TextFault }[] = [];
  const stack: { value: unknown; path: string; keyFault?: TextFault | null }[] = [{ value, path: root }];
  while (stack.length && found.length < limit) {
    const { value: current, path, keyFault } = stack.pop()!;
    if (keyFault) found.push({ field: path, fault: keyFault });
    if (typeof current === 'string') {
      const fault = faultOf(current);
      if (fault) found.push({ field: path || '(value)', fault });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${path}[${i}]` });
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        stack.push({ value: (current as Record<string, unknown>)[key], path: printable(path ? `${path}.${key}` : key), keyFault: faultOf(key) });
      }
    }
  }
  return found;
}

const FAULT_MESSAGE: Record<TextFault, string> = {
  noNulCharacter: 'must not contain a NUL character (\\u0000)',
  wellFormedUnicode: 'must be well-formed Unicode (a lone surrogate is no character)',
};

/** Refuses text PostgreSQL cannot store anywhere in the path parameters, the query or a parsed body. */
export function assertStorableText(parts: { params?: unknown; query?: unknown; body?: unknown }): void {
  const faults = [...textFaults(parts.params), ...textFaults(parts.query), ...textFaults(parts.body)];
  if (!faults.length) return;
  const errors: FieldError[] = faults.map(({ field, fault }) => ({ field, code: fault, message: `${field} ${FAULT_MESSAGE[fault]}` }));
  throw validationFailed(errors, 'Text must not contain NUL characters or lone surrogates');
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
      { field: 'content-type', code: 'BOUNDARY_MISSING', message: 'Content-Type must read multipart/form-data; boundary=…' },
    ]);
  }
}
