import { AuditEntry } from './audit/audit-entry.entity';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { Notification } from './notifications/notification.entity';

/** The tables of the shared plumbing. */
export const CORE_ENTITIES = [AuditEntry, IdempotencyKey, Notification];
