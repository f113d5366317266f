import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../core/config/app.config';
import { Role } from '../core/domain/roles';
import { AccountState, SessionState } from './domain/account-access.rule';

const ACCOUNTS_CHANNEL = 'efro_accounts_changed';
const SESSIONS_CHANNEL = 'efro_sessions_changed';
const LIMIT = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AccountRow {
  id: string;
  email: string;
  roles: Role[];
  organisation_id: string | null;
  active: boolean;
  access_version: number;
}

interface SessionRow {
  user_id: string;
  csrf_token: string;
  expires_at: Date;
}

/**
 * Every request is authorised on its account's current state, so each instance keeps that
 * state (and open cookie sessions) in memory: the guard then answers a known caller without
 * a round trip. Database triggers announce every change of an account's access and every
 * revocation of a session (LISTEN/NOTIFY); this instance also drops its own copy before
 * answering a change it made. While the listening connection is down nothing is cached, so a
 * missed announcement can never keep revoked access alive.
 */
@Injectable()
export class AccessCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccessCache.name);
  private readonly accounts = new Map<string, AccountState>();
  private readonly sessions = new Map<string, SessionState>();
  /**
   * Counts evictions. A read that started before an eviction may have read the old state,
   * so its result is not cached.
   */
  private evictions = 0;
  private listener: Client | null = null;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The cached state, or undefined when it must be read (`loadAccount`). */
  cachedAccount(userId: string): AccountState | undefined {
    return this.accounts.get(userId);
  }

  async loadAccount(userId: string): Promise<AccountState | null> {
    if (!UUID.test(userId)) return null;
    const before = this.evictions;
    const rows = (await this.db.query(
      `SELECT id, email, roles, organisation_id, active, access_version FROM users WHERE id = $1`,
      [userId],
    )) as AccountRow[];
    if (rows.length === 0) return null;
    const row = rows[0];
    const state: AccountState = {
      userId: row.id,
      email: row.email,
      roles: row.roles,
      organisationId: row.organisation_id,
      active: row.active,
      version: row.access_version,
    };
    if (this.listening && before === this.evictions) {
      if (this.accounts.size >= LIMIT) this.accounts.clear();
      this.accounts.set(userId, state);
    }
    return state;
  }

  /** The cached open session under `key` (see `sessionKey`), or undefined when it must be read. */
  cachedSession(key: string): SessionState | undefined {
    return this.sessions.get(key);
  }

  async loadSession(key: string): Promise<SessionState | null> {
    const before = this.evictions;
    const rows = (await this.db.query(
      `SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = decode($1, 'hex') AND revoked_at IS NULL`,
      [key],
    )) as SessionRow[];
    if (rows.length === 0) return null;
    const session: SessionState = { userId: rows[0].user_id, csrfToken: rows[0].csrf_token, expiresAtMs: rows[0].expires_at.getTime() };
    if (this.listening && before === this.evictions) {
      if (this.sessions.size >= LIMIT) this.sessions.clear();
      this.sessions.set(key, session);
    }
    return session;
  }

  evictAccount(userId: string): void {
    this.evictions++;
    this.accounts.delete(userId);
  }

  evictSession(key: string): void {
    this.evictions++;
    this.sessions.delete(key);
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const listener = this.listener;
    this.stopCaching();
    await listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.closed || !this.config.DATABASE_URL) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'efro-grants-listen-access' });
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === ACCOUNTS_CHANNEL) this.evictAccount(message.payload);
      else if (message.channel === SESSIONS_CHANNEL) this.evictSession(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn(`access change listener lost (${error.message}); caching off until it reconnects`);
      this.stopCaching();
      void client.end().catch(() => undefined);
      this.listenLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCOUNTS_CHANNEL}; LISTEN ${SESSIONS_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listener = client;
      this.listening = true;
    } catch (error) {
      this.logger.warn(`cannot listen for access changes (${(error as Error).message}); accounts and sessions are not cached`);
      await client.end().catch(() => undefined);
      this.listenLater();
    }
  }

  private listenLater(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, 1000);
    this.retry.unref();
  }

  private stopCaching(): void {
    this.listening = false;
    this.evictions++;
    this.accounts.clear();
    this.sessions.clear();
    this.listener = null;
  }
}
