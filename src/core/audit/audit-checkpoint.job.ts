import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '../config/app.config';
import { Metrics } from '../metrics/metrics';
import { AuditTrailService } from './audit-trail.service';

/** Signs the audit chain's head once a day, on one instance (advisory lock in the service). */
@Injectable()
export class AuditCheckpointJob {
  private readonly logger = new Logger(AuditCheckpointJob.name);

  constructor(
    private readonly trail: AuditTrailService,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Cron('0 5 0 * * *', { name: 'audit-checkpoint', timeZone: 'Europe/Brussels' })
  async daily(): Promise<void> {
    if (!this.config.SCHEDULER_ENABLED) return;
    try {
      await this.metrics.job('audit-checkpoint', async () => ({ ran: (await this.trail.checkpoint()) !== null }));
    } catch (error) {
      this.logger.error(`audit checkpoint failed: ${(error as Error).message}`);
    }
  }
}
