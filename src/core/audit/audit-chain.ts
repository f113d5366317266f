import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../crypto/canonical-json';

/**
 * The hash chain of the audit log, as pure functions shared by the service that writes
 * entries, the migration that chained the old ones and the verifier.
 *
 * An entry's `content_hash` is the SHA-256 of the canonical JSON of its content; personal
 * details (the actor's e-mail, names, e-mail addresses in before/after) are kept beside it and
 * enter the content only as `personalHash`, a salted hash, so that erasing them after the
 * retention period leaves every hash verifiable. The database assigns `seq` and links the entry
 * (`hash = SHA-256(prevHash ":" seq ":" contentHash)`) under a lock, in commit order.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** Keys whose values are personal data wherever they appear in an entry's before or after. */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set(['email', 'fullName', 'person', 'address', 'actorEmail']);

export interface AuditContent {
  occurredAt: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  correlationId: string | null;
  personalHash: string | null;
}

/** Personal details of one entry, as stored (and erased) beside it. */
export interface PersonalPart {
  salt: string;
  /** Values taken out of before/after, by JSON path (`after.email`, `before.lines.0.person`). */
  fields: Record<string, unknown>;
}

/** JSON as PostgreSQL's jsonb gives it back: what the hash must be computed over. */
export function asStored(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value) ?? 'null') as unknown);
}

/**
 * Moves the values of personal keys out of `value` (already in stored form), returning the
 * value without them and the paths they were at. Pure; `mergePersonal` undoes it.
 */
export function separatePersonal(value: unknown, path: string, fields: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item, i) => separatePersonal(item, `${path}.${i}`, fields));
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (PERSONAL_KEYS.has(key) && typeof item === 'string') {
      fields[`${path}.${key}`] = item;
      continue;
    }
    kept[key] = separatePersonal(item, `${path}.${key}`, fields);
  }
  return kept;
}

/** Puts personal values back at their paths (for reading the trail while they exist). */
export function mergePersonal(root: 'before' | 'after', value: unknown, fields: Record<string, unknown> | null | undefined): unknown {
  if (!fields || value === null || typeof value !== 'object') return value;
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const [path, item] of Object.entries(fields)) {
    const parts = path.split('.');
    if (parts.shift() !== root) continue;
    let target: Record<string, unknown> | undefined = copy;
    for (const part of parts.slice(0, -1)) {
      const next: unknown = target?.[part];
      target = next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
    }
    if (target) target[parts[parts.length - 1]] = item;
  }
  return copy;
}

export function personalHash(actorEmail: string | null, part: PersonalPart): string {
  return sha256Hex(canonicalJson({ actorEmail, fields: part.fields, salt: part.salt }));
}

export interface PreparedEntry {
  content: AuditContent;
  contentHash: string;
  actorEmail: string | null;
  personal: PersonalPart | null;
}

/** Splits an entry into its chained content and its personal part, and hashes the content. */
export function prepareEntry(
  input: Omit<AuditContent, 'personalHash'> & { actorEmail: string | null; personal?: Record<string, unknown> },
  salt: string = randomBytes(16).toString('hex'),
): PreparedEntry {
  const fields: Record<string, unknown> = {};
  const before = separatePersonal(asStored(input.before), 'before', fields);
  const after = separatePersonal(asStored(input.after), 'after', fields);
  for (const [key, value] of Object.entries((asStored(input.personal ?? {}) as Record<string, unknown>) ?? {})) fields[`personal.${key}`] = value;
  const personal = input.actorEmail !== null || Object.keys(fields).length > 0 ? { salt, fields } : null;
  const content: AuditContent = {
    occurredAt: input.occurredAt,
    actorId: input.actorId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before,
    after,
    correlationId: input.correlationId,
    personalHash: personal ? personalHash(input.actorEmail, personal) : null,
  };
  return { content, contentHash: contentHash(content), actorEmail: input.actorEmail, personal };
}

export function contentHash(content: AuditContent): string {
  return sha256Hex(canonicalJson({ v: 1, ...content, occurredAt: content.occurredAt.toISOString() }));
}

/** What the database computes when it links an entry (kept in step with migration 1795770000161). */
export function chainHash(prevHash: string, seq: string | number | bigint, contentHashHex: string): string {
  return sha256Hex(`${prevHash}:${seq}:${contentHashHex}`);
}

/** One stored entry as the verifier reads it. */
export interface StoredEntry {
  id: string;
  seq: string;
  occurredAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  correlationId: string | null;
  personal: PersonalPart | null;
  personalHash: string | null;
  contentHash: string;
  prevHash: string;
  hash: string;
}

export type ChainFault =
  | 'CONTENT_CHANGED'
  | 'PERSONAL_DATA_CHANGED'
  | 'HASH_CHANGED'
  | 'LINK_BROKEN'
  | 'SEQUENCE_GAP'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_MISSING_ENTRY'
  | 'CHECKPOINT_SIGNATURE_INVALID';

export interface FirstBadEntry {
  fault: ChainFault;
  seq: string;
  id: string | null;
  detail: string;
}

/**
 * Walks the chain in `seq` order, one entry at a time (so a million entries need no memory),
 * and stops at the first fault: a content that no longer matches its hash, a hash that is not
 * the link of its predecessor, a gap in the sequence (a deletion), or an entry whose stored
 * predecessor is not the one before it (an insertion out of order).
 */
export class ChainVerifier {
  private expectedSeq = 1n;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private erased = 0;
  fault: FirstBadEntry | null = null;

  get verified(): number {
    return this.count;
  }

  get pseudonymised(): number {
    return this.erased;
  }

  get head(): { seq: string; hash: string } {
    return { seq: String(this.expectedSeq - 1n), hash: this.prevHash };
  }

  /** Feeds the next entry; returns false once a fault is found. */
  add(entry: StoredEntry): boolean {
    if (this.fault) return false;
    const seq = BigInt(entry.seq);
    const bad = (fault: ChainFault, detail: string): boolean => {
      this.fault = { fault, seq: entry.seq, id: entry.id, detail };
      return false;
    };
    if (seq !== this.expectedSeq) {
      return bad('SEQUENCE_GAP', `expected entry ${this.expectedSeq} but the next one is ${entry.seq}: ${seq > this.expectedSeq ? 'entries were deleted' : 'an entry was inserted out of order'}`);
    }
    if (entry.prevHash !== this.prevHash) return bad('LINK_BROKEN', 'its link to the previous entry does not match the previous entry: an entry before it was changed, removed or inserted');
    if (entry.personal) {
      if (personalHash(entry.actorEmail, entry.personal) !== entry.personalHash) return bad('PERSONAL_DATA_CHANGED', 'its personal details do not match their hash');
    } else if (entry.personalHash !== null) {
      this.erased += 1;
    }
    const content: AuditContent = {
      occurredAt: entry.occurredAt,
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before,
      after: entry.after,
      correlationId: entry.correlationId,
      personalHash: entry.personalHash,
    };
    if (contentHash(content) !== entry.contentHash) return bad('CONTENT_CHANGED', 'its content does not match its content hash');
    if (chainHash(entry.prevHash, entry.seq, entry.contentHash) !== entry.hash) return bad('HASH_CHANGED', 'its hash is not the link of its content and predecessor');
    this.prevHash = entry.hash;
    this.expectedSeq = seq + 1n;
    this.count += 1;
    return true;
  }
}
