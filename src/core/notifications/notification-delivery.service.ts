import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailTransport } from '../mail/mail.transport';
import { withAdvisoryLock } from '../scheduling/advisory-lock';

export interface DeliveryResult {
  ran: boolean;
  delivered: number;
  failed: number;
}

/** After this many failed attempts a notification stays in the list but is no longer mailed. */
export const MAX_DELIVERY_ATTEMPTS = 5;
const BATCH = 200;

/**
 * Mails stored notifications that were not delivered yet (the outbox's second half). One
 * instance at a time (advisory lock); each outcome is written at once, outside the lock's
 * transaction, so a crash resends at most the message in flight.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger('NotificationDelivery');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transport: MailTransport,
  ) {}

  async deliverPending(limit = BATCH): Promise<DeliveryResult> {
    const outcome = await withAdvisoryLock(this.db, 'efro:notification-delivery', async (manager) => {
      const pending = (await manager.query(
        `SELECT n.id, n.title, n.body, u.email FROM notifications n JOIN users u ON u.id = n.user_id
         WHERE n.delivered_at IS NULL AND n.delivery_attempts < $1
         ORDER BY n.created_at, n.id LIMIT $2`,
        [MAX_DELIVERY_ATTEMPTS, limit],
      )) as { id: string; title: string; body: string; email: string }[];
      let delivered = 0;
      let failed = 0;
      for (const n of pending) {
        try {
          await this.transport.send({ to: n.email, subject: n.title, text: n.body || n.title });
          await this.db.query(`UPDATE notifications SET delivered_at = now(), delivery_attempts = delivery_attempts + 1 WHERE id = $1`, [n.id]);
          delivered++;
        } catch (error) {
          await this.db.query(`UPDATE notifications SET delivery_attempts = delivery_attempts + 1 WHERE id = $1`, [n.id]);
          failed++;
          this.logger.warn(`notification ${n.id} not delivered: ${(error as Error).message}`);
        }
      }
      return { delivered, failed };
    });
    const result = outcome.ran ? { ran: true, ...outcome.result } : { ran: false, delivered: 0, failed: 0 };
    if (result.delivered || result.failed) this.logger.log(`notifications via ${this.transport.name}: ${result.delivered} delivered, ${result.failed} failed`);
    return result;
  }
}
