import { AuthService } from '../src/auth/auth.service';
import { systemActor } from '../src/core/domain/actor';
import { Role } from '../src/core/domain/roles';
import { PASSWORD } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const MAX_FAILURES = 3;
const LOCK_SECONDS = 600;

/** What a client can see of an answer: everything but the per-request correlation id. */
function observable(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) {
  const { correlationId: _id, ...body } = res.body;
  return { status: res.status, retryAfter: res.headers['retry-after'], contentType: res.headers['content-type'], body };
}

describe('failed logins are throttled per e-mail address, whether it has an account or not', () => {
  let t: TestApp;
  const known = 'known@vlaanderen.test';
  const unknown = 'unknown@vlaanderen.test';

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_SECONDS: String(LOCK_SECONDS) } });
    await t.app.get(AuthService).createUser({ email: known, password: PASSWORD, fullName: 'Known', roles: [Role.FINANCE_OFFICER] }, systemActor('test'));
  });
  afterAll(() => t.close());

  const attempt = (route: string, email: string, password: string) => t.http.post(route).send({ email, password });

  it.each(['/auth/login', '/auth/session'])('answers an unknown address on %s exactly like a known one, through the lock and after it', async (route) => {
    const sequence = async (email: string) => {
      const seen = [];
      for (let i = 0; i < MAX_FAILURES; i++) seen.push(observable(await attempt(route, email, 'wrong password')));
      // Locked now, even for the right password.
      seen.push(observable(await attempt(route, email, PASSWORD)));
      t.clock.advance(LOCK_SECONDS * 1000 - 1000);
      seen.push(observable(await attempt(route, email, PASSWORD)));
      return seen;
    };
    const start = t.clock.now();
    const forKnown = await sequence(known.toUpperCase());
    t.clock.set(start);
    const forUnknown = await sequence(unknown.toUpperCase());

    expect(forKnown.map((a) => a.status)).toEqual([401, 401, 401, 429, 429]);
    expect(forKnown.map((a) => a.retryAfter)).toEqual([undefined, undefined, undefined, String(LOCK_SECONDS), '1']);
    expect(forUnknown).toEqual(forKnown);

    // After the lock: the known address gets in with its password, the unknown one counts again from zero.
    t.clock.advance(1000);
    await attempt(route, known, PASSWORD).expect(200);
    for (let i = 0; i < MAX_FAILURES; i++) await attempt(route, unknown, PASSWORD).expect(401);
    await attempt(route, unknown, PASSWORD).expect(429);
    t.clock.advance(LOCK_SECONDS * 1000);
    await attempt(route, unknown, PASSWORD).expect(401);
    await t.db.query(`DELETE FROM login_throttles`);
  });

  it('counts a deactivated account\'s attempts like an unknown address\'s, even with the right password', async () => {
    await t.db.query(`UPDATE users SET active = false WHERE email = $1`, [known]);
    for (let i = 0; i < MAX_FAILURES; i++) await attempt('/auth/login', known, PASSWORD).expect(401);
    await attempt('/auth/login', known, PASSWORD).expect(429);
    await t.db.query(`UPDATE users SET active = true WHERE email = $1`, [known]);
  });

  it('counts parallel guesses atomically, so none slips past the limit', async () => {
    const email = 'parallel@vlaanderen.test';
    const answers = await Promise.all(Array.from({ length: 8 }, () => attempt('/auth/login', email, 'wrong password')));
    const [row] = await t.db.query(`SELECT failed_logins, locked_until FROM login_throttles WHERE email = $1`, [email]);
    // Eight failures with a limit of three: locked after the third, counting again after that.
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    expect(row.locked_until).not.toBeNull();
    await attempt('/auth/login', email, 'wrong password').expect(429);
  });
});
