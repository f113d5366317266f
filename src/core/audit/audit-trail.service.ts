import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app.config';
import { Page, page, PageQuery } from '../http/pagination';
import { withAdvisoryLock } from '../scheduling/advisory-lock';
import { brusselsDate } from '../time/brussels';
import { ChainVerifier, FirstBadEntry, mergePersonal, PersonalPart, StoredEntry } from './audit-chain';
import { Checkpoint, CheckpointSigner } from './audit-checkpoint';

export interface VerificationReport {
  intact: boolean;
  entries: number;
  /** Entries whose personal details were erased after the retention period (their hashes still verify). */
  pseudonymised: number;
  head: { seq: string; hash: string };
  checkpoints: number;
  latestCheckpoint: { seq: string; hash: string; signedAt: Date } | null;
  firstBadEntry: FirstBadEntry | null;
}

/** An entry as people read it: its content with the personal details merged back, and its hash. */
export type TrailEntry = Pick<StoredEntry, 'seq' | 'occurredAt' | 'actorId' | 'actorEmail' | 'action' | 'entityType' | 'entityId' | 'before' | 'after' | 'correlationId' | 'hash'>;

interface Row {
  id: string;
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  correlation_id: string | null;
  personal: PersonalPart | null;
  personal_hash: string | null;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

/** The audit log's columns as `Row` reads them. */
export const AUDIT_COLUMNS = `id::text AS id, seq::text AS seq, occurred_at, actor_id, actor_email, action, entity_type, entity_id, before, after,
  correlation_id, personal, personal_hash, content_hash, prev_hash, hash`;

function stored(row: Row): StoredEntry {
  return {
    id: row.id,
    seq: row.seq,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    correlationId: row.correlation_id,
    personal: row.personal,
    personalHash: row.personal_hash,
    contentHash: row.content_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const BATCH = 5000;

/** Reads, verifies and checkpoints the audit chain. */
@Injectable()
export class AuditTrailService {
  private readonly logger = new Logger(AuditTrailService.name);
  readonly signer: CheckpointSigner;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.signer = new CheckpointSigner(config.AUDIT_SIGNING_KEY);
  }

  /**
   * Walks the whole chain in batches (memory stays flat) and then holds every checkpoint
   * against it: a signature that is not this service's, or a checkpointed entry whose hash
   * differs or that is gone, means the chain was rewritten or cut short.
   */
  async verify(): Promise<VerificationReport> {
    // Checkpoints first: each then names an entry that existed before the walk began.
    const checkpoints = (
      (await this.db.query(`SELECT seq::text AS seq, hash, signed_at, public_key, signature FROM audit_checkpoints ORDER BY audit_checkpoints.seq, id`)) as {
        seq: string;
        hash: string;
        signed_at: Date;
        public_key: string;
        signature: string;
      }[]
    ).map((r): Checkpoint => ({ seq: r.seq, hash: r.hash, signedAt: r.signed_at, publicKey: r.public_key, signature: r.signature }));
    const verifier = new ChainVerifier();
    let fault: FirstBadEntry | null = null;
    const pending = [...checkpoints];
    for (const checkpoint of checkpoints) {
      if (!this.signer.verify(checkpoint)) {
        fault = { fault: 'CHECKPOINT_SIGNATURE_INVALID', seq: checkpoint.seq, id: null, detail: `the checkpoint of entry ${checkpoint.seq} signed ${checkpoint.signedAt.toISOString()} does not carry this service's signature` };
        break;
      }
    }
    let after = '0';
    while (!fault) {
      const rows = (await this.db.query(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY audit_log.seq LIMIT ${BATCH}`, [after])) as Row[];
      for (const row of rows) {
        const entry = stored(row);
        if (!verifier.add(entry)) break;
        while (pending.length > 0 && pending[0].seq === entry.seq) {
          const checkpoint = pending.shift()!;
          if (checkpoint.hash !== entry.hash) {
            fault = { fault: 'CHECKPOINT_MISMATCH', seq: entry.seq, id: entry.id, detail: `its hash differs from the one checkpointed on ${checkpoint.signedAt.toISOString()}: the chain was rewritten from here or earlier` };
            break;
          }
        }
        if (fault) break;
      }
      fault ??= verifier.fault;
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].seq;
    }
    if (!fault && pending.length > 0 && pending[0].seq !== '0') {
      const missing = pending[0];
      fault = { fault: 'CHECKPOINT_MISSING_ENTRY', seq: missing.seq, id: null, detail: `entry ${missing.seq}, checkpointed on ${missing.signedAt.toISOString()}, is gone: the chain was cut short` };
    }
    const latest = checkpoints.length > 0 ? checkpoints.reduce((a, b) => (BigInt(b.seq) >= BigInt(a.seq) ? b : a)) : null;
    return {
      intact: fault === null,
      entries: verifier.verified,
      pseudonymised: verifier.pseudonymised,
      head: verifier.head,
      checkpoints: checkpoints.length,
      latestCheckpoint: latest ? { seq: latest.seq, hash: latest.hash, signedAt: latest.signedAt } : null,
      firstBadEntry: fault,
    };
  }

  /**
   * Signs the current head, once per day (Brussels) and instance-independent: under the
   * advisory lock, and skipped when today's checkpoint exists. Returns null when another
   * instance held the lock.
   */
  async checkpoint(): Promise<{ created: boolean; seq: string; hash: string } | null> {
    const now = this.clock.now();
    const outcome = await withAdvisoryLock(this.db, 'efro:audit-checkpoint', async (manager) => {
      const [latest] = (await manager.query(`SELECT seq::text AS seq, hash, signed_at FROM audit_checkpoints ORDER BY signed_at DESC, id DESC LIMIT 1`)) as {
        seq: string;
        hash: string;
        signed_at: Date;
      }[];
      const [head] = (await manager.query(`SELECT seq::text AS seq, hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1`)) as { seq: string; hash: string }[];
      const current = head ?? { seq: '0', hash: '0'.repeat(64) };
      if (latest && brusselsDate(latest.signed_at) === brusselsDate(now)) return { created: false, ...current };
      const signed = this.signer.sign(current, now);
      await manager.query(`INSERT INTO audit_checkpoints (seq, hash, signed_at, public_key, signature) VALUES ($1, $2, $3, $4, $5)`, [
        signed.seq,
        signed.hash,
        signed.signedAt,
        signed.publicKey,
        signed.signature,
      ]);
      return { created: true, ...current };
    });
    if (!outcome.ran) return null;
    if (outcome.result.created) this.logger.log(`audit checkpoint: entry ${outcome.result.seq} signed (${outcome.result.hash})`);
    return outcome.result;
  }

  async checkpoints(query: PageQuery): Promise<Page<Checkpoint>> {
    const rows = (await this.db.query(
      `SELECT seq::text AS seq, hash, signed_at, public_key, signature, count(*) OVER () AS total FROM audit_checkpoints ORDER BY signed_at DESC, id DESC OFFSET $1 LIMIT $2`,
      [query.offset, query.pageSize],
    )) as { seq: string; hash: string; signed_at: Date; public_key: string; signature: string; total: string }[];
    const total = rows.length > 0 ? Number(rows[0].total) : Number(((await this.db.query(`SELECT count(*)::int AS n FROM audit_checkpoints`)) as { n: number }[])[0].n);
    return page(
      rows.map((r) => ({ seq: r.seq, hash: r.hash, signedAt: r.signed_at, publicKey: r.public_key, signature: r.signature })),
      total,
      query,
    );
  }

  /** The trail of one record, oldest first, with its personal details while they are kept. */
  async trail(entityType: string, entityId: string, query: PageQuery): Promise<Page<TrailEntry>> {
    const rows = (await this.db.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY audit_log.seq OFFSET $3 LIMIT $4`,
      [entityType, entityId, query.offset, query.pageSize],
    )) as Row[];
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = $1 AND entity_id = $2`, [entityType, entityId])) as { n: number }[];
    return page(rows.map((row) => toTrailEntry(row)), n, query);
  }
}

export function toTrailEntry(row: Row): TrailEntry {
  const { seq, occurredAt, actorId, actorEmail, action, entityType, entityId, before, after, correlationId, personal, hash } = stored(row);
  return {
    seq,
    occurredAt,
    actorId,
    actorEmail,
    action,
    entityType,
    entityId,
    before: mergePersonal('before', before, personal?.fields),
    after: mergePersonal('after', after, personal?.fields),
    correlationId,
    hash,
  };
}
