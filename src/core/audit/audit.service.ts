import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../domain/actor';
import { Clock } from '../clock/clock';
import { SqlStatement } from '../database/statements';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
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
   * The INSERT of an entry, for a caller that writes it together with its change in one
   * statement (`together`). A plain statement: the ORM's insert builder cost more than the insert.
   */
  statement(actor: Actor, record: AuditRecord): SqlStatement {
    return {
      sql: `INSERT INTO audit_log (occurred_at, actor_id, actor_email, action, entity_type, entity_id, before, after, correlation_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      params: [
        this.clock.now(),
        actor.userId === SYSTEM_USER ? null : actor.userId,
        actor.email,
        record.action,
        record.entityType,
        record.entityId,
        record.before === undefined ? null : JSON.stringify(record.before),
        record.after === undefined ? null : JSON.stringify(record.after),
        actor.correlationId,
      ],
    };
  }
}

