import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app.config';
import { Actor } from '../domain/actor';
import { conflict, notFound } from '../errors/domain.error';
import { Page, page, PageQuery } from '../http/pagination';
import { MailDeliveryError, MailTransport } from '../mail/mail.transport';
import { Metrics } from '../metrics/metrics';
import { itemLink } from '../web/item-links';
import { messageIdFor, nextAttemptAt, RetryPolicy } from './delivery-policy';

export interface DeliveryResult {
  ran: boolean;
  delivered: number;
  /** Attempts that failed and will be retried. */
  deferred: number;
  /** Given up: the retry window is over, or the server refused the mail for good. */
  failed: number;
  /** Old notifications not mailed because they predate mail delivery (see MAIL_BACKLOG_MAX_AGE_SECONDS). */
  skipped: number;
}

export type UndeliveredStatus = 'FAILED' | 'SKIPPED';

export interface UndeliveredNotification {
  id: string;
  userId: string;
  email: string;
  kind: string;
  title: string;
  entityType: string | null;
  entityId: string | null;
  status: 'PENDING' | 'DELIVERED' | UndeliveredStatus;
  attempts: number;
  createdAt: string;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  givenUpAt: string | null;
  lastError: string | null;
  messageId: string;
}

interface Claimed {
  id: string;
  kind: string;
  title: string;
  body: string;
  entity_type: string | null;
  entity_id: string | null;
  grant_id: string | null;
  attempts: number;
  first_attempt_at: Date | null;
  email: string;
}

const BATCH = 200;
/** One candidate at a time, so each claim is one short statement and never waits for a lock. */
const CLAIM_ONE = `
  WITH due AS (
    SELECT id FROM notifications
     WHERE delivery_status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= $1) AND (claimed_until IS NULL OR claimed_until <= $1)
     ORDER BY created_at, id LIMIT 1
     FOR UPDATE SKIP LOCKED)
  UPDATE notifications n SET claimed_until = $2, claim_token = $3
    FROM due WHERE n.id = due.id
  RETURNING n.id, n.kind, n.title, n.body, n.entity_type, n.entity_id, n.delivery_attempts AS attempts, n.first_attempt_at,
    (SELECT u.email FROM users u WHERE u.id = n.user_id) AS email,
    CASE WHEN n.entity_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
      CASE n.entity_type
        WHEN 'cost_statement' THEN (SELECT s.grant_id::text FROM cost_statements s WHERE s.id = n.entity_id::uuid)
        WHEN 'progress_report' THEN (SELECT r.grant_id::text FROM progress_reports r WHERE r.id = n.entity_id::uuid)
        WHEN 'payment' THEN (SELECT p.grant_id::text FROM payments p WHERE p.id = n.entity_id::uuid)
      END
    END AS grant_id`;

/**
 * Mails stored notifications (the outbox's second half). No transaction is open while the
 * mail server is talked to: a notification is claimed in one short statement (a lease of
 * `claimed_until`, taken with SKIP LOCKED so concurrent senders on any instance pass each
 * other), sent, and its outcome written in another short statement guarded by the claim.
 * A crash mid-send leaves the lease to expire; the retry then carries the same Message-ID.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger('NotificationDelivery');
  private readonly policy: RetryPolicy;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly audit: AuditService,
  ) {
    this.policy = {
      firstDelaySeconds: config.MAIL_RETRY_FIRST_DELAY_SECONDS,
      maxDelaySeconds: config.MAIL_RETRY_MAX_DELAY_SECONDS,
      windowSeconds: config.MAIL_RETRY_WINDOW_SECONDS,
    };
  }

  async deliverPending(limit = BATCH): Promise<DeliveryResult> {
    const result: DeliveryResult = { ran: true, delivered: 0, deferred: 0, failed: 0, skipped: await this.skipBacklog() };
    for (let i = 0; i < limit; i++) {
      const claimed = await this.claim();
      if (!claimed) break;
      const outcome = await this.attempt(claimed.row, claimed.token);
      result[outcome.kind]++;
      // A server that does not answer would cost every further mail the same timeout.
      if (outcome.unreachable) break;
    }
    this.metrics.notificationsMailed(result);
    if (result.delivered || result.deferred || result.failed || result.skipped) {
      this.logger.log(
        `notifications via ${this.transport.name}: ${result.delivered} delivered, ${result.deferred} to retry, ${result.failed} failed, ${result.skipped} skipped`,
      );
    }
    return result;
  }

  /**
   * The first run through a transport records when mail delivery through it began; pending
   * notifications created before that and older than MAIL_BACKLOG_MAX_AGE_SECONDS are SKIPPED
   * rather than mailed all at once. One an administrator asked to retry is never skipped.
   */
  private async skipBacklog(): Promise<number> {
    const now = this.clock.now();
    await this.db.query(`INSERT INTO mail_transports (name, enabled_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [this.transport.name, now]);
    const cutoff = new Date(now.getTime() - this.config.MAIL_BACKLOG_MAX_AGE_SECONDS * 1000);
    const [, count] = (await this.db.query(
      `UPDATE notifications SET delivery_status = 'SKIPPED', given_up_at = $3,
              last_error = 'created before mail delivery through ' || $1 || ' was enabled (' || to_char(t.enabled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ') and older than the backlog limit'
         FROM mail_transports t
        WHERE t.name = $1 AND delivery_status = 'PENDING' AND retry_requested_at IS NULL
          AND created_at < t.enabled_at AND created_at < $2
          AND (claimed_until IS NULL OR claimed_until <= $3)`,
      [this.transport.name, cutoff, now],
    )) as [unknown[], number];
    return count;
  }

  private async claim(): Promise<{ row: Claimed; token: string } | null> {
    const now = this.clock.now();
    const token = randomUUID();
    const leaseEnd = new Date(now.getTime() + this.transport.maxSendMs + 60_000);
    const [rows] = (await this.db.query(CLAIM_ONE, [now, leaseEnd, token])) as [Claimed[], number];
    return rows.length ? { row: rows[0], token } : null;
  }

  private async attempt(n: Claimed, token: string): Promise<{ kind: 'delivered' | 'deferred' | 'failed'; unreachable: boolean }> {
    const attemptedAt = this.clock.now();
    try {
      await this.transport.send({
        to: n.email,
        subject: n.title,
        text: this.text(n),
        messageId: messageIdFor(n.id, this.config.messageIdDomain),
        // RFC 3834: automatic mail; out-of-office replies and auto-forwards should stay quiet.
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
    } catch (error) {
      const e = error instanceof MailDeliveryError ? error : new MailDeliveryError((error as Error).message, false, false);
      const first = n.first_attempt_at ?? attemptedAt;
      const next = nextAttemptAt(this.policy, n.attempts + 1, first, this.clock.now(), e.permanent);
      await this.db.query(
        `UPDATE notifications SET delivery_attempts = delivery_attempts + 1, first_attempt_at = $3, last_attempt_at = $4,
                last_error = $5, next_attempt_at = $6, claimed_until = NULL, claim_token = NULL,
                delivery_status = CASE WHEN $6::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,
                given_up_at = CASE WHEN $6::timestamptz IS NULL THEN $4::timestamptz END
          WHERE id = $1 AND claim_token = $2`,
        [n.id, token, first, attemptedAt, e.message, next],
      );
      this.logger.warn(`notification ${n.id} not delivered (attempt ${n.attempts + 1}${next ? `, retry at ${next.toISOString()}` : ', given up'}): ${e.message}`);
      return { kind: next ? 'deferred' : 'failed', unreachable: e.unreachable };
    }
    await this.db.query(
      `UPDATE notifications SET delivery_status = 'DELIVERED', delivered_at = $3, delivery_attempts = delivery_attempts + 1,
              first_attempt_at = COALESCE(first_attempt_at, $3), last_attempt_at = $3, next_attempt_at = NULL,
              claimed_until = NULL, claim_token = NULL
        WHERE id = $1 AND claim_token = $2`,
      [n.id, token, attemptedAt],
    );
    return { kind: 'delivered', unreachable: false };
  }

  private text(n: Claimed): string {
    const link = itemLink(this.config.publicBaseUrl, { kind: n.kind, entityType: n.entity_type, entityId: n.entity_id, grantId: n.grant_id });
    return `${n.body || n.title}\n\nBekijk het in efro-grants: ${link}\n\n-- \nDit bericht is automatisch verstuurd door efro-grants; een antwoord wordt niet gelezen.\n`;
  }

  /** Notifications given up (FAILED) or never mailed (SKIPPED), most recent first. */
  async listUndelivered(query: PageQuery & { status?: UndeliveredStatus }): Promise<Page<UndeliveredNotification>> {
    const statuses = query.status ? [query.status] : ['FAILED', 'SKIPPED'];
    const rows = (await this.db.query(
      `SELECT n.*, u.email, count(*) OVER ()::int AS total
         FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.delivery_status = ANY($1::text[])
        ORDER BY n.given_up_at DESC NULLS LAST, n.created_at DESC, n.id
        LIMIT $2 OFFSET $3`,
      [statuses, query.pageSize, query.offset],
    )) as (NotificationRow & { total: number })[];
    const total = rows[0]?.total ?? (query.offset > 0 ? await this.countUndelivered(statuses) : 0);
    return page(
      rows.map((r) => this.toDto(r)),
      total,
      query,
    );
  }

  private async countUndelivered(statuses: string[]): Promise<number> {
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM notifications WHERE delivery_status = ANY($1::text[])`, [statuses])) as { n: number }[];
    return n;
  }

  /** Puts a FAILED or SKIPPED notification back in the outbox, due now, with a fresh retry window. */
  async retry(actor: Actor, id: string): Promise<UndeliveredNotification> {
    return this.db.transaction(async (manager) => {
      const [before] = (await manager.query(`SELECT n.*, u.email FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = $1 FOR UPDATE OF n`, [
        id,
      ])) as NotificationRow[];
      if (!before) throw notFound('The notification');
      if (before.delivery_status !== 'FAILED' && before.delivery_status !== 'SKIPPED') {
        throw conflict('NOTIFICATION_NOT_FAILED', `The notification is ${before.delivery_status.toLowerCase()}: only a failed or skipped one can be retried`);
      }
      const now = this.clock.now();
      const [[after]] = (await manager.query(
        `UPDATE notifications n SET delivery_status = 'PENDING', delivery_attempts = 0, first_attempt_at = NULL, next_attempt_at = NULL,
                given_up_at = NULL, retry_requested_at = $2
           FROM users u WHERE u.id = n.user_id AND n.id = $1
         RETURNING n.*, u.email`,
        [id, now],
      )) as [NotificationRow[], number];
      await this.audit.record(manager, actor, {
        action: 'notification.retry_requested',
        entityType: 'notification',
        entityId: id,
        before: { status: before.delivery_status, attempts: before.delivery_attempts, lastError: before.last_error },
        after: { status: 'PENDING' },
      });
      return this.toDto(after);
    });
  }

  private toDto(r: NotificationRow): UndeliveredNotification {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      id: r.id,
      userId: r.user_id,
      email: r.email,
      kind: r.kind,
      title: r.title,
      entityType: r.entity_type,
      entityId: r.entity_id,
      status: r.delivery_status,
      attempts: r.delivery_attempts,
      createdAt: r.created_at.toISOString(),
      firstAttemptAt: iso(r.first_attempt_at),
      lastAttemptAt: iso(r.last_attempt_at),
      nextAttemptAt: iso(r.next_attempt_at),
      givenUpAt: iso(r.given_up_at),
      lastError: r.last_error,
      messageId: messageIdFor(r.id, this.config.messageIdDomain),
    };
  }
}

interface NotificationRow {
  id: string;
  user_id: string;
  email: string;
  kind: string;
  title: string;
  entity_type: string | null;
  entity_id: string | null;
  delivery_status: UndeliveredNotification['status'];
  delivery_attempts: number;
  created_at: Date;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  given_up_at: Date | null;
  last_error: string | null;
}
