import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../core/config/app.config';
import { Metrics } from '../core/metrics/metrics';
import { CallsService } from './calls.service';

/** Opens and closes calls at their instants; correctness never depends on it running. */
@Injectable()
export class CallsScheduler {
  private readonly logger = new Logger(CallsScheduler.name);

  constructor(
    private readonly calls: CallsService,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'calls-schedule' })
  async tick(): Promise<void> {
    if (!this.config.SCHEDULER_ENABLED) return;
    try {
      await this.metrics.job('calls-schedule', () => this.calls.applySchedule());
    } catch (error) {
      this.logger.error(`call schedule failed: ${(error as Error).message}`);
    }
  }
}
