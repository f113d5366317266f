import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Role } from '../src/core/domain/roles';
import { PASSWORD, Session, enterpriseNumber, labsCall, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Each of these answered 500 once; each now gets a 4xx in problem+json with our headers. */
describe('bad input: a 4xx in problem+json, never a 500', () => {
  let t: TestApp;
  let pm: Session;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const auditCount = async () => Number((await t.db.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n);

  function expectProblem(res: { status: number; headers: Record<string, string | string[] | undefined>; body: unknown }, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(`default-src 'none';frame-ancestors 'none'`);
    expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^urn:efro-grants:problem:/), correlationId: expect.any(String) });
  }

  const register = (body: Record<string, unknown>) => t.http.post('/auth/register').send(body);
  const registration = () => ({
    email: `nieuw-${enterpriseNumber()}@org.test`,
    password: PASSWORD,
    fullName: 'An Peeters',
    organisation: { name: 'Vlaams Instituut', enterpriseNumber: enterpriseNumber(), type: 'KNOWLEDGE_INSTITUTION' },
  });

  describe('deeply nested JSON', () => {
    const arrays = '['.repeat(5000) + ']'.repeat(5000);
    const objects = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);

    it.each([
      ['arrays', arrays],
      ['objects', objects],
    ])('refuses nested %s on POST /auth/login without a token', async (_kind, body) => {
      const res = await t.http.post('/auth/login').set('Content-Type', 'application/json').send(body);
      expectProblem(res, 400);
      expect(res.body.code).toBe('BODY_TOO_DEEP');
    });

    it('refuses it on an authenticated route before anything is written', async () => {
      const before = await auditCount();
      const res = await t.http.post('/calls').set(pm.auth).set('Content-Type', 'application/json').send(objects);
      expectProblem(res, 400);
      expect(await auditCount()).toBe(before);
    });

    it('keeps nesting a body needs, and brackets inside strings do not count', async () => {
      const res = await t.http.post('/auth/login').send({ email: 'nobody@org.test', password: '['.repeat(100) });
      expect(res.status).toBe(401);
    });
  });

  describe('NUL characters', () => {
    it('refuses one in a text field on POST /auth/register, naming the field, and creates no account', async () => {
      const body = registration();
      const res = await register({ ...body, fullName: 'An\u0000Peeters' });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'fullName', code: 'noNulCharacter' })]);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [body.email]))[0].n).toBe(0);
    });

    it('names a nested field', async () => {
      const body = registration();
      const res = await register({ ...body, organisation: { ...body.organisation, name: 'VIL\u0000' } });
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('organisation.name');
    });

    it('refuses one in the title of a call', async () => {
      const { body } = await labsCall(t, pm, { publish: false });
      const res = await t.http.post('/calls').set(pm.auth).send({ ...body, code: 'NUL-TITLE', title: 'Labs\u0000' });
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('title');
    });

    it('refuses one in a report narrative, a line review reason, a query value and a path parameter', async () => {
      const id = '6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60';
      const narrative = await t.http.put(`/grants/${id}/periods/1/progress-report`).set(pm.auth).send({ narrative: 'a\u0000b', indicators: {} });
      expectProblem(narrative, 400);
      expect(narrative.body.errors[0].field).toBe('narrative');
      const reason = await t.http.put(`/cost-statements/${id}/lines/${id}/review`).set(pm.auth).send({ decision: 'REJECTED', reason: '\u0000' });
      expectProblem(reason, 400);
      expect(reason.body.errors[0].field).toBe('reason');
      const query = await t.http.get('/calls?status=%00').set(pm.auth);
      expectProblem(query, 400);
      expect(query.body.errors[0].field).toBe('status');
      const param = await t.http.get('/calls/%00').set(pm.auth);
      expectProblem(param, 400);
      expect(param.body.errors[0].field).toBe('id');
    });

    it('refuses a lone surrogate, which the e-mail validator could not even encode (found by the fuzz suite)', async () => {
      const res = await t.http.post('/auth/register').set('Content-Type', 'application/json').send('{"email": "an\\ud800@vil.be", "password": "x", "fullName": "x", "organisation": {}}');
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'email', code: 'wellFormedUnicode' })]);
    });

    it('refuses one in a key', async () => {
      const res = await t.http.post('/auth/login').send({ email: 'a@b.test', password: 'x', 'p\u0000': 1 });
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('p\\u0000');
    });
  });

  describe('missing or mistyped nested objects', () => {
    it.each([
      ['without organisation', undefined],
      ['with organisation: []', []],
      ['with organisation: null', null],
      ['with organisation: "x"', 'x'],
    ])('POST /auth/register %s gets 400 naming organisation', async (_case, organisation) => {
      const res = await register({ ...registration(), organisation });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('organisation');
    });

    it.each([
      ['null', null],
      ['[]', []],
    ])('POST /calls with rules.maxRate %s gets 400 and creates nothing', async (_case, maxRate) => {
      const { body } = await labsCall(t, pm, { publish: false });
      const before = await auditCount();
      const res = await t.http.post('/calls').set(pm.auth).send({ ...body, code: `RATE-${String(_case).length}X`, rules: { ...body.rules, maxRate } });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('rules.maxRate');
      expect(await auditCount()).toBe(before);
    });

    it('PATCH /calls/:id with {"title": null} gets 400 and leaves the call as it was', async () => {
      const { id, body } = await labsCall(t, pm, { publish: false });
      const res = await t.http.patch(`/calls/${id}`).set(pm.auth).send({ title: null });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('title');
      const call = await t.http.get(`/calls/${id}`).set(pm.auth).expect(200);
      expect(call.body.title).toBe(body.title);
    });
  });

  describe('multipart without a boundary', () => {
    it.each(['progress-reports', 'cost-statements'])('is refused with 400 on the %s document route', async (route) => {
      const applicant = await t.http.post('/auth/register').send(registration()).expect(201);
      const res = await t.http
        .post(`/${route}/6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60/documents`)
        .set('Authorization', `Bearer ${applicant.body.accessToken}`)
        .set('Content-Type', 'multipart/form-data')
        .send('--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--x--\r\n');
      expectProblem(res, 400);
      expect(res.body.code).toBe('MULTIPART_BOUNDARY_MISSING');
    });
  });

  describe('answers from the HTTP layer', () => {
    it('answers a path parameter of a few hundred characters with 414', async () => {
      const res = await t.http.get(`/calls/${'a'.repeat(300)}`).set(pm.auth);
      expectProblem(res, 414);
      expect(res.body.title).toBe('URI Too Long');
    });

    it('answers a malformed percent-encoding in the path with 400', async () => {
      const res = await t.http.get('/calls/%E0%A4%A').set(pm.auth);
      expectProblem(res, 400);
    });

    it('answers headers that are too large with 431', async () => {
      const res = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/health', headers: { 'x-filler': 'a'.repeat(20_000) } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(Buffer.concat(chunks).toString()) }));
        });
        req.on('error', reject);
        req.end();
      });
      expectProblem(res, 431);
    });

    it('answers a request line the HTTP parser cannot read with 400', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'));
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(head).toMatch(/x-content-type-options: nosniff/i);
      expect(JSON.parse(body)).toMatchObject({ status: 400, type: expect.stringMatching(/^urn:efro-grants:problem:/) });
    });

    it('answers a body above the limit with 413', async () => {
      const res = await t.http.post('/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(3 * 1024 * 1024) }));
      expectProblem(res, 413);
    });

    it('answers an unknown route with 404 and a wrong content type with 415', async () => {
      expectProblem(await t.http.get('/no/such/route'), 404);
      expectProblem(await t.http.post('/auth/login').set('Content-Type', 'application/xml').send('<login/>'), 415);
    });
  });
});
