import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallCache } from '../src/calls/call-cache';
import { CallsService } from '../src/calls/calls.service';
import { runMigrations } from '../src/database/data-source';
import { Role } from '../src/core/domain/roles';
import { MIGRATIONS } from '../migrations';
import { urlForDatabase, withAdminClient } from './support/database';
import { NotificationDeliveryService } from '../src/core/notifications/notification-delivery.service';
import { labsCall, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Both instances sign and accept the same tokens, as behind one load balancer. */
const SHARED = { JWT_SECRET: 'a-secret-shared-by-every-instance-0123456789' };

describe('two instances on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ now: '2020-06-01T08:00:00Z', env: SHARED });
    b = await createTestApp({ now: '2020-06-01T08:00:00Z', env: SHARED, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('sees on B, fresh, a call changed and published on A, though B had cached it', async () => {
    const pm = await staff(a, Role.PROGRAMME_MANAGER);
    const call = await labsCall(a, pm, { publish: false });
    expect(b.app.get(CallCache).isListening).toBe(true);
    const before = await b.http.get(`/calls/${call.id}`).set(pm.auth).expect(200);
    expect(before.body.status).toBe('DRAFT');
    // B now holds the call in memory; only the NOTIFY from A's change can evict it.
    await b.http.get(`/calls/${call.id}`).set(pm.auth).expect(200);

    await a.http.post(`/calls/${call.id}/publish`).set(pm.auth).expect(200);
    // The announcement reaches B a moment after A's commit: B is polled until it has it (bounded).
    let reads = 0;
    let status = 'DRAFT';
    for (; reads < 500 && status !== 'PUBLISHED'; reads++) {
      status = (await b.http.get(`/calls/${call.id}`).set(pm.auth).expect(200)).body.status;
      if (status !== 'PUBLISHED') await sleep(20);
    }
    expect(status).toBe('PUBLISHED');
    // Once fresh, it stays fresh.
    expect((await b.http.get(`/calls/${call.id}`).set(pm.auth).expect(200)).body.status).toBe('PUBLISHED');
  });

  it('opens a call once when the schedule job runs on both instances at once', async () => {
    const pm = await staff(a, Role.PROGRAMME_MANAGER);
    const call = await labsCall(a, pm);
    const waiting = (await a.db.query(`SELECT id FROM calls WHERE status = 'PUBLISHED'`)) as { id: string }[];
    expect(waiting.map((c) => c.id)).toContain(call.id);
    for (const t of [a, b]) t.clock.set('2020-07-02T08:00:00Z');
    const [ra, rb] = await Promise.all([a.app.get(CallsService).applySchedule(), b.app.get(CallsService).applySchedule()]);
    expect(ra.opened + rb.opened).toBe(waiting.length);
    const audit = (await a.db.query(
      `SELECT entity_id AS id, count(*)::int AS n FROM audit_log WHERE action = 'call.opened' GROUP BY entity_id`,
    )) as { id: string; n: number }[];
    const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    expect(audit.sort(byId)).toEqual(waiting.map((c) => ({ id: c.id, n: 1 })).sort(byId));
    expect((await b.http.get(`/calls/${call.id}`).set(pm.auth).expect(200)).body.status).toBe('OPEN');
  });

  it('mails each notification once when the delivery job runs on both instances at once', async () => {
    const pm = await staff(a, Role.PROGRAMME_MANAGER);
    await a.db.query(
      `INSERT INTO notifications (user_id, kind, title, body, created_at)
       SELECT $1, 'test', 'Bericht ' || n, '', now() FROM generate_series(1, 12) AS n`,
      [pm.userId],
    );
    const [ra, rb] = await Promise.all([a.app.get(NotificationDeliveryService).deliverPending(), b.app.get(NotificationDeliveryService).deliverPending()]);
    expect(ra.delivered + rb.delivered).toBe(12);
    const rows = (await a.db.query(`SELECT delivery_attempts AS attempts FROM notifications WHERE user_id = $1`, [pm.userId])) as { attempts: number }[];
    expect(rows.map((r) => r.attempts)).toEqual(Array(12).fill(1));
  });

  it('migrates a new database once when several instances start at once', async () => {
    const name = `efro_test_migrate_${randomBytes(4).toString('hex')}`;
    await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
    try {
      const applied = await Promise.all([runMigrations(urlForDatabase(name)), runMigrations(urlForDatabase(name)), runMigrations(urlForDatabase(name))]);
      expect(applied.reduce((x, y) => x + y, 0)).toBe(MIGRATIONS.length);
      expect(applied.filter((n) => n > 0)).toHaveLength(1);
    } finally {
      await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});
