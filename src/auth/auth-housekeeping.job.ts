import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app.config';
import { withAdvisoryLock } from '../core/scheduling/advisory-lock';
import { Metrics } from '../core/metrics/metrics';

/** How long ended sessions and quiet failed-login counts are kept before they are deleted. */
const KEEP_MS = 24 * 3600 * 1000;

export interface HousekeepingCounts {
  sessions: number;
  throttles: number;
}

/**
 * Keeps the auth tables from growing without bound: sessions a day past their end, and
 * failed-login counts of addresses nobody has tried for a day and that are not locked.
 * Every address tried gets a row (an unknown one as well, so that it is throttled alike),
 * so without this a run of guessed addresses would stay in the table for good. Idempotent,
 * and under an advisory lock so one instance does it.
 */
@Injectable()
export class AuthHousekeepingJob {
  private readonly logger = new Logger(AuthHousekeepingJob.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'auth-housekeeping' })
  async hourly(): Promise<void> {
    if (!this.config.SCHEDULER_ENABLED) return;
    try {
      await this.metrics.job('auth-housekeeping', async () => ({ ran: (await this.run()) !== null }));
    } catch (error) {
      this.logger.error(`auth housekeeping failed: ${(error as Error).message}`);
    }
  }

  async run(): Promise<HousekeepingCounts | null> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - KEEP_MS);
    const outcome = await withAdvisoryLock(this.db, 'efro:auth-housekeeping', async (manager) => {
      const [, sessions] = (await manager.query(`DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`, [before])) as [unknown, number];
      const [, throttles] = (await manager.query(
        `DELETE FROM login_throttles WHERE last_failed_at < $1 AND (locked_until IS NULL OR locked_until < $2)`,
        [before, now],
      )) as [unknown, number];
      return { sessions, throttles };
    });
    if (!outcome.ran) return null;
    this.logger.log(`auth housekeeping: ${outcome.result.sessions} ended session(s), ${outcome.result.throttles} quiet failed-login count(s) deleted`);
    return outcome.result;
  }
}
