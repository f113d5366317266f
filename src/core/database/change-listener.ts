import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { Lifecycle } from '../lifecycle/lifecycle';

/** Reconnection attempts back off from half a second to five seconds between tries. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;
/** SQLSTATE admin_shutdown: the server ends the session because it is stopping. */
const ADMIN_SHUTDOWN = '57P01';

export interface ChangeListenerOptions {
  /** Says what is listened for, in log lines ("call change listener"). */
  name: string;
  url: string;
  applicationName: string;
  channels: readonly string[];
  connectTimeoutMs: number;
  lifecycle: Lifecycle;
  logger: Logger;
  onNotification(channel: string, payload: string): void;
  /** Listening (again): announcements arrive from now on. */
  onListening(): void;
  /** The connection is gone: announcements may be missed until `onListening`. */
  onLost(): void;
}

/**
 * One LISTEN connection that a per-instance cache depends on: it reconnects by itself after
 * an outage (backing off, one warning per outage, a line when it is back), and keeps quiet
 * when the connection goes because the instance is shutting down.
 */
export class ChangeListener {
  private client: Client | null = null;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ChangeListenerOptions) {}

  get listening(): boolean {
    return this.client !== null;
  }

  async start(): Promise<void> {
    this.retryTimer = null;
    if (this.closed) return;
    const { options } = this;
    const client = new Client({
      connectionString: options.url,
      application_name: options.applicationName,
      connectionTimeoutMillis: options.connectTimeoutMs,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.payload) options.onNotification(message.channel, message.payload);
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) {
        this.client = null;
        options.onLost();
      }
      void client.end().catch(() => undefined);
      if (this.quiet) return;
      const line = `${options.name} lost (${error?.message ?? 'connection ended'}); caching off until it reconnects`;
      // 57P01: the server is stopping in order (a planned restart, or Ctrl-C reaching the
      // embedded server first): worth a warning only if reconnecting then fails.
      if ((error as { code?: string } | undefined)?.code === ADMIN_SHUTDOWN) options.logger.log(line);
      else options.logger.warn(line);
      this.scheduleRetry();
    };
    // Listening before connecting: a server error read together with the end of the handshake
    // is emitted before `await connect()` resumes, and an unheard 'error' ends the process.
    // Until connected, failures are the catch's to handle.
    let connected = false;
    client.on('error', (error) => {
      if (connected) onLost(error);
    });
    client.on('end', () => {
      if (connected) onLost();
    });
    try {
      await client.connect();
      connected = true;
      await client.query(options.channels.map((c) => `LISTEN ${c}`).join('; '));
      if (this.closed) {
        lost = true;
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      options.onListening();
      if (this.retryMs > RETRY_MIN_MS) options.logger.log(`${options.name} reconnected; caching on`);
      this.retryMs = RETRY_MIN_MS;
    } catch (error) {
      // Lost after connecting (the LISTEN failed with the connection): onLost has it in hand.
      if (lost) return;
      lost = true;
      await client.end().catch(() => undefined);
      if (this.quiet) return;
      // Said once per outage: the retries that follow stay quiet until one succeeds.
      if (this.retryMs === RETRY_MIN_MS) options.logger.warn(`${options.name} cannot connect (${(error as Error).message}); caching off, retrying`);
      this.scheduleRetry();
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      this.options.onLost();
      await client.end().catch(() => undefined);
    }
  }

  /** Shutting down: a lost connection is expected then, and worth neither a warning nor a retry. */
  private get quiet(): boolean {
    return this.closed || this.options.lifecycle.stopping;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => void this.start(), wait);
    this.retryTimer.unref();
  }
}
