import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { poolOf } from '../health/health.checks';
import { deliverySummary } from '../notifications/delivery-summary';
import { RequestDurations } from './request-durations';

export type JobOutcome = 'done' | 'skipped' | 'failed';
export type ExportOutcome = 'complete' | 'failed' | 'aborted';

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one, so
 * several apps in one process, as in the tests, keep theirs apart). Request rate is the
 * histogram's `_count` (`rate(http_request_duration_seconds_count[5m])`).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new RequestDurations(
    'http_request_duration_seconds',
    'HTTP requests by method, route pattern and status: time to the last byte of the response',
    [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly jobSeconds: Histogram<'job'>;
  private readonly pdfs: Counter<'kind' | 'outcome'>;
  private readonly pdfSeconds: Histogram<'kind'>;
  private readonly exports: Counter<'kind' | 'format' | 'outcome'>;
  private readonly exportsInFlight: Gauge;
  private readonly notifications: Counter<'outcome'>;

  constructor(@InjectDataSource() db: DataSource, config: AppConfig) {
    const registers = [this.registry];
    // Process metrics (memory, CPU, event-loop delay) only when someone may read them.
    if (config.METRICS_ENABLED) collectDefaultMetrics({ register: this.registry });
    const pool = () => poolOf(db);
    new Gauge({
      name: 'db_pool_connections',
      help: 'Connections of the database pool, by state (busy = checked out by a request or job)',
      labelNames: ['state'],
      registers,
      collect() {
        const p = pool();
        const total = p?.totalCount ?? 0;
        const idle = p?.idleCount ?? 0;
        this.set({ state: 'total' }, total);
        this.set({ state: 'idle' }, idle);
        this.set({ state: 'busy' }, total - idle);
      },
    });
    new Gauge({
      name: 'db_pool_waiting_requests',
      help: 'Requests waiting for a free database connection',
      registers,
      collect() {
        this.set(pool()?.waitingCount ?? 0);
      },
    });
    new Gauge({ name: 'db_pool_max_connections', help: 'The pool size (DATABASE_POOL_SIZE)', registers }).set(config.DATABASE_POOL_SIZE);
    this.jobRuns = new Counter({
      name: 'job_runs_total',
      help: 'Scheduled job runs: done (this instance held the lock and did the work), skipped (another instance held it), failed',
      labelNames: ['job', 'outcome'],
      registers,
    });
    this.jobSeconds = new Histogram({
      name: 'job_duration_seconds',
      help: 'Duration of scheduled job runs',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.25, 1, 5, 30, 120],
      registers,
    });
    this.notifications = new Counter({
      name: 'notifications_mailed_total',
      help: 'Notification mail attempts by outcome: delivered, deferred (failed, retried later), failed (given up), skipped (predates mail delivery)',
      labelNames: ['outcome'],
      registers,
    });
    new Gauge({
      name: 'notifications_undelivered',
      help: 'Notifications not delivered, by status: pending (to send or retry), failed and skipped (listed at GET /admin/notifications/failed)',
      labelNames: ['status'],
      registers,
      async collect() {
        try {
          const s = await deliverySummary(db);
          this.set({ status: 'pending' }, s.pending);
          this.set({ status: 'failed' }, s.failed);
          this.set({ status: 'skipped' }, s.skipped);
        } catch {
          // The database is down: the pool and readiness say so; a stale count would mislead.
          this.reset();
        }
      },
    });
    this.pdfs = new Counter({ name: 'pdf_rendered_total', help: 'PDF documents rendered, by kind and outcome', labelNames: ['kind', 'outcome'], registers });
    this.pdfSeconds = new Histogram({
      name: 'pdf_render_duration_seconds',
      help: 'Time to render one PDF on the worker pool, queueing included',
      labelNames: ['kind'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.exports = new Counter({
      name: 'exports_streamed_total',
      help: 'Exports streamed, by kind, format and outcome (aborted: the client went away)',
      labelNames: ['kind', 'format', 'outcome'],
      registers,
    });
    this.exportsInFlight = new Gauge({ name: 'exports_in_flight', help: 'Exports being streamed now', registers });
  }

  /** Called once per response; `route` is the pattern (`/calls/:id`), never the raw URL. */
  observeRequest(method: string, route: string | undefined, status: number, milliseconds: number): void {
    this.requests.observe(method, route ?? 'unmatched', status, milliseconds / 1000);
  }

  /** Runs a scheduled job, counting it; `work` says whether this instance did the work. */
  async job<T extends { ran: boolean }>(name: string, work: () => Promise<T>): Promise<T> {
    const end = this.jobSeconds.startTimer({ job: name });
    try {
      const result = await work();
      this.jobRuns.inc({ job: name, outcome: result.ran ? 'done' : 'skipped' });
      return result;
    } catch (error) {
      this.jobRuns.inc({ job: name, outcome: 'failed' });
      throw error;
    } finally {
      end();
    }
  }

  notificationsMailed(counts: { delivered: number; deferred: number; failed: number; skipped: number }): void {
    for (const outcome of ['delivered', 'deferred', 'failed', 'skipped'] as const) {
      if (counts[outcome]) this.notifications.inc({ outcome }, counts[outcome]);
    }
  }

  async pdf<T>(kind: string, render: () => Promise<T>): Promise<T> {
    const end = this.pdfSeconds.startTimer({ kind });
    try {
      const result = await render();
      this.pdfs.inc({ kind, outcome: 'rendered' });
      end();
      return result;
    } catch (error) {
      this.pdfs.inc({ kind, outcome: 'failed' });
      throw error;
    }
  }

  /** Counts an export stream once it ends, fails or is abandoned. */
  exportStarted(kind: string, format: string, stream: Readable): void {
    this.exportsInFlight.inc();
    let settled = false;
    const settle = (outcome: ExportOutcome) => {
      if (settled) return;
      settled = true;
      this.exportsInFlight.dec();
      this.exports.inc({ kind, format, outcome });
    };
    stream.once('end', () => settle('complete'));
    stream.once('error', () => settle('failed'));
    stream.once('close', () => settle('aborted'));
  }

  async text(): Promise<string> {
    return `${await this.registry.metrics()}\n${this.requests.text()}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
