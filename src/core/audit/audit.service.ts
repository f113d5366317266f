import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../domain/actor';
import { Clock } from '../clock/clock';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** The one activity log every state change goes through, inside the change's transaction. */
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(manager: EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
    await manager.insert(AuditEntry, {
      occurredAt: this.clock.now(),
      actorId: actor.userId === '00000000-0000-0000-0000-000000000000' ? null : actor.userId,
      actorEmail: actor.email,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: record.before === undefined ? null : toJson(record.before),
      after: record.after === undefined ? null : toJson(record.after),
      correlationId: actor.correlationId,
    });
  }
}

/** Snapshots go in as plain JSON (dates as ISO strings), never as live entities. */
function toJson(value: unknown): object {
  return JSON.parse(JSON.stringify(value));
}
