import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '../core/config/app.config';
import { Metrics } from '../core/metrics/metrics';
import { GrantsDailyJob } from './grants-daily.job';

/** Runs the grants' daily job early each morning; an advisory lock keeps it to one instance. */
@Injectable()
export class GrantsScheduler {
  private readonly logger = new Logger(GrantsScheduler.name);

  constructor(
    private readonly job: GrantsDailyJob,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Cron('0 15 6 * * *', { name: 'grants-daily', timeZone: 'Europe/Brussels' })
  async daily(): Promise<void> {
    if (!this.config.SCHEDULER_ENABLED) return;
    try {
      await this.metrics.job('grants-daily', () => this.job.run());
    } catch (error) {
      this.logger.error(`grants daily job failed: ${(error as Error).message}`);
    }
  }
}
