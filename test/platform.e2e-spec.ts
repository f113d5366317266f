import { Role } from '../src/core/domain/roles';
import { staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('platform: health, docs, problem details, headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports service and database state', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, uploads: { status: 'up' } } });
    expect(res.body.details.database.migrationsApplied).toBeGreaterThanOrEqual(3);
  });

  it('sends security headers and a correlation id', async () => {
    const res = await t.http.get('/health').set('X-Request-Id', 'trace-12345678');
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(`default-src 'none';frame-ancestors 'none'`);
    expect(res.headers['x-frame-options']).toBe('DENY');
    // Swagger UI is a page: it gets the full set, with a policy that lets it run.
    const docs = await t.http.get('/docs-json');
    expect(docs.headers['content-security-policy']).toContain(`script-src 'self' 'unsafe-inline'`);
    expect(docs.headers['x-dns-prefetch-control']).toBe('off');
  });

  it('serves the OpenAPI document, declaring the roles of every operation', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    const doc = res.body as { paths: Record<string, Record<string, { summary?: string; 'x-roles'?: string[] }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(8);
    for (const { path, method, op } of operations) {
      expect({ route: `${method} ${path}`, roles: Array.isArray(op['x-roles']) }).toEqual({ route: `${method} ${path}`, roles: true });
      expect({ route: `${method} ${path}`, summary: typeof op.summary }).toEqual({ route: `${method} ${path}`, summary: 'string' });
    }
    await t.http.get('/docs').expect((r) => expect([200, 302]).toContain(r.status));
  });

  it('answers an unknown route with problem details', async () => {
    const res = await t.http.get('/no/such/route').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
    expect(res.body.correlationId).toBeDefined();
  });

  it('answers malformed JSON with 400 problem details, not a 500', async () => {
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    const res = await t.http.post('/calls').set(pm.auth).set('Content-Type', 'application/json').send('{"code": ').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, type: expect.stringContaining('urn:efro-grants:problem:') });
  });

  it('refuses a missing or forged token with 401', async () => {
    await t.http.get('/auth/me').expect(401);
    const res = await t.http.get('/auth/me').set('Authorization', 'Bearer not.a.token').expect(401);
    expect(res.body.code).toBe('TOKEN_INVALID');
  });

  it('refuses changes to the audit log, even from SQL: to the service by privilege, to its owner by trigger', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied/);
    await expect(t.owner.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.owner.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.owner.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });
});
