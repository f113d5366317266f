import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../core/config/app.config';
import { EntityReader } from '../core/database/entity-reader';
import { Call } from './entities/call.entity';

const CHANNEL = 'efro_calls_changed';
const LIMIT = 1000;
/** SQLSTATE admin_shutdown: the server ends the session because it is stopping. */
const ADMIN_SHUTDOWN = '57P01';

/**
 * Calls are read on every page of the applicants' portal and change rarely, so each instance
 * keeps them in memory. A database trigger announces every change (LISTEN/NOTIFY); this
 * instance also drops its own copy before answering a write. While the listening connection
 * is down, nothing is cached, so a missed announcement can never serve a stale call.
 */
@Injectable()
export class CallCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CallCache.name);
  private readonly calls = new Map<string, Call>();
  private readonly reader: EntityReader<Call>;
  private listener: Client | null = null;
  private listening = false;
  private closed = false;

  constructor(
    @InjectDataSource() db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.reader = new EntityReader(db, Call);
  }

  /**
   * The call, from memory when it can. Inside a transaction pass its manager: a miss is then
   * read on the transaction's own connection, never a second one from the pool (under load,
   * transactions each waiting for a second connection would starve the pool).
   */
  async get(id: string, manager?: EntityManager): Promise<Call | null> {
    const cached = this.calls.get(id);
    if (cached) return cached;
    const call = await this.reader.byId(id, manager);
    if (call && this.listening) {
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
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.closed || !this.config.DATABASE_URL) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'efro-grants-listen' });
    client.on('notification', (message) => {
      if (message.payload) this.calls.delete(message.payload);
    });
    client.on('error', (error: Error & { code?: string }) => {
      this.stopCaching();
      if (this.closed) return;
      // 57P01 is the server shutting down in order: on a stop of the service with its embedded
      // server (Ctrl-C reaches both at once) or a planned restart. Worth a warning only if the
      // reconnect below fails while this instance still runs.
      const line = `call change listener lost (${error.message}); caching off until it reconnects`;
      if (error.code === ADMIN_SHUTDOWN) this.logger.log(line);
      else this.logger.warn(line);
      setTimeout(() => void this.listen(), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
      this.listening = true;
    } catch (error) {
      if (!this.closed) this.logger.warn(`cannot listen for call changes (${(error as Error).message}); calls are not cached`);
      await client.end().catch(() => undefined);
    }
  }

  private stopCaching(): void {
    this.listening = false;
    this.calls.clear();
    this.listener = null;
  }
}
