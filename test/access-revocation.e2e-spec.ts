import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AccessCache } from '../src/auth/access-cache';
import { AuthService } from '../src/auth/auth.service';
import { Role } from '../src/core/domain/roles';
import { login, PASSWORD, Session } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

interface CookieSession {
  cookie: string;
  csrf: string;
  userId: string;
}

async function signIn(t: TestApp, email: string): Promise<CookieSession> {
  const res = await t.http.post('/auth/session').send({ email, password: PASSWORD }).expect(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('efro_session='))!;
  return { cookie: setCookie.split(';')[0], csrf: res.body.csrfToken, userId: res.body.user.id };
}

/** Polls until `check` holds: a change made elsewhere reaches this instance by NOTIFY, asynchronously. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('access ends when it is taken away', () => {
  let t: TestApp;
  let admin: Session;
  let n = 0;

  /** An account created by the admin through the API, signed in with a token and a session. */
  const account = async (roles: Role[]) => {
    const email = `revoke-${++n}@vlaanderen.test`;
    const created = await t.http.post('/users').set(admin.auth).send({ email, password: PASSWORD, fullName: `Account ${n}`, roles }).expect(201);
    const bearer = await login(t, email);
    const session = await signIn(t, email);
    // Both are used once first, so that the account's state is cached when it changes.
    await t.http.get('/auth/me').set(bearer.auth).expect(200);
    await t.http.get('/auth/me').set('Cookie', session.cookie).expect(200);
    return { id: created.body.id as string, email, bearer, session };
  };
  const patch = (id: string, body: object, as: Session = admin) => t.http.patch(`/users/${id}`).set(as.auth).send(body);

  beforeAll(async () => {
    t = await createTestApp({ env: { ADMIN_EMAIL: 'admin@vlaanderen.test', ADMIN_PASSWORD: 'admin wachtwoord 123' } });
    await t.app.get(AuthService).ensureBootstrapAdmin();
    admin = await login(t, 'admin@vlaanderen.test', 'admin wachtwoord 123');
  });
  afterAll(() => t.close());

  it('stops a deactivated account on its very next request, by token and by cookie, and audits the change', async () => {
    const a = await account([Role.PROGRAMME_MANAGER]);
    const res = await patch(a.id, { active: false }).expect(200);
    expect(res.body).toMatchObject({ id: a.id, active: false, roles: ['PROGRAMME_MANAGER'] });

    expect((await t.http.get('/auth/me').set(a.bearer.auth).expect(401)).body.code).toBe('TOKEN_REVOKED');
    expect((await t.http.get('/auth/me').set('Cookie', a.session.cookie).expect(401)).body.code).toBe('SESSION_INVALID');
    expect((await t.http.post('/auth/login').send({ email: a.email, password: PASSWORD }).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    await t.http.post('/auth/session').send({ email: a.email, password: PASSWORD }).expect(401);

    const audit = await t.db.query(`SELECT actor_id, before, after FROM audit_log WHERE action = 'user.updated' AND entity_id = $1`, [a.id]);
    expect(audit).toEqual([{ actor_id: admin.userId, before: expect.objectContaining({ active: true }), after: expect.objectContaining({ active: false }) }]);
    const listed = await t.http.get('/users?role=PROGRAMME_MANAGER').set(admin.auth).expect(200);
    expect(listed.body.items.find((u: { id: string }) => u.id === a.id)).toMatchObject({ active: false });

    // Reactivation lets the account sign in again, but brings neither the old token nor the old session back.
    await patch(a.id, { active: true }).expect(200);
    await t.http.get('/auth/me').set(a.bearer.auth).expect(401);
    await t.http.get('/auth/me').set('Cookie', a.session.cookie).expect(401);
    const fresh = await login(t, a.email);
    await t.http.get('/auth/me').set(fresh.auth).expect(200);
  });

  it('stops a removed role on the very next request, by token and by cookie', async () => {
    const a = await account([Role.ADMIN, Role.EVALUATOR]);
    await t.http.get('/users').set(a.bearer.auth).expect(200);
    await t.http.get('/users').set('Cookie', a.session.cookie).expect(200);
    await patch(a.id, { roles: [Role.EVALUATOR] }).expect(200);

    // The token carried the old roles: it is refused as a whole, and a new sign-in gives the new ones.
    expect((await t.http.get('/users').set(a.bearer.auth).expect(401)).body.code).toBe('TOKEN_REVOKED');
    await t.http.get('/me/assignments').set(a.bearer.auth).expect(401);
    // The session carries no roles: the account's current ones apply at once.
    expect((await t.http.get('/users').set('Cookie', a.session.cookie).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    await t.http.get('/me/assignments').set('Cookie', a.session.cookie).expect(200);
    const session = await t.http.get('/auth/session').set('Cookie', a.session.cookie).expect(200);
    expect(session.body.user.roles).toEqual(['EVALUATOR']);
    const fresh = await login(t, a.email);
    await t.http.get('/users').set(fresh.auth).expect(403);
    await t.http.get('/me/assignments').set(fresh.auth).expect(200);
  });

  it('follows a change made outside this instance, announced by the database', async () => {
    const a = await account([Role.FINANCE_OFFICER, Role.EVALUATOR]);
    // Held in memory (so only the announcement can end it), not read again on every request.
    expect(t.app.get(AccessCache).cachedAccount(a.id)).toMatchObject({ roles: ['FINANCE_OFFICER', 'EVALUATOR'] });
    await t.db.query(`UPDATE users SET roles = ARRAY['EVALUATOR'] WHERE id = $1`, [a.id]);
    await eventually(async () => (await t.http.get('/auth/me').set(a.bearer.auth)).status === 401, 'the token stops');
    await eventually(async () => (await t.http.get('/grants').set('Cookie', a.session.cookie)).status === 403, 'the session loses FINANCE_OFFICER');
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [a.id]);
    await eventually(async () => (await t.http.get('/auth/me').set('Cookie', a.session.cookie)).status === 401, 'the session stops');
  });

  it('refuses a token for an account that does not exist, or that names no account at all', async () => {
    const jwt = t.app.get(JwtService);
    for (const sub of [randomUUID(), 'not-a-uuid', "'; DROP TABLE users; --"]) {
      const token = await jwt.signAsync({ sub, email: 'ghost@vlaanderen.test', roles: ['ADMIN'], org: null, ver: 1 });
      const res = await t.http.get('/users').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body.code).toBe('TOKEN_REVOKED');
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    // A genuine account's id with roles it does not have, or an old version, is refused too.
    const a = await account([Role.EVALUATOR]);
    const [{ access_version }] = await t.db.query(`SELECT access_version FROM users WHERE id = $1`, [a.id]);
    for (const ver of [access_version - 1, undefined, String(access_version)]) {
      const token = await jwt.signAsync({ sub: a.id, email: a.email, roles: ['ADMIN'], org: null, ...(ver === undefined ? {} : { ver }) });
      await t.http.get('/users').set('Authorization', `Bearer ${token}`).expect(401);
    }
    // Signed with the right version, the token's own roles are not what counts: the account's are.
    const forged = await jwt.signAsync({ sub: a.id, email: a.email, roles: ['ADMIN'], org: null, ver: access_version });
    await t.http.get('/users').set('Authorization', `Bearer ${forged}`).expect(403);
  });

  it('lets only an admin change accounts, never to lock themself out', async () => {
    const a = await account([Role.PROGRAMME_MANAGER]);
    expect((await patch(admin.userId, { active: false }).expect(422)).body.code).toBe('CANNOT_DEACTIVATE_SELF');
    expect((await patch(admin.userId, { roles: [Role.EVALUATOR] }).expect(422)).body.code).toBe('CANNOT_REMOVE_OWN_ADMIN_ROLE');
    await t.http.get('/users').set(admin.auth).expect(200);
    // Adding a role is a change too: the admin's own token then gives way to a new one.
    await patch(admin.userId, { roles: [Role.ADMIN, Role.FINANCE_OFFICER] }).expect(200);
    await t.http.get('/users').set(admin.auth).expect(401);
    admin = await login(t, 'admin@vlaanderen.test', 'admin wachtwoord 123');

    await patch(a.id, { active: false }, a.bearer).expect(403);
    await patch(randomUUID(), { active: false }).expect(404);
    await patch('not-a-uuid', { active: false }).expect(404);
    for (const body of [{ roles: [] }, { roles: ['SUPERUSER'] }, { active: 'no' }, { email: 'x@y.test' }, { active: null }]) {
      await patch(a.id, body).expect(400);
    }
    // An applicant belongs to an organisation; this account has none.
    expect((await patch(a.id, { roles: [Role.APPLICANT] }).expect(400)).body.code).toBe('ORGANISATION_REQUIRED');
    // No change, no new version and no audit entry.
    const [{ access_version: before }] = await t.db.query(`SELECT access_version FROM users WHERE id = $1`, [a.id]);
    await patch(a.id, { roles: [Role.PROGRAMME_MANAGER], active: true }).expect(200);
    const [{ access_version: after }] = await t.db.query(`SELECT access_version FROM users WHERE id = $1`, [a.id]);
    expect(after).toBe(before);
    await t.http.get('/auth/me').set(a.bearer.auth).expect(200);
  });
});
