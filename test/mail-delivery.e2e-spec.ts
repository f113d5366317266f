import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { Role } from '../src/core/domain/roles';
import { NotificationDeliveryService } from '../src/core/notifications/notification-delivery.service';
import { NotificationsService } from '../src/core/notifications/notifications.service';
import { Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Notification mail through nodemailer to a real SMTP server (`smtp-server`, by nodemailer's
 * authors) in this process, which can accept, defer (451), refuse (550), store a message and
 * drop the connection before its answer, or accept connections and never greet.
 */
type Mode = 'accept' | 'defer' | 'refuse' | 'drop' | 'hang';

class TestMailServer {
  mode: Mode = 'accept';
  /** Every message the server stored, as parsed back from its bytes. */
  readonly received: ParsedMail[] = [];
  connections = 0;
  private readonly server: SMTPServer;
  private hanging: (() => void)[] = [];

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 100,
      onConnect: (_session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        this.connections++;
        // Not calling back leaves the client without a greeting, as a hung server does.
        if (this.mode === 'hang') for (const notify of this.hanging.splice(0)) notify();
        else callback();
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mode = this.mode;
          if (mode === 'defer' || mode === 'refuse') {
            const error = Object.assign(new Error(mode === 'defer' ? 'Mailbox busy, try again later' : 'Mailbox unavailable'), { responseCode: mode === 'defer' ? 451 : 550 });
            return callback(error);
          }
          void simpleParser(Buffer.concat(chunks)).then((parsed) => {
            this.received.push(parsed);
            if (mode === 'drop') {
              // Stored, and the connection is gone before the client hears "250 OK".
              for (const c of this.server.connections) if (c.id === session.id) c._socket.destroy();
              return;
            }
            callback();
          });
        });
      },
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  /** Resolves once a client connected in `hang` mode (and waits for a greeting that never comes). */
  connectionHanging(): Promise<void> {
    return new Promise((resolve) => this.hanging.push(resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

const T0 = '2021-03-01T08:00:00.000Z';
const HOUR = 3600_000;
const TOKEN = 'metrics-token-0123456789';
const at = (base: string, ms: number) => new Date(new Date(base).getTime() + ms).toISOString();

describe('notification mail through SMTP', () => {
  const mail = new TestMailServer();
  let t: TestApp;
  let delivery: NotificationDeliveryService;
  let admin: Session;
  let user: Session;
  let userEmail: string;

  beforeAll(async () => {
    const port = await mail.listen();
    t = await createTestApp({
      now: T0,
      env: {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_FROM: 'EFRO Vlaanderen <efro@subsidies.vlaanderen.test>',
        PUBLIC_BASE_URL: 'https://subsidies.vlaanderen.test/efro',
        SMTP_CONNECTION_TIMEOUT_MS: '2000',
        SMTP_GREETING_TIMEOUT_MS: '1500',
        SMTP_SOCKET_TIMEOUT_MS: '5000',
        METRICS_ENABLED: 'true',
        METRICS_TOKEN: TOKEN,
      },
    });
    delivery = t.app.get(NotificationDeliveryService);
    admin = await staff(t, Role.ADMIN);
    user = await staff(t, Role.FINANCE_OFFICER);
    [{ email: userEmail }] = (await t.db.query(`SELECT email FROM users WHERE id = $1`, [user.userId])) as { email: string }[];
  });
  afterEach(async () => {
    mail.mode = 'accept';
    // Each test starts with an empty outbox: what one left pending is no other's to count.
    await t.db.query(`UPDATE notifications SET delivery_status = 'DELIVERED', delivered_at = now(), claimed_until = NULL WHERE delivery_status = 'PENDING'`);
  });
  afterAll(async () => {
    await t?.close();
    await mail.close();
  });

  async function notify(title: string, about: { entityType?: string; entityId?: string } = {}): Promise<string> {
    await t.app.get(NotificationsService).notify(t.db.manager, [user.userId], { kind: 'TEST', title, body: `${title}: tekst`, ...about });
    const [{ id }] = (await t.db.query(`SELECT id FROM notifications WHERE title = $1`, [title])) as { id: string }[];
    return id;
  }
  const state = async (id: string) =>
    ((await t.db.query(`SELECT delivery_status AS status, delivery_attempts AS attempts, next_attempt_at, given_up_at, last_error FROM notifications WHERE id = $1`, [id])) as {
      status: string;
      attempts: number;
      next_attempt_at: Date | null;
      given_up_at: Date | null;
      last_error: string | null;
    }[])[0];
  const receivedFor = (id: string) => mail.received.filter((m) => m.messageId === `<${id}@subsidies.vlaanderen.test>`);

  // First, as it is the first delivery run: switching SMTP on is what this test is about.
  it('does not mail the history when SMTP is switched on: old notifications are skipped, listed and retryable', async () => {
    t.clock.set(at(T0, -30 * 24 * HOUR));
    const old = await notify('Herinnering van vorige maand');
    t.clock.set(at(T0, -2 * HOUR));
    const recent = await notify('Herinnering van vanochtend');
    t.clock.set(T0);
    expect(await delivery.deliverPending()).toEqual({ ran: true, delivered: 1, deferred: 0, failed: 0, skipped: 1 });
    expect(receivedFor(recent)).toHaveLength(1);
    expect(receivedFor(old)).toHaveLength(0);
    expect(await state(old)).toMatchObject({ status: 'SKIPPED', attempts: 0, last_error: expect.stringMatching(/before mail delivery through smtp was enabled \(2021-03-01T08:00:00Z\)/) });

    // Created after delivery was enabled: mailed however late the run comes.
    t.clock.set(at(T0, HOUR));
    const later = await notify('Na het inschakelen');
    t.clock.set(at(T0, 5 * 24 * HOUR));
    expect(await delivery.deliverPending()).toMatchObject({ delivered: 1, skipped: 0 });
    expect(receivedFor(later)).toHaveLength(1);

    const skipped = (await t.http.get('/admin/notifications/failed?status=SKIPPED').set(admin.auth).expect(200)).body;
    expect(skipped).toMatchObject({ total: 1, items: [{ id: old, status: 'SKIPPED', email: userEmail, title: 'Herinnering van vorige maand' }] });
    await t.http.post(`/admin/notifications/${old}/retry`).set(admin.auth).expect(200);
    expect(await delivery.deliverPending()).toMatchObject({ delivered: 1, skipped: 0 });
    expect(receivedFor(old)).toHaveLength(1);
    expect(await state(old)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
  });

  it('sends a stable Message-ID, Auto-Submitted and a link to the item', async () => {
    const grantId = randomUUID();
    const id = await notify('Subsidie toegekend', { entityType: 'grant', entityId: grantId });
    expect(await delivery.deliverPending()).toMatchObject({ delivered: 1 });
    const [message] = receivedFor(id);
    expect(message.messageId).toBe(`<${id}@subsidies.vlaanderen.test>`);
    expect(message.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message.from?.text).toBe('"EFRO Vlaanderen" <efro@subsidies.vlaanderen.test>');
    expect(message.to && !Array.isArray(message.to) ? message.to.text : undefined).toBe(userEmail);
    expect(message.subject).toBe('Subsidie toegekend');
    expect(message.text).toContain(`https://subsidies.vlaanderen.test/efro/subsidies/${grantId}`);
  });

  it('retries a message whose answer was lost with the same Message-ID, so the second copy is recognisably the same mail', async () => {
    mail.mode = 'drop';
    const id = await notify('Betaling uitgevoerd');
    expect(await delivery.deliverPending()).toMatchObject({ delivered: 0, deferred: 1 });
    const first = await state(id);
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, last_error: expect.stringMatching(/ECONNECTION/) });
    expect(receivedFor(id)).toHaveLength(1);

    mail.mode = 'accept';
    expect(await delivery.deliverPending()).toMatchObject({ delivered: 0, deferred: 0 }); // not due yet
    t.clock.set(first.next_attempt_at!.toISOString());
    expect(await delivery.deliverPending()).toMatchObject({ delivered: 1 });
    const copies = receivedFor(id);
    expect(copies).toHaveLength(2);
    // What a recipient's client or a deduplicating relay keys on: one message, not two.
    expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
    expect(copies[1].text).toBe(copies[0].text);
    expect(await state(id)).toMatchObject({ status: 'DELIVERED', attempts: 2 });
  });

  it('gives up on a server that never greets after the greeting timeout, holding no transaction meanwhile', async () => {
    mail.mode = 'hang';
    const a = await notify('Eerste bij hangende server');
    t.clock.set(at(t.clock.now().toISOString(), 1000));
    const b = await notify('Tweede bij hangende server');
    const before = mail.connections;
    const hanging = mail.connectionHanging();
    const run = delivery.deliverPending();
    await hanging;
    // While the service waits for the greeting: no session of its database sits in a transaction, none holds a lock on the outbox.
    const sessions = (await t.db.query(
      `SELECT state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
    )) as unknown[];
    expect(sessions).toEqual([]);
    const locks = (await t.db.query(
      `SELECT l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'notifications' AND l.pid <> pg_backend_pid()`,
    )) as unknown[];
    expect(locks).toEqual([]);

    expect(await run).toMatchObject({ delivered: 0, deferred: 1 });
    // The greeting timeout ended it, and the run stopped there: the second mail did not wait for the same server.
    expect(mail.connections - before).toBe(1);
    expect(await state(a)).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'ETIMEDOUT Greeting never received' });
    expect(await state(b)).toMatchObject({ status: 'PENDING', attempts: 0 });
    // Bounded well below nodemailer's own 30 s greeting timeout, which would have ended it too, only later.
  }, 20_000);

  it('backs off over 24 hours, then lists the notification as failed in the admin list, health and metrics, and mails it on retry', async () => {
    mail.mode = 'defer';
    const start = t.clock.now().toISOString();
    const id = await notify('Kostenstaat ingediend');
    const attempts: string[] = [];
    for (;;) {
      attempts.push(t.clock.now().toISOString());
      await delivery.deliverPending();
      const s = await state(id);
      if (!s.next_attempt_at) break;
      t.clock.set(s.next_attempt_at.toISOString());
    }
    const minutes = attempts.map((a) => (new Date(a).getTime() - new Date(start).getTime()) / 60_000);
    expect(minutes).toEqual([0, 1, 3, 7, 15, 31, 63, 127, 255, 495, 735, 975, 1215, 1440]);
    expect(await state(id)).toMatchObject({ status: 'FAILED', attempts: 14, given_up_at: new Date(at(start, 24 * HOUR)), last_error: expect.stringMatching(/451/) });

    const list = (await t.http.get('/admin/notifications/failed').set(admin.auth).expect(200)).body;
    expect(list.items[0]).toMatchObject({ id, status: 'FAILED', attempts: 14, email: userEmail, messageId: `<${id}@subsidies.vlaanderen.test>`, givenUpAt: at(start, 24 * HOUR) });
    const health = await t.http.get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.details.mail).toMatchObject({ status: 'up', transport: 'smtp', failed: 1 });
    await t.http.get('/health/ready').expect(200);
    const metrics = (await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;
    expect(metrics).toMatch(/^notifications_undelivered\{status="failed"\} 1$/m);
    expect(metrics).toMatch(/^notifications_mailed_total\{outcome="failed"\} 1$/m);
    // 13 deferred attempts here, and those of the earlier tests.
    expect(Number(/^notifications_mailed_total\{outcome="deferred"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(13);

    mail.mode = 'accept';
    const retried = (await t.http.post(`/admin/notifications/${id}/retry`).set(admin.auth).expect(200)).body;
    expect(retried).toMatchObject({ id, status: 'PENDING', attempts: 0, nextAttemptAt: null });
    expect(await delivery.deliverPending()).toMatchObject({ delivered: 1 });
    expect(receivedFor(id).map((m) => m.subject)).toEqual(['Kostenstaat ingediend']);
    const again = await t.http.post(`/admin/notifications/${id}/retry`).set(admin.auth).expect(409);
    expect(again.body).toMatchObject({ code: 'NOTIFICATION_NOT_FAILED' });
    const audit = (await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [id])) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['notification.retry_requested']);
    expect((await t.http.get('/admin/notifications/failed?status=FAILED').set(admin.auth).expect(200)).body.total).toBe(0);
  });

  it('mails each notification once when two runs go at once', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) ids.push(await notify(`Gelijktijdig ${i}`));
    const [x, y] = await Promise.all([delivery.deliverPending(), delivery.deliverPending()]);
    expect(x.delivered + y.delivered).toBe(6);
    expect(ids.map((id) => receivedFor(id).length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('gives up at once when the server refuses the mail for good', async () => {
    mail.mode = 'refuse';
    const id = await notify('Geweigerd adres');
    expect(await delivery.deliverPending()).toMatchObject({ failed: 1, deferred: 0 });
    expect(await state(id)).toMatchObject({ status: 'FAILED', attempts: 1, last_error: expect.stringMatching(/550/) });
  });

  it('refuses a bad status filter and a retry of an unknown notification', async () => {
    const bad = await t.http.get('/admin/notifications/failed?status=DELIVERED').set(admin.auth).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    await t.http.post(`/admin/notifications/${randomUUID()}/retry`).set(admin.auth).expect(404);
  });
});
