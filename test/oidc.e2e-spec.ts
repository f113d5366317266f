import { createHash } from 'node:crypto';
import { AuthService } from '../src/auth/auth.service';
import { systemActor } from '../src/core/domain/actor';
import { Role } from '../src/core/domain/roles';
import { enterpriseNumber, login, PASSWORD } from './support/fixtures';
import { CookieJar, signInAtIdp, startTestIdp, TestIdp } from './support/oidc-idp';
import { createTestApp, TestApp } from './support/test-app';

// The service is not listening in these tests (supertest calls it in-process); the redirect
// URIs only have to match what the provider has registered.
const SERVICE = 'http://127.0.0.1:9';
const client = (name: string) => ({
  clientId: `efro-${name}`,
  clientSecret: `secret-of-${name}-0123456789`,
  redirectUri: `${SERVICE}/auth/oidc/${name}/callback`,
  postLogoutRedirectUri: `${SERVICE}/aanmelden?afgemeld=1`,
});
const STAFF_ROLES_BY_GROUP = [
  { claim: 'groups', value: 'efro-evaluatoren', roles: ['EVALUATOR'] },
  { claim: 'groups', value: 'efro-financien', roles: ['FINANCE_OFFICER'] },
  { claim: 'groups', value: 'efro-beheer', roles: ['PROGRAMME_MANAGER'] },
];

function setting(idp: TestIdp, name: string, extra: object = {}) {
  const c = client(name);
  return { name, label: `Test ${name}`, issuer: idp.issuer, clientId: c.clientId, clientSecret: c.clientSecret, redirectUri: c.redirectUri, scopes: 'openid email profile efro', roles: STAFF_ROLES_BY_GROUP, ...extra };
}

/** Only Date is moved (openid-client's and oidc-provider's clock); timers stay real, so I/O goes on as usual. */
const REAL_TIMERS: FakeableAPI[] = [
  'nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance',
];

function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  const line = ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0];
}

describe('sign-in through OpenID Connect, against a real provider', () => {
  let t: TestApp;
  let staffIdp: TestIdp;
  let rotatingIdp: TestIdp;
  let adminEmail: string;

  beforeAll(async () => {
    staffIdp = await startTestIdp([client('staff'), client('bedrijven')]);
    rotatingIdp = await startTestIdp([client('roterend')]);
    const providers = [
      setting(staffIdp, 'staff'),
      setting(staffIdp, 'bedrijven', {
        label: 'Test bedrijven',
        roles: [{ claim: 'kbo', roles: ['APPLICANT'] }],
        organisation: { enterpriseNumberClaim: 'kbo', nameClaim: 'org', type: 'COMPANY' },
        approvalRequired: true,
      }),
      setting(rotatingIdp, 'roterend'),
    ];
    t = await createTestApp({ env: { OIDC_PROVIDERS: JSON.stringify(providers), LOCAL_SIGN_IN_ROLES: 'ADMIN' } });
    adminEmail = 'beheerder@vlaanderen.test';
    await t.app.get(AuthService).createUser({ email: adminEmail, password: PASSWORD, fullName: 'Beheerder', roles: [Role.ADMIN] }, systemActor('test'));
  });
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
    await staffIdp.close();
    await rotatingIdp.close();
  });

  /** The button: our start route, which sends the browser to the provider with a flow cookie. */
  const start = async (provider: string, terug?: string) => {
    const res = await t.http.get(`/auth/oidc/${provider}/start`).query(terug ? { terug } : {}).expect(303);
    const flowCookie = cookieFrom(res.headers['set-cookie'], 'efro_oidc');
    return { location: res.headers.location as string, flowCookie, setCookie: ([] as string[]).concat(res.headers['set-cookie'] ?? []) };
  };
  /** The provider's redirect back to our callback, with this browser's flow cookie. */
  const callback = async (url: URL, flowCookie: string | undefined) => {
    const res = await t.http.get(url.pathname + url.search).set('Cookie', flowCookie ?? '').expect(303);
    return { location: res.headers.location as string, session: cookieFrom(res.headers['set-cookie'], 'efro_session'), setCookie: ([] as string[]).concat(res.headers['set-cookie'] ?? []) };
  };
  const signInThrough = async (provider: string, login: string, jar = new CookieJar()) => {
    const flow = await start(provider);
    const back = await signInAtIdp(flow.location, login, jar);
    return { ...(await callback(back, flow.flowCookie)), back, flowCookie: flow.flowCookie };
  };
  const sessionOf = async (cookie: string) => (await t.http.get('/auth/session').set('Cookie', cookie).expect(200)).body as { user: { id: string; roles: string[]; email: string; organisation: { enterpriseNumber: string; name: string } | null }; csrfToken: string };
  const audit = async (action: string, provider: string) =>
    (await t.db.query(`SELECT entity_id, coalesce(actor_email, personal->'fields'->>'personal.email') AS actor_email, after FROM audit_log WHERE action = $1 AND after->>'provider' = $2 ORDER BY id`, [action, provider])) as {
      entity_id: string;
      actor_email: string;
      after: { reason?: string; subject?: string; roles?: string[] };
    }[];

  it('lists the enabled providers and the roles that keep password sign-in', async () => {
    const res = await t.http.get('/auth/oidc/providers').expect(200);
    expect(res.body).toEqual({
      providers: [
        { name: 'staff', label: 'Test staff' },
        { name: 'bedrijven', label: 'Test bedrijven' },
        { name: 'roterend', label: 'Test roterend' },
      ],
      localSignInRoles: ['ADMIN'],
    });
  });

  it('starts the code flow with PKCE (S256), state and nonce, kept in an HttpOnly Lax cookie', async () => {
    const flow = await start('staff', '/beoordelingen');
    const url = new URL(flow.location);
    expect(url.origin + url.pathname).toBe(`${staffIdp.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'efro-staff',
      redirect_uri: `${SERVICE}/auth/oidc/staff/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email profile efro',
    });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const attributes = flow.setCookie.find((c) => c.startsWith('efro_oidc='))!.toLowerCase();
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/auth/oidc');
  });

  it('creates the account with the mapped roles at the first sign-in, linked by provider and subject', async () => {
    staffIdp.accounts.set('an-peeters', { email: 'An.Peeters@vlaanderen.test', name: 'An Peeters', groups: ['efro-evaluatoren', 'iets-anders'] });
    const result = await signInThrough('staff', 'an-peeters');
    expect(result.location).toBe('/mijn-taken');
    expect(result.session).toBeDefined();
    // The flow cookie is spent.
    expect(result.setCookie.find((c) => c.startsWith('efro_oidc='))).toMatch(/efro_oidc=;|Expires=Thu, 01 Jan 1970/i);
    const session = await sessionOf(result.session!);
    expect(session.user).toMatchObject({ email: 'an.peeters@vlaanderen.test', roles: ['EVALUATOR'], organisation: null });

    const [identity] = await t.db.query(`SELECT i.provider, i.subject, u.password_hash FROM oidc_identities i JOIN users u ON u.id = i.user_id WHERE i.user_id = $1`, [session.user.id]);
    expect(identity).toEqual({ provider: 'staff', subject: 'an-peeters', password_hash: null });
    const signedIn = await audit('auth.oidc.signed_in', 'staff');
    expect(signedIn.at(-1)).toMatchObject({ entity_id: session.user.id, after: { subject: 'an-peeters', roles: ['EVALUATOR'] } });
    // An account without a password has no way in but its provider.
    await t.http.post('/auth/session').send({ email: 'an.peeters@vlaanderen.test', password: PASSWORD }).expect(401);
  });

  it('updates the mapped roles at a later sign-in, also for a session already open', async () => {
    staffIdp.accounts.set('bart', { email: 'bart@vlaanderen.test', name: 'Bart', groups: ['efro-evaluatoren'] });
    const first = await signInThrough('staff', 'bart');
    const before = await sessionOf(first.session!);
    staffIdp.accounts.set('bart', { email: 'bart@vlaanderen.test', name: 'Bart', groups: ['efro-financien', 'efro-beheer'] });
    const second = await signInThrough('staff', 'bart');
    const after = await sessionOf(second.session!);
    expect(after.user.id).toBe(before.user.id);
    expect(after.user.roles).toEqual(['PROGRAMME_MANAGER', 'FINANCE_OFFICER']);
    expect((await sessionOf(first.session!)).user.roles).toEqual(['PROGRAMME_MANAGER', 'FINANCE_OFFICER']);
    const [updated] = await t.db.query(`SELECT before->'roles' AS before, after->'roles' AS after, after->>'provider' AS provider FROM audit_log WHERE action = 'user.updated' AND entity_id = $1`, [before.user.id]);
    expect(updated).toEqual({ before: ['EVALUATOR'], after: ['PROGRAMME_MANAGER', 'FINANCE_OFFICER'], provider: 'staff' });
  });

  it('takes the e-mail address and name from the provider at a later sign-in, unless another account has that address', async () => {
    staffIdp.accounts.set('frieda', { email: 'frieda@vlaanderen.test', name: 'Frieda', groups: ['efro-evaluatoren'] });
    const first = await signInThrough('staff', 'frieda');
    const { user } = await sessionOf(first.session!);
    staffIdp.accounts.set('frieda', { email: 'Frieda.Janssens@vlaanderen.test', name: 'Frieda Janssens', groups: ['efro-evaluatoren'] });
    const renamed = await sessionOf((await signInThrough('staff', 'frieda')).session!);
    expect(renamed.user).toMatchObject({ id: user.id, email: 'frieda.janssens@vlaanderen.test' });
    const [row] = await t.db.query(`SELECT email, full_name FROM users WHERE id = $1`, [user.id]);
    expect(row).toEqual({ email: 'frieda.janssens@vlaanderen.test', full_name: 'Frieda Janssens' });
    // An address that is another account's is not taken over; the sign-in itself goes on.
    staffIdp.accounts.set('frieda', { email: adminEmail, name: 'Frieda Janssens', groups: ['efro-evaluatoren'] });
    const kept = await signInThrough('staff', 'frieda');
    expect((await sessionOf(kept.session!)).user).toMatchObject({ id: user.id, email: 'frieda.janssens@vlaanderen.test' });
  });

  it('refuses claims that no longer map to any role, and keeps the account as it was', async () => {
    staffIdp.accounts.set('carla', { email: 'carla@vlaanderen.test', name: 'Carla', groups: ['efro-evaluatoren'] });
    const first = await signInThrough('staff', 'carla');
    const { user } = await sessionOf(first.session!);
    staffIdp.accounts.set('carla', { email: 'carla@vlaanderen.test', name: 'Carla', groups: ['personeelsdienst'] });
    const refused = await signInThrough('staff', 'carla');
    expect(refused.location).toBe('/aanmelden?fout=unmapped&aanbieder=staff');
    expect(refused.session).toBeUndefined();
    const [row] = await t.db.query(`SELECT roles FROM users WHERE id = $1`, [user.id]);
    expect(row.roles).toEqual(['EVALUATOR']);
    expect((await audit('auth.oidc.sign_in_failed', 'staff')).at(-1)).toMatchObject({ actor_email: 'carla@vlaanderen.test', after: { reason: 'unmapped', subject: 'carla' } });
  });

  it('refuses a tampered state, a callback without this browser\'s flow, and another browser\'s flow', async () => {
    staffIdp.accounts.set('dirk', { email: 'dirk@vlaanderen.test', name: 'Dirk', groups: ['efro-evaluatoren'] });
    const flow = await start('staff');
    const back = await signInAtIdp(flow.location, 'dirk');
    const tampered = new URL(back);
    // The first character changed: it carries six bits of the state (the last carries four, so
    // an 'A' there could be the state itself, one time in sixteen).
    const state = back.searchParams.get('state')!;
    tampered.searchParams.set('state', `${state[0] === 'A' ? 'B' : 'A'}${state.slice(1)}`);
    expect(await callback(tampered, flow.flowCookie)).toMatchObject({ location: '/aanmelden?fout=state&aanbieder=staff', session: undefined });
    expect(await callback(back, undefined)).toMatchObject({ location: '/aanmelden?fout=flow&aanbieder=staff', session: undefined });
    const otherBrowser = await start('staff');
    expect(await callback(back, otherBrowser.flowCookie)).toMatchObject({ location: '/aanmelden?fout=state&aanbieder=staff', session: undefined });
    // A flow started for one provider does not finish at another's callback.
    const elsewhere = new URL(back);
    elsewhere.pathname = '/auth/oidc/roterend/callback';
    expect((await callback(elsewhere, flow.flowCookie)).location).toBe('/aanmelden?fout=flow&aanbieder=roterend');
    // The untouched answer still works: nothing above spent the code.
    expect((await callback(back, flow.flowCookie)).session).toBeDefined();
    const reasons = (await audit('auth.oidc.sign_in_failed', 'staff')).map((a) => a.after.reason);
    expect(reasons).toEqual(expect.arrayContaining(['state', 'flow']));
  });

  it('refuses a replayed code: the provider does not redeem it twice', async () => {
    staffIdp.accounts.set('els', { email: 'els@vlaanderen.test', name: 'Els', groups: ['efro-evaluatoren'] });
    const first = await signInThrough('staff', 'els');
    expect(first.session).toBeDefined();
    const replay = await callback(first.back, first.flowCookie);
    expect(replay).toMatchObject({ location: '/aanmelden?fout=code&aanbieder=staff', session: undefined });
    expect((await audit('auth.oidc.sign_in_failed', 'staff')).at(-1)?.after.reason).toBe('code');
  });

  it('refuses an expired code, and a flow older than ten minutes', async () => {
    staffIdp.accounts.set('erik', { email: 'erik@vlaanderen.test', name: 'Erik', groups: ['efro-evaluatoren'] });
    const flow = await start('staff');
    const back = await signInAtIdp(flow.location, 'erik');
    const later = await start('staff');
    const laterBack = await signInAtIdp(later.location, 'erik');
    // Codes live a minute at this provider (its clock is Date, like the flow's).
    jest.useFakeTimers({ doNotFake: REAL_TIMERS, advanceTimers: true, now: Date.now() + 2 * 60_000 });
    try {
      expect((await callback(back, flow.flowCookie)).location).toBe('/aanmelden?fout=code&aanbieder=staff');
      jest.setSystemTime(Date.now() + 10 * 60_000);
      expect((await callback(laterBack, later.flowCookie)).location).toBe('/aanmelden?fout=flow&aanbieder=staff');
    } finally {
      jest.useRealTimers();
    }
  });

  it('lands every other failure on the sign-in page too: unknown provider, declined at the provider', async () => {
    expect((await t.http.get('/auth/oidc/onbekend/start').expect(303)).headers.location).toBe('/aanmelden?fout=provider');
    expect((await t.http.get('/auth/oidc/onbekend/callback?code=x&state=y').expect(303)).headers.location).toBe('/aanmelden?fout=provider');
    const [failed] = await t.db.query(`SELECT entity_type, entity_id, after->>'reason' AS reason FROM audit_log WHERE action = 'auth.oidc.sign_in_failed' AND entity_id = 'onbekend' LIMIT 1`);
    expect(failed).toEqual({ entity_type: 'oidc_provider', entity_id: 'onbekend', reason: 'provider' });
    const flow = await start('staff');
    const state = new URL(flow.location).searchParams.get('state')!;
    const declined = await callback(new URL(`${SERVICE}/auth/oidc/staff/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(staffIdp.issuer)}`), flow.flowCookie);
    expect(declined.location).toBe('/aanmelden?fout=denied&aanbieder=staff');
  });

  it('never links an account by e-mail: a local account\'s address refuses the provider\'s account', async () => {
    staffIdp.accounts.set('imposter', { email: adminEmail, name: 'Niet de beheerder', groups: ['efro-beheer'] });
    const result = await signInThrough('staff', 'imposter');
    expect(result).toMatchObject({ location: '/aanmelden?fout=email-taken&aanbieder=staff', session: undefined });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM oidc_identities WHERE subject = 'imposter'`);
    expect(n).toBe(0);
  });

  it('makes an applicant of a valid enterprise number, after an administrator\'s approval', async () => {
    const kbo = enterpriseNumber();
    staffIdp.accounts.set('kmo-zaakvoerder', { email: 'zaakvoerder@kmo.test', name: 'Zaakvoerder', kbo: `${kbo.slice(0, 4)}.${kbo.slice(4, 7)}.${kbo.slice(7)}`, org: 'KMO Sensoren nv' });
    const waiting = await signInThrough('bedrijven', 'kmo-zaakvoerder');
    expect(waiting).toMatchObject({ location: '/aanmelden?fout=pending&aanbieder=bedrijven', session: undefined });
    const [account] = await t.db.query(`SELECT u.id, u.active, u.roles, o.enterprise_number, o.name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = 'zaakvoerder@kmo.test'`);
    expect(account).toMatchObject({ active: false, roles: ['APPLICANT'], enterprise_number: kbo, name: 'KMO Sensoren nv' });
    // Still waiting at a second try.
    expect((await signInThrough('bedrijven', 'kmo-zaakvoerder')).location).toBe('/aanmelden?fout=pending&aanbieder=bedrijven');

    const admin = await login(t, adminEmail);
    const listed = async () => ((await t.http.get('/users').query({ role: 'APPLICANT', pageSize: 100 }).set(admin.auth).expect(200)).body.items as { id: string; awaitingApproval: boolean }[]).find((u) => u.id === account.id);
    // The administrators' list tells an account that waits from one switched off.
    expect(await listed()).toMatchObject({ active: false, awaitingApproval: true });
    await t.http.patch(`/users/${account.id}`).set(admin.auth).send({ active: true }).expect(200);
    const approved = await signInThrough('bedrijven', 'kmo-zaakvoerder');
    expect(approved.location).toBe('/mijn-taken');
    expect((await sessionOf(approved.session!)).user).toMatchObject({ roles: ['APPLICANT'], organisation: { enterpriseNumber: kbo } });

    // Deactivated later: refused as such, not as waiting.
    await t.http.patch(`/users/${account.id}`).set(admin.auth).send({ active: false }).expect(200);
    expect((await signInThrough('bedrijven', 'kmo-zaakvoerder')).location).toBe('/aanmelden?fout=inactive&aanbieder=bedrijven');
    expect(await listed()).toMatchObject({ active: false, awaitingApproval: false });
  });

  it('refuses an applicant whose enterprise number fails the mod-97 check', async () => {
    staffIdp.accounts.set('kmo-fout', { email: 'fout@kmo.test', name: 'Fout', kbo: '0566.988.258' });
    expect((await signInThrough('bedrijven', 'kmo-fout')).location).toBe('/aanmelden?fout=organisation&aanbieder=bedrijven');
  });

  it('follows a provider that rotated its signing keys, once the cached key set may be refreshed', async () => {
    rotatingIdp.accounts.set('femke', { email: 'femke@vlaanderen.test', name: 'Femke', groups: ['efro-evaluatoren'] });
    expect((await signInThrough('roterend', 'femke')).session).toBeDefined();
    const oldKid = rotatingIdp.kid;
    await rotatingIdp.rotateKeys();
    expect(rotatingIdp.kid).not.toBe(oldKid);
    // openid-client refreshes a key set at most once a minute (so that forged key ids cannot
    // make it hammer the provider); within that minute the new key is refused, on the page.
    expect((await signInThrough('roterend', 'femke')).location).toBe('/aanmelden?fout=token&aanbieder=roterend');
    // A minute later (the library's clock is Date; nothing else in the flow depends on it here).
    jest.useFakeTimers({ doNotFake: REAL_TIMERS, advanceTimers: true, now: Date.now() + 61_000 });
    try {
      const after = await signInThrough('roterend', 'femke');
      expect(after.location).toBe('/mijn-taken');
      const key = createHash('sha256').update(after.session!.slice('efro_session='.length)).digest();
      const [header] = (await t.db.query(`SELECT id_token FROM sessions WHERE token_hash = $1 AND oidc_provider = 'roterend'`, [key])) as { id_token: string }[];
      expect(JSON.parse(Buffer.from(header.id_token.split('.')[0], 'base64url').toString()).kid).toBe(rotatingIdp.kid);
    } finally {
      jest.useRealTimers();
    }
  });

  it('signs out of the service and, through the end-session URL, of the provider', async () => {
    staffIdp.accounts.set('greet', { email: 'greet@vlaanderen.test', name: 'Greet', groups: ['efro-evaluatoren'] });
    const jar = new CookieJar();
    const signedIn = await signInThrough('staff', 'greet', jar);
    const { csrfToken } = await sessionOf(signedIn.session!);
    const end = await t.http.get('/auth/oidc/end-session').set('Cookie', signedIn.session!).expect(200);
    const url = new URL(end.body.endSessionUrl as string);
    expect(url.origin + url.pathname).toBe(`${staffIdp.issuer}/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${SERVICE}/aanmelden?afgemeld=1`);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^ey/);
    await t.http.delete('/auth/session').set('Cookie', signedIn.session!).set('X-CSRF-Token', csrfToken).expect(204);
    await t.http.get('/auth/session').set('Cookie', signedIn.session!).expect(401);

    // While the provider's session lasts, a new sign-in needs no login page...
    const again = await start('staff');
    const silent = await fetch(again.location, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(silent.status).toBe(303);
    expect(new URL(silent.headers.get('location')!, again.location).pathname).toBe('/auth/oidc/staff/callback');

    // ...and after the end-session page's confirmation it does.
    const page = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(page);
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1];
    const confirmed = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    jar.take(confirmed);
    expect(confirmed.headers.get('location')).toBe(`${SERVICE}/aanmelden?afgemeld=1`);
    const fresh = await start('staff');
    const needsLogin = await fetch(fresh.location, { redirect: 'manual', headers: { cookie: jar.header() } });
    expect(new URL(needsLogin.headers.get('location')!, fresh.location).pathname).toMatch(/^\/interaction\//);
  });

  it('gives no end-session URL for a local session', async () => {
    const res = await t.http.post('/auth/session').send({ email: adminEmail, password: PASSWORD }).expect(200);
    const cookie = cookieFrom(res.headers['set-cookie'], 'efro_session')!;
    expect((await t.http.get('/auth/oidc/end-session').set('Cookie', cookie).expect(200)).body).toEqual({ endSessionUrl: null });
  });

  it('switches password sign-in off for the roles not in LOCAL_SIGN_IN_ROLES', async () => {
    const email = 'evaluator-lokaal@vlaanderen.test';
    await t.app.get(AuthService).createUser({ email, password: PASSWORD, fullName: 'Lokaal', roles: [Role.EVALUATOR] }, systemActor('test'));
    const refused = await t.http.post('/auth/session').send({ email, password: PASSWORD }).expect(403);
    expect(refused.body.code).toBe('LOCAL_SIGN_IN_DISABLED');
    expect((await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(403)).body.code).toBe('LOCAL_SIGN_IN_DISABLED');
    // A wrong password says only that.
    expect((await t.http.post('/auth/session').send({ email, password: 'niet het wachtwoord' }).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    await t.http.post('/auth/session').send({ email: adminEmail, password: PASSWORD }).expect(200);
    const registration = await t.http
      .post('/auth/register')
      .send({ email: 'nieuw@kmo.test', password: PASSWORD, fullName: 'Nieuw', organisation: { name: 'Nieuw nv', enterpriseNumber: enterpriseNumber(), type: 'COMPANY' } })
      .expect(403);
    expect(registration.body.code).toBe('LOCAL_SIGN_IN_DISABLED');
  });
});
