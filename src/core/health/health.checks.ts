import { constants, readFileSync } from 'node:fs';
import { access, mkdir, statfs } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import type { EmbeddedServer } from '../database/database-url';
import { deliverySummary } from '../notifications/delivery-summary';

export const EMBEDDED_SERVER = Symbol('EMBEDDED_SERVER');

/** The pg pool under TypeORM, for its counters (the health details and the metrics). */
export function poolOf(db: DataSource): Pool | undefined {
  return (db.driver as unknown as { master?: Pool }).master;
}

/** The checks readiness is made of, as @nestjs/terminus health indicators. */
@Injectable()
export class HealthChecks {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(EMBEDDED_SERVER) private readonly embedded: EmbeddedServer | undefined,
  ) {}

  /** Every check readiness needs: the embedded server only when this instance uses one. */
  all(detailed: boolean): (() => Promise<HealthIndicatorResult>)[] {
    const checks: (() => Promise<HealthIndicatorResult>)[] = [() => this.database(detailed), () => this.uploads()];
    if (this.embedded) checks.push(() => this.embeddedServer());
    if (detailed) checks.push(() => this.mail());
    return checks;
  }

  /** A query through the pool the requests use, bounded so a hung server answers "down". */
  async database(detailed: boolean): Promise<HealthIndicatorResult<'database'>> {
    return this.indicators
      .check('database')
      .attempt(async () => {
        const started = process.hrtime.bigint();
        const [{ count }] = (await this.db.query('SELECT count(*)::int AS count FROM migrations')) as { count: number }[];
        const latencyMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
        if (!detailed) return { latencyMs };
        const pool = poolOf(this.db);
        return {
          latencyMs,
          migrationsApplied: count,
          pool: pool ? { max: this.config.DATABASE_POOL_SIZE, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : undefined,
        };
      })
      .withTimeout(2000);
  }

  /**
   * The outbox, for the detailed health only and always "up": mail that failed is an
   * administrator's work (GET /admin/notifications/failed), not a reason to take the instance
   * out of the load balancer.
   */
  async mail(): Promise<HealthIndicatorResult<'mail'>> {
    const check = this.indicators.check('mail');
    try {
      return check.up({ transport: this.config.MAIL_TRANSPORT, ...(await deliverySummary(this.db)) });
    } catch (error) {
      return check.up({ transport: this.config.MAIL_TRANSPORT, message: `outbox not counted: ${(error as Error).message}` });
    }
  }

  /** UPLOAD_DIR exists (created as a first upload would), is writable and has room. */
  async uploads(): Promise<HealthIndicatorResult<'uploads'>> {
    const check = this.indicators.check('uploads');
    const path = resolve(this.config.UPLOAD_DIR);
    try {
      await mkdir(path, { recursive: true });
      await access(path, constants.W_OK);
      const { bsize, bavail } = await statfs(path);
      const freeBytes = bsize * bavail;
      const minFreeBytes = this.config.UPLOAD_MIN_FREE_BYTES;
      if (freeBytes < minFreeBytes) return check.down({ path, freeBytes, minFreeBytes, message: 'not enough free space for uploads' });
      return check.up({ path, freeBytes, minFreeBytes });
    } catch (error) {
      return check.down({ path, message: (error as Error).message });
    }
  }

  /** The embedded PostgreSQL's postmaster is alive (its pid file names a running process). */
  async embeddedServer(): Promise<HealthIndicatorResult<'embeddedPostgres'>> {
    const check = this.indicators.check('embeddedPostgres');
    const { dir, port } = this.embedded as EmbeddedServer;
    try {
      const pid = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 0);
      return check.up({ port, pid });
    } catch {
      return check.down({ port, message: 'the embedded PostgreSQL is not running' });
    }
  }
}
