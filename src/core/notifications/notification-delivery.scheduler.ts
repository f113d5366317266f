import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../config/app.config';
import { Metrics } from '../metrics/metrics';
import { NotificationDeliveryService } from './notification-delivery.service';

/** Mails new notifications every five minutes, on one instance at a time. */
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
      const result = await this.metrics.job('notification-delivery', () => this.delivery.deliverPending());
      this.metrics.notificationsMailed(result.delivered, result.failed);
    } catch (error) {
      this.logger.error(`notification delivery failed: ${(error as Error).message}`);
    }
  }
}
