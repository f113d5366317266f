import { CallsScheduler } from '../src/calls/calls.scheduler';
import { Role } from '../src/core/domain/roles';
import { NotificationDeliveryScheduler } from '../src/core/notifications/notification-delivery.scheduler';
import { GrantsScheduler } from '../src/grants/grants.scheduler';
import { PdfRenderer } from '../src/reporting/pdf-renderer';
import { sampleReceipt } from '../src/reporting/render/testing/samples';
import { labsCall, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const TOKEN = 'metrics-token-for-the-scraper-0123456789';

/** The value of one sample line of the exposition text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = /\{(.*)\}/.exec(line)?.[1] ?? '';
    const parts = inner ? inner.split(/,(?=[a-z_]+=")/) : [];
    if (wanted.every((w) => parts.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('operations: readiness and liveness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is live without a database check, in the terminus format', async () => {
    const res = await t.http.get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('is ready when the database answers and uploads can be stored', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.details).sort()).toEqual(['database', 'uploads']);
    expect(res.body.details.database).toMatchObject({ status: 'up' });
    expect(res.body.details.uploads).toMatchObject({ status: 'up' });
    expect(res.body.details.uploads.freeBytes).toBeGreaterThan(0);
    expect(res.body.error).toEqual({});
  });

  it('details the database pool on GET /health', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body.details.database.pool).toMatchObject({ max: 10 });
    expect(res.body.version).toBe('0.1.0');
  });

  it('is not ready (503, Retry-After) when the upload disk lacks room, while liveness stays up', async () => {
    const cramped = await createTestApp({ env: { UPLOAD_MIN_FREE_BYTES: String(Number.MAX_SAFE_INTEGER) } });
    try {
      const res = await cramped.http.get('/health/ready').expect(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.body.status).toBe('error');
      expect(res.body.error.uploads).toMatchObject({ status: 'down', message: 'not enough free space for uploads' });
      expect(res.body.info.database).toMatchObject({ status: 'up' });
      await cramped.http.get('/health/live').expect(200);
    } finally {
      await cramped.close();
    }
  });

  it('checks the embedded server when the service uses one', async () => {
    const missing = await createTestApp({ embedded: { dir: '/nonexistent/efro-pg', port: 54999 } });
    try {
      const res = await missing.http.get('/health/ready').expect(503);
      expect(res.body.error.embeddedPostgres).toMatchObject({ status: 'down', port: 54999 });
    } finally {
      await missing.close();
    }
  });
});

describe('operations: metrics', () => {
  it('are not served unless enabled', async () => {
    const t = await createTestApp();
    try {
      const res = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await t.close();
    }
  });

  describe('when enabled', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_ENABLED: 'true', METRICS_TOKEN: TOKEN, SCHEDULER_ENABLED: 'true' } });
    });
    afterAll(() => t.close());

    it('refuse a scraper without the token, or with a wrong one or a user token', async () => {
      const none = await t.http.get('/metrics').expect(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(none.body.code).toBe('METRICS_TOKEN_INVALID');
      await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      const admin = await staff(t, Role.ADMIN);
      await t.http.get('/metrics').set(admin.auth).expect(401);
    });

    it('count requests per route pattern, pool use, jobs, PDFs and exports', async () => {
      const pm = await staff(t, Role.PROGRAMME_MANAGER);
      const finance = await staff(t, Role.FINANCE_OFFICER);
      const call = await labsCall(t, pm);
      for (let i = 0; i < 3; i++) await t.http.get(`/calls/${call.id}`).expect(200);
      await t.http.get('/no/such/route').expect(404);
      await t.app.get(CallsScheduler).tick();
      await t.app.get(GrantsScheduler).daily();
      await t.app.get(NotificationDeliveryScheduler).tick();
      await t.app.get(PdfRenderer).render('receipt', sampleReceipt());
      const csv = await t.http.get('/exports/payments?format=csv').set(finance.auth).expect(200);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      await t.http.get('/exports/cost-lines?format=xlsx').set(finance.auth).expect(200);

      const res = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.text;
      expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/calls/:id', status_code: '200' })).toBe(3);
      expect(sample(text, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/calls/:id', status_code: '200', le: '+Inf' })).toBe(3);
      expect(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/calls', status_code: '201' })).toBe(1);
      expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
      // Raw URLs never become labels.
      expect(text).not.toContain(call.id);
      expect(sample(text, 'db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(sample(text, 'db_pool_waiting_requests', {})).toBe(0);
      expect(sample(text, 'db_pool_max_connections', {})).toBe(10);
      for (const job of ['calls-schedule', 'grants-daily', 'notification-delivery']) {
        expect({ job, runs: sample(text, 'job_runs_total', { job, outcome: 'done' }) }).toEqual({ job, runs: expect.any(Number) });
        expect(sample(text, 'job_duration_seconds_count', { job })).toBeGreaterThanOrEqual(1);
      }
      expect(sample(text, 'pdf_rendered_total', { kind: 'receipt', outcome: 'rendered' })).toBe(1);
      expect(sample(text, 'exports_streamed_total', { kind: 'payments', format: 'csv', outcome: 'complete' })).toBe(1);
      expect(sample(text, 'exports_streamed_total', { kind: 'cost-lines', format: 'xlsx', outcome: 'complete' })).toBe(1);
      expect(sample(text, 'exports_in_flight', {})).toBe(0);
      expect(sample(text, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
    });
  });
});
