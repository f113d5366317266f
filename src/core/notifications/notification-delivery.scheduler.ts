import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../config/app.config';
import { Metrics } from '../metrics/metrics';
import { NotificationDeliveryService } from './notification-delivery.service';

/** Mails new notifications, and retries that are due, every five minutes (on every instance: claims keep them apart). */
@Injectable()
export class NotificationDeliveryScheduler {
  private readonly logger = new Logger(NotificationDeliveryScheduler.name);

  constructor(
    private readonly delivery: NotificationDeliveryService,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Cron(CronExpression.EVERY_5_MINUTES, { name: 'notification-delivery' })
  async tick(): Promise<void> {
    if (!this.config.SCHEDULER_ENABLED) return;
    try {
      await this.metrics.job('notification-delivery', () => this.delivery.deliverPending());
    } catch (error) {
      this.logger.error(`notification delivery failed: ${(error as Error).message}`);
    }
  }
}
