import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../core/config/app.config';
import { EntityReader } from '../core/database/entity-reader';
import { Lifecycle } from '../core/lifecycle/lifecycle';
import { Call } from './entities/call.entity';

const CHANNEL = 'efro_calls_changed';
const LIMIT = 1000;
/** Reconnection attempts back off from half a second to five seconds between tries. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

/**
 * Calls are read on every page of the applicants' portal and change rarely, so each instance
 * keeps them in memory. A database trigger announces every change (LISTEN/NOTIFY); this
 * instance also drops its own copy before answering a write. While the listening connection
 * is down, nothing is cached, so a missed announcement can never serve a stale call; it
 * reconnects by itself, backing off while the database is away.
 */
@Injectable()
export class CallCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CallCache.name);
  private readonly calls = new Map<string, Call>();
  private readonly reader: EntityReader<Call>;
  private listener: Client | null = null;
  private listening = false;
  private closed = false;
  /** Bumped by every announcement and every loss of the listener (see `get`). */
  private generation = 0;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly config: AppConfig,
    private readonly lifecycle: Lifecycle,
  ) {
    this.reader = new EntityReader(db, Call);
  }

  /** Whether changes are being heard, so calls are cached (readiness reports it). */
  get isListening(): boolean {
    return this.listening;
  }

  /**
   * The call, from memory when it can. Inside a transaction pass its manager: a miss is then
   * read on the transaction's own connection, never a second one from the pool (under load,
   * transactions each waiting for a second connection would starve the pool).
   */
  async get(id: string, manager?: EntityManager): Promise<Call | null> {
    const cached = this.calls.get(id);
    if (cached) return cached;
    // A change announced while the row was being read may have come after the read saw the
    // old row (another instance committed in between): such a read is not cached.
    const generation = this.generation;
    const call = await this.reader.byId(id, manager);
    if (call && this.listening && generation === this.generation) {
      if (this.calls.size >= LIMIT) this.calls.clear();
      this.calls.set(id, call);
    }
    return call;
  }

  evict(id: string): void {
    this.calls.delete(id);
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.stopCaching();
    await listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    this.retryTimer = null;
    if (this.closed || !this.config.DATABASE_URL) return;
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'efro-grants-listen',
      connectionTimeoutMillis: this.config.DATABASE_CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      this.generation++;
      if (message.payload) this.calls.delete(message.payload);
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.stopCaching();
      void client.end().catch(() => undefined);
      if (this.quiet) return;
      this.logger.warn(`call change listener lost (${error?.message ?? 'connection ended'}); caching off until it reconnects`);
      this.scheduleRetry();
    };
    try {
      await client.connect();
      client.on('error', onLost);
      client.on('end', () => onLost());
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.listener = client;
      this.listening = true;
      this.generation++;
      if (this.retryMs > RETRY_MIN_MS) this.logger.log('call change listener reconnected; caching on');
      this.retryMs = RETRY_MIN_MS;
    } catch (error) {
      lost = true;
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      if (this.quiet) return;
      // Said once per outage: the retries that follow are quiet until one succeeds.
      if (this.retryMs === RETRY_MIN_MS) this.logger.warn(`cannot listen for call changes (${(error as Error).message}); calls are not cached, retrying`);
      this.scheduleRetry();
    }
  }

  /** Shutting down: a lost connection is expected then, and not worth a warning or a retry. */
  private get quiet(): boolean {
    return this.closed || this.lifecycle.stopping;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => void this.listen(), wait);
    this.retryTimer.unref();
  }

  private stopCaching(): void {
    this.listening = false;
    this.generation++;
    this.calls.clear();
    this.listener = null;
  }
}
