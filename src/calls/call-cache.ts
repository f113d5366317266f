import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../core/config/app.config';
import { ChangeListener } from '../core/database/change-listener';
import { EntityReader } from '../core/database/entity-reader';
import { Lifecycle } from '../core/lifecycle/lifecycle';
import { Call } from './entities/call.entity';

const CHANNEL = 'efro_calls_changed';
const LIMIT = 1000;

/**
 * Calls are read on every page of the applicants' portal and change rarely, so each instance
 * keeps them in memory. A database trigger announces every change (LISTEN/NOTIFY); this
 * instance also drops its own copy before answering a write. While the listening connection
 * is down, nothing is cached, so a missed announcement can never serve a stale call; it
 * reconnects by itself, backing off while the database is away.
 */
@Injectable()
export class CallCache implements OnModuleInit, OnModuleDestroy {
  private readonly calls = new Map<string, Call>();
  private readonly reader: EntityReader<Call>;
  private readonly listener: ChangeListener | null;
  private listening = false;
  /** Bumped by every announcement and every loss of the listener (see `get`). */
  private generation = 0;

  constructor(@InjectDataSource() db: DataSource, config: AppConfig, lifecycle: Lifecycle) {
    this.reader = new EntityReader(db, Call);
    this.listener = config.DATABASE_URL
      ? new ChangeListener({
          name: 'call change listener',
          url: config.DATABASE_URL,
          applicationName: 'efro-grants-listen',
          channels: [CHANNEL],
          connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
          lifecycle,
          logger: new Logger(CallCache.name),
          onNotification: (_channel, id) => {
            this.generation++;
            this.calls.delete(id);
          },
          onListening: () => {
            this.generation++;
            this.listening = true;
          },
          onLost: () => this.stopCaching(),
        })
      : null;
  }

  /** Whether changes are being heard, so calls are cached. */
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
    await this.listener?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }

  private stopCaching(): void {
    this.listening = false;
    this.generation++;
    this.calls.clear();
  }
}
