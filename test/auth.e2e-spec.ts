import { AuthService } from '../src/auth/auth.service';
import { Role } from '../src/core/domain/roles';
import { applicant, enterpriseNumber, login, PASSWORD, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('accounts, organisations and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { ADMIN_EMAIL: 'admin@vlaanderen.test', ADMIN_PASSWORD: 'admin wachtwoord 123', LOGIN_MAX_FAILURES: '3' } });
  });
  afterAll(() => t.close());

  const registration = (overrides: Record<string, unknown> = {}) => ({
    email: 'an.peeters@vil.test',
    password: PASSWORD,
    fullName: 'An Peeters',
    organisation: { name: 'VIL', enterpriseNumber: '0566.988.259', type: 'BUSINESS_NETWORK', province: 'BE24', address: 'Hasselt' },
    ...overrides,
  });

  it('registers an applicant, normalising the enterprise number, and audits it', async () => {
    const res = await t.http.post('/auth/register').send(registration()).expect(201);
    expect(res.body.user).toMatchObject({
      email: 'an.peeters@vil.test',
      roles: ['APPLICANT'],
      organisation: { enterpriseNumber: '0566988259', name: 'VIL', type: 'BUSINESS_NETWORK', province: 'BE24' },
    });
    expect(res.body.accessToken).toEqual(expect.any(String));
    const audit = await t.db.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1`, [res.body.user.id]);
    expect(audit).toEqual([{ action: 'user.created', actor_id: res.body.user.id }]);
  });

  it('refuses to let a registration join an organisation that exists; an administrator adds its members', async () => {
    const first = await t.http.post('/auth/login').send({ email: 'an.peeters@vil.test', password: PASSWORD }).expect(200);
    // The enterprise number is public: joining by it would hand a stranger the organisation's proposals and grants.
    const res = await t.http
      .post('/auth/register')
      .send(registration({ email: 'jan@vil.test', organisation: { name: 'V.I.L.', enterpriseNumber: 'BE 0566 988 259', type: 'BUSINESS_NETWORK' } }))
      .expect(409);
    expect(res.body).toMatchObject({ code: 'ORGANISATION_REGISTERED', errors: [expect.objectContaining({ field: 'organisation.enterpriseNumber' })] });
    const [{ users }] = await t.db.query(`SELECT count(*)::int AS users FROM users WHERE email = 'jan@vil.test'`);
    expect(users).toBe(0);

    await t.app.get(AuthService).ensureBootstrapAdmin();
    const admin = await login(t, 'admin@vlaanderen.test', 'admin wachtwoord 123');
    const added = await t.http
      .post('/users')
      .set(admin.auth)
      .send({ email: 'jan@vil.test', password: PASSWORD, fullName: 'Jan Janssens', roles: ['APPLICANT'], organisation: { name: 'V.I.L.', enterpriseNumber: 'BE 0566 988 259', type: 'BUSINESS_NETWORK' } })
      .expect(201);
    expect(added.body.organisation.id).toBe(first.body.user.organisation.id);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM organisations WHERE enterprise_number = '0566988259'`);
    expect(count).toBe(1);
  });

  it('refuses an enterprise number that fails the mod-97 check, naming the field', async () => {
    const res = await t.http
      .post('/auth/register')
      .send(registration({ email: 'x@y.test', organisation: { name: 'X', enterpriseNumber: '0566.988.258', type: 'COMPANY' } }))
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'organisation.enterpriseNumber', code: 'isEnterpriseNumber', message: expect.stringContaining('mod-97') }),
    ]);
  });

  it('refuses unknown fields, wrong types and a duplicate e-mail', async () => {
    const unknown = await t.http.post('/auth/register').send(registration({ email: 'z@y.test', isAdmin: true })).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin', code: 'unknownField' })]);
    const types = await t.http.post('/auth/register').send(registration({ email: 42, password: ['x'] })).expect(400);
    expect(types.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['email', 'password']));
    const dup = await t.http.post('/auth/register').send(registration({ email: 'AN.PEETERS@vil.test' })).expect(409);
    expect(dup.body.code).toBe('EMAIL_TAKEN');
  });

  it('logs in, returns the user with roles and organisation on /auth/me', async () => {
    const session = await login(t, 'an.peeters@vil.test');
    const me = await t.http.get('/auth/me').set(session.auth).expect(200);
    expect(me.body).toMatchObject({ email: 'an.peeters@vil.test', roles: ['APPLICANT'], organisation: { enterpriseNumber: '0566988259' } });
  });

  it('throttles repeated failed logins, then lets the right password in after the lock', async () => {
    await applicant(t).then(async () => undefined);
    const email = 'an.peeters@vil.test';
    for (let i = 0; i < 3; i++) await t.http.post('/auth/login').send({ email, password: 'wrong password' }).expect(401);
    const locked = await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(locked.headers['retry-after']).toBeDefined();
    t.clock.advance(16 * 60 * 1000);
    await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const res = await t.http.post('/auth/login').send({ email: 'nobody@nowhere.test', password: PASSWORD }).expect(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('creates the bootstrap admin from configuration once, and the admin creates staff', async () => {
    await t.app.get(AuthService).ensureBootstrapAdmin();
    await t.app.get(AuthService).ensureBootstrapAdmin();
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM users WHERE 'ADMIN' = ANY(roles)`);
    expect(count).toBe(1);
    const admin = await login(t, 'admin@vlaanderen.test', 'admin wachtwoord 123');
    const created = await t.http
      .post('/users')
      .set(admin.auth)
      .send({
        email: 'evaluator@uantwerpen.test',
        password: PASSWORD,
        fullName: 'Eva Luator',
        roles: ['EVALUATOR'],
        organisation: { name: 'Universiteit Antwerpen', enterpriseNumber: enterpriseNumber(), type: 'KNOWLEDGE_INSTITUTION' },
      })
      .expect(201);
    expect(created.body.roles).toEqual(['EVALUATOR']);
    const list = await t.http.get('/users?role=EVALUATOR').set(admin.auth).expect(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toContain('evaluator@uantwerpen.test');
  });

  it('refuses staff routes to every role but admin', async () => {
    for (const role of [Role.APPLICANT, Role.EVALUATOR, Role.FINANCE_OFFICER, Role.PROGRAMME_MANAGER]) {
      const session = role === Role.APPLICANT ? await applicant(t) : await staff(t, role);
      await t.http.get('/users').set(session.auth).expect(403);
      const res = await t.http
        .post('/users')
        .set(session.auth)
        .send({ email: 'sneaky@x.test', password: PASSWORD, fullName: 'S', roles: ['ADMIN'] })
        .expect(403);
      expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
    }
  });
});
