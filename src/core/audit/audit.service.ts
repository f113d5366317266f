import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../domain/actor';
import { Clock } from '../clock/clock';
import { SqlStatement } from '../database/statements';
import { prepareEntry } from './audit-chain';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /**
   * Personal details worth keeping with the entry (an e-mail address tried at sign-in, say).
   * They are stored beside the chained content and erased after the retention period; e-mail
   * addresses, names and addresses inside before/after are moved there by themselves.
   */
  personal?: Record<string, unknown>;
}

/** The one activity log every state change goes through, inside the change's transaction. */
const SYSTEM_USER = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(manager: EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
    const { sql, params } = this.statement(actor, record);
    await manager.query(sql, params);
  }

  /**
   * Clears the personal details (e-mail address, name) from every entry a person made or that is
   * about their account, once their retention has passed. The chain covers a hash of those
   * details, not the details, so it still verifies. Answers how many entries were cleared.
   */
  async forgetPersonalDetails(manager: EntityManager, person: { userId: string; email: string }): Promise<number> {
    const [, cleared] = (await manager.query(
      `UPDATE audit_log SET actor_email = NULL, personal = NULL
       WHERE (personal IS NOT NULL OR actor_email IS NOT NULL)
         AND (actor_id = $1 OR (entity_type = 'user' AND entity_id = $2) OR actor_email = $3
              OR (entity_type = 'user' AND entity_id = 'unknown' AND personal -> 'fields' ->> 'personal.email' = $3))`,
      [person.userId, person.userId, person.email],
    )) as [unknown, number];
    return cleared;
  }

  /**
   * The INSERT of an entry, for a caller that writes it together with its change in one
   * statement (`together`). A plain statement: the ORM's insert builder cost more than the insert.
   * The database links it into the hash chain (seq, prev_hash, hash) under a lock held to commit.
   */
  statement(actor: Actor, record: AuditRecord): SqlStatement {
    const system = actor.userId === SYSTEM_USER;
    const entry = prepareEntry({
      occurredAt: this.clock.now(),
      actorId: system ? null : actor.userId,
      actorEmail: system ? null : actor.email,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: record.before,
      after: record.after,
      correlationId: actor.correlationId,
      personal: record.personal,
    });
    const { content } = entry;
    return {
      sql: `INSERT INTO audit_log (occurred_at, actor_id, actor_email, action, entity_type, entity_id, before, after, correlation_id, personal, personal_hash, content_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      params: [
        content.occurredAt,
        content.actorId,
        entry.actorEmail,
        content.action,
        content.entityType,
        content.entityId,
        content.before === null ? null : JSON.stringify(content.before),
        content.after === null ? null : JSON.stringify(content.after),
        content.correlationId,
        entry.personal === null ? null : JSON.stringify(entry.personal),
        content.personalHash,
        entry.contentHash,
      ],
    };
  }
}
