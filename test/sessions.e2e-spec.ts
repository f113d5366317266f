import { createHash } from 'node:crypto';
import { AuthHousekeepingJob } from '../src/auth/auth-housekeeping.job';
import { AuthService } from '../src/auth/auth.service';
import { systemActor } from '../src/core/domain/actor';
import { Role } from '../src/core/domain/roles';
import { login, PASSWORD } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const HOST = 'efro.test';
const TTL = 3600;

interface SignedIn {
  cookie: string;
  value: string;
  csrf: string;
  setCookie: string;
  body: { user: { id: string; email: string }; csrfToken: string; expiresAt: string };
}

async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<SignedIn> {
  const res = await t.http.post('/auth/session').send({ email, password }).expect(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('efro_session='));
  if (!setCookie) throw new Error('no session cookie set');
  const value = setCookie.slice('efro_session='.length).split(';')[0];
  return { cookie: `efro_session=${value}`, value, csrf: res.body.csrfToken, setCookie, body: res.body };
}

describe('cookie sessions for the web application', () => {
  let t: TestApp;
  let n = 0;
  const newStaff = async (roles: Role[]) => {
    const email = `session-${++n}@vlaanderen.test`;
    await t.app.get(AuthService).createUser({ email, password: PASSWORD, fullName: `Staff ${n}`, roles }, systemActor('test'));
    return email;
  };
  const userCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM users`))[0].n as number;
  const newAccount = () => ({ email: `made-${++n}@vlaanderen.test`, password: PASSWORD, fullName: 'Made', roles: ['FINANCE_OFFICER'] });

  beforeAll(async () => {
    t = await createTestApp({ env: { SESSION_TTL_SECONDS: String(TTL), LOGIN_MAX_FAILURES: '3' } });
  });
  afterAll(() => t.close());

  it('signs in with an HttpOnly, SameSite=Strict session cookie and stores only its hash', async () => {
    const email = await newStaff([Role.ADMIN]);
    const session = await signIn(t, email);
    const attributes = session.setCookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    // NODE_ENV=test runs on plain http: no Secure (it is set everywhere else, see the config spec).
    expect(attributes).not.toContain('secure');
    expect(attributes.some((a) => a.startsWith('max-age') || a.startsWith('expires'))).toBe(false);
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.body).toMatchObject({ user: { email, roles: ['ADMIN'], active: true }, csrfToken: expect.any(String) });
    expect(Date.parse(session.body.expiresAt) - t.clock.now().getTime()).toBe(TTL * 1000);

    const rows = await t.db.query(`SELECT encode(token_hash, 'hex') AS hash, row_to_json(s)::text AS row FROM sessions s WHERE user_id = $1`, [
      session.body.user.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].hash).toBe(createHash('sha256').update(session.value).digest('hex'));
    expect(rows[0].row).not.toContain(session.value);
  });

  it('answers GET /auth/session and other reads for the cookie, and 401 without one', async () => {
    const email = await newStaff([Role.ADMIN]);
    const session = await signIn(t, email);
    const current = await t.http.get('/auth/session').set('Cookie', session.cookie).expect(200);
    expect(current.body).toEqual(session.body);
    const me = await t.http.get('/auth/me').set('Cookie', session.cookie).expect(200);
    expect(me.body.email).toBe(email);
    await t.http.get('/users').set('Cookie', session.cookie).expect(200);

    const none = await t.http.get('/auth/session').expect(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    const forged = await t.http.get('/auth/session').set('Cookie', `efro_session=${'A'.repeat(43)}`).expect(401);
    expect(forged.body.code).toBe('SESSION_INVALID');
    const garbage = await t.http.get('/auth/me').set('Cookie', 'efro_session=../../etc').expect(401);
    expect(garbage.body.code).toBe('SESSION_INVALID');
    // A bearer caller has no session to show.
    const bearer = await login(t, email);
    expect((await t.http.get('/auth/session').set(bearer.auth).expect(401)).body.code).toBe('SESSION_INVALID');
  });

  it('refuses a write made with the cookie without the right X-CSRF-Token, or from another origin', async () => {
    const session = await signIn(t, await newStaff([Role.ADMIN]));
    const before = await userCount();
    const write = () => t.http.post('/users').set('Host', HOST).set('Cookie', session.cookie).send(newAccount());

    for (const attempt of [
      write(),
      write().set('X-CSRF-Token', 'wrong'),
      write().set('X-CSRF-Token', `${session.csrf.slice(0, -1)}${session.csrf.endsWith('A') ? 'B' : 'A'}`),
      write().set('X-CSRF-Token', session.csrf).set('Origin', 'https://evil.example'),
      write().set('X-CSRF-Token', session.csrf).set('Origin', `http://${HOST}.evil.example`),
      write().set('X-CSRF-Token', session.csrf).set('Origin', 'null'),
    ]) {
      const res = await attempt.expect(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('CSRF_TOKEN_INVALID');
    }
    expect(await userCount()).toBe(before);

    await write().set('X-CSRF-Token', session.csrf).expect(201);
    await write().set('X-CSRF-Token', session.csrf).set('Origin', `http://${HOST}`).expect(201);
    await write().set('X-CSRF-Token', session.csrf).set('Origin', `https://${HOST}`).expect(201);
    expect(await userCount()).toBe(before + 3);
  });

  it('keeps bearer tokens free of CSRF checks, and a bearer token wins over a cookie', async () => {
    const email = await newStaff([Role.ADMIN]);
    const bearer = await login(t, email);
    await t.http.post('/users').set(bearer.auth).set('Origin', 'https://elsewhere.example').send(newAccount()).expect(201);
    await t.http.post('/users').set(bearer.auth).set('Cookie', `efro_session=${'A'.repeat(43)}`).send(newAccount()).expect(201);
  });

  it('signs out: the session ends on the server, the cookie is cleared and a copy no longer works', async () => {
    const email = await newStaff([Role.PROGRAMME_MANAGER]);
    const session = await signIn(t, email);
    await t.http.delete('/auth/session').set('Cookie', session.cookie).expect(403);
    const out = await t.http.delete('/auth/session').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf).expect(204);
    const cleared = ([] as string[]).concat(out.headers['set-cookie'] ?? []).find((c) => c.startsWith('efro_session='));
    expect(cleared).toMatch(/^efro_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/i);

    for (const path of ['/auth/session', '/auth/me']) {
      expect((await t.http.get(path).set('Cookie', session.cookie).expect(401)).body.code).toBe('SESSION_INVALID');
    }
    await t.http.delete('/auth/session').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf).expect(401);
    const [row] = await t.db.query(`SELECT revoked_at FROM sessions WHERE user_id = $1`, [session.body.user.id]);
    expect(row.revoked_at).toEqual(t.clock.now());

    // The stale cookie does not get in the way of signing in again.
    const again = await t.http.post('/auth/session').set('Cookie', session.cookie).send({ email, password: PASSWORD }).expect(200);
    expect(again.body.csrfToken).not.toBe(session.csrf);
  });

  it('ends a session when its lifetime has passed', async () => {
    const session = await signIn(t, await newStaff([Role.FINANCE_OFFICER]));
    await t.http.get('/auth/me').set('Cookie', session.cookie).expect(200);
    t.clock.advance(TTL * 1000 - 1000);
    await t.http.get('/auth/me').set('Cookie', session.cookie).expect(200);
    t.clock.advance(1000);
    expect((await t.http.get('/auth/me').set('Cookie', session.cookie).expect(401)).body.code).toBe('SESSION_INVALID');
  });

  it('leaves a public route open to a caller whose cookie no longer holds', async () => {
    await t.http.get('/calls').set('Cookie', `efro_session=${'B'.repeat(43)}`).expect(200);
  });

  it('signs in with the same checks and throttle as POST /auth/login, counting both routes together', async () => {
    const email = await newStaff([Role.EVALUATOR]);
    const wrong = await t.http.post('/auth/session').send({ email, password: 'wrong password' }).expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    await t.http.post('/auth/login').send({ email, password: 'wrong password' }).expect(401);
    await t.http.post('/auth/session').send({ email, password: 'wrong password' }).expect(401);
    const locked = await t.http.post('/auth/session').send({ email, password: PASSWORD }).expect(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(locked.headers['retry-after']).toBe('900');
    await t.http.post('/auth/session').send({ email, password: PASSWORD, extra: 1 }).expect(400);
  });
});

describe('auth housekeeping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SESSION_TTL_SECONDS: String(TTL), LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: String(3 * 24 * 3600) } });
  });
  afterAll(() => t.close());

  it('deletes sessions a day after they ended and failed-login counts nobody added to for a day, but keeps locks', async () => {
    const email = 'tidy@vlaanderen.test';
    await t.app.get(AuthService).createUser({ email, password: PASSWORD, fullName: 'Tidy', roles: [Role.ADMIN] }, systemActor('test'));
    const ended = await signIn(t, email);
    const expired = await signIn(t, email);
    await t.http.delete('/auth/session').set('Cookie', ended.cookie).set('X-CSRF-Token', ended.csrf).expect(204);
    for (let i = 0; i < 3; i++) await t.http.post('/auth/login').send({ email: 'locked@nowhere.test', password: 'wrong password' }).expect(401);
    await t.http.post('/auth/login').send({ email: 'counted@nowhere.test', password: 'wrong password' }).expect(401);

    t.clock.advance(TTL * 1000 + 24 * 3600 * 1000 - 1000);
    const open = await signIn(t, email);
    await t.http.post('/auth/login').send({ email: 'recent@nowhere.test', password: 'wrong password' }).expect(401);
    const job = t.app.get(AuthHousekeepingJob);
    expect(await job.run()).toEqual({ sessions: 1, throttles: 1 });
    t.clock.advance(2000);
    expect(await job.run()).toEqual({ sessions: 1, throttles: 0 });
    expect(await job.run()).toEqual({ sessions: 0, throttles: 0 });

    const sessions = await t.db.query(`SELECT encode(token_hash, 'hex') AS key FROM sessions`);
    expect(sessions).toEqual([{ key: createHash('sha256').update(open.value).digest('hex') }]);
    expect(expired.value).not.toBe(open.value);
    const throttles = await t.db.query(`SELECT email FROM login_throttles ORDER BY email`);
    expect(throttles).toEqual([{ email: 'locked@nowhere.test' }, { email: 'recent@nowhere.test' }]);
    await t.http.post('/auth/login').send({ email: 'locked@nowhere.test', password: 'wrong password' }).expect(429);
  });
});

describe('the session cookie outside development and tests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: 'a production secret of at least 32 characters', AUDIT_SIGNING_KEY: 'q8Yb3k7mJm0wE8Z1l3Yc8v3p9h2c6tq3w1Q0yTfA0mE=' } });
  });
  afterAll(() => t.close());

  it('is Secure as well', async () => {
    const email = 'secure@vlaanderen.test';
    await t.app.get(AuthService).createUser({ email, password: PASSWORD, fullName: 'Secure', roles: [Role.ADMIN] }, systemActor('test'));
    const session = await signIn(t, email);
    const attributes = session.setCookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'secure']));
  });
});
