import { MigrationInterface, QueryRunner } from 'typeorm';
import { chainHash, GENESIS_HASH, prepareEntry } from '../src/core/audit/audit-chain';
import { APP_ROLE } from '../src/core/database/roles';

interface OldRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  correlation_id: string | null;
}

/**
 * Chains the audit log: each entry gets `seq` (gapless, in commit order), the hash of its
 * content (computed by the service, `src/core/audit/audit-chain.ts`) and `hash`, the link
 * SHA-256(prev_hash ":" seq ":" content_hash), which a trigger computes under an advisory lock
 * held to commit. Personal details move to `personal` (erasable; only their salted hash is
 * chained). Existing entries are chained here in id order. Signed checkpoints of the head go
 * in `audit_checkpoints`, insert-only for the service.
 */
export class ChainAuditLog1795770000161 implements MigrationInterface {
  name = 'ChainAuditLog1795770000161';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log
        ADD COLUMN seq bigint, ADD COLUMN content_hash text, ADD COLUMN prev_hash text, ADD COLUMN hash text,
        ADD COLUMN personal jsonb, ADD COLUMN personal_hash text`);
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    let prev = GENESIS_HASH;
    let seq = 0;
    for (let after = '0'; ; ) {
      const rows = (await q.query(
        `SELECT id, occurred_at, actor_id, actor_email, action, entity_type, entity_id, before, after, correlation_id
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT 2000`,
        [after],
      )) as OldRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        seq += 1;
        const entry = prepareEntry({
          occurredAt: row.occurred_at,
          actorId: row.actor_id,
          actorEmail: row.actor_email === 'system' ? null : row.actor_email,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          before: row.before,
          after: row.after,
          correlationId: row.correlation_id,
        });
        const hash = chainHash(prev, seq, entry.contentHash);
        await q.query(
          `UPDATE audit_log SET seq = $2, actor_email = $3, before = $4, after = $5, personal = $6, personal_hash = $7, content_hash = $8, prev_hash = $9, hash = $10 WHERE id = $1`,
          [
            row.id,
            seq,
            entry.actorEmail,
            entry.content.before === null ? null : JSON.stringify(entry.content.before),
            entry.content.after === null ? null : JSON.stringify(entry.content.after),
            entry.personal === null ? null : JSON.stringify(entry.personal),
            entry.content.personalHash,
            entry.contentHash,
            prev,
            hash,
          ],
        );
        prev = hash;
      }
      after = rows[rows.length - 1].id;
    }
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL, ALTER COLUMN content_hash SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX audit_log_seq_idx ON audit_log (seq)`);
    await q.query(`
      CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last record;
      BEGIN
        IF NEW.content_hash IS NULL OR NEW.content_hash !~ '^[0-9a-f]{64}$' THEN
          RAISE EXCEPTION 'audit entry without a content hash' USING ERRCODE = 'P0001', DETAIL = 'Audit entries carry the SHA-256 of their content';
        END IF;
        -- A snapshot older than the lock would not see the head it links to.
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'audit entries are chained in READ COMMITTED transactions' USING ERRCODE = 'P0001', DETAIL = 'Audit entries are written in READ COMMITTED transactions';
        END IF;
        -- Held to commit: entries are linked in the order their transactions commit.
        PERFORM pg_advisory_xact_lock(hashtext('efro:audit-chain'));
        SELECT a.seq, a.hash INTO last FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
        NEW.seq := coalesce(last.seq, 0) + 1;
        NEW.prev_hash := coalesce(last.hash, repeat('0', 64));
        NEW.hash := encode(sha256(convert_to(NEW.prev_hash || ':' || NEW.seq::text || ':' || NEW.content_hash, 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);
    // The one change allowed: erasing an entry's personal details, which leaves its hashes intact.
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.actor_email IS NULL AND NEW.personal IS NULL
           AND (to_jsonb(NEW) - 'actor_email' - 'personal') = (to_jsonb(OLD) - 'actor_email' - 'personal') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'P0001', DETAIL = 'The audit log cannot be changed or deleted';
      END $$`);
    await q.query(`GRANT UPDATE (actor_email, personal) ON audit_log TO ${APP_ROLE}`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id) WHERE actor_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE audit_checkpoints (
        id bigserial PRIMARY KEY,
        seq bigint NOT NULL CHECK (seq >= 0),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        signed_at timestamptz NOT NULL,
        public_key text NOT NULL,
        signature text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_checkpoints_signed_idx ON audit_checkpoints (signed_at)`);
    await q.query(`REVOKE UPDATE, DELETE ON audit_checkpoints FROM ${APP_ROLE}`);
    await q.query(`
      CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only' USING ERRCODE = 'P0001', DETAIL = 'Checkpoints cannot be changed or deleted';
      END $$`);
    await q.query(`CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP FUNCTION audit_checkpoints_append_only()`);
    await q.query(`DROP INDEX audit_log_actor_idx`);
    await q.query(`REVOKE UPDATE (actor_email, personal) ON audit_log FROM ${APP_ROLE}`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'P0001', DETAIL = 'The audit log cannot be changed or deleted';
      END $$`);
    await q.query(`DROP TRIGGER audit_log_chain ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_chain()`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN seq, DROP COLUMN content_hash, DROP COLUMN prev_hash, DROP COLUMN hash, DROP COLUMN personal, DROP COLUMN personal_hash`);
  }
}
