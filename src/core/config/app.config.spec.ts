import { ConfigError, loadConfig } from './app.config';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('applies defaults and generates a development JWT secret', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.MIGRATIONS_RUN).toBe(true);
    expect(config.JWT_SECRET).toHaveLength(64);
  });

  it('parses numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', MIGRATIONS_RUN: 'false' });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATIONS_RUN).toBe(false);
  });

  it('requires an audit signing key in production, and a well-formed one anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/AUDIT_SIGNING_KEY/);
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: 'short' })).toThrow(/AUDIT_SIGNING_KEY/);
    expect(loadConfig({ AUDIT_SIGNING_KEY: KEY }).AUDIT_SIGNING_KEY).toBe(KEY);
  });

  it('takes a separate owner URL for migrations', () => {
    expect(loadConfig({ DATABASE_OWNER_URL: 'postgres://owner@db/efro' }).DATABASE_OWNER_URL).toBe('postgres://owner@db/efro');
    expect(() => loadConfig({ DATABASE_OWNER_URL: 'mysql://x' })).toThrow(/DATABASE_OWNER_URL/);
  });

  it('requires a JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('lists every bad setting at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', DOCUMENT_TIME_ZONE: 'Mars/Olympus' });
      fail('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(/DOCUMENT_TIME_ZONE/);
    }
  });

  it('requires an admin password of reasonable length with an admin e-mail', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.be', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('reads the session lifetime, and makes cookies Secure outside development and tests', () => {
    expect(loadConfig({}).SESSION_TTL_SECONDS).toBe(28800);
    expect(loadConfig({ SESSION_TTL_SECONDS: '3600' }).SESSION_TTL_SECONDS).toBe(3600);
    expect(() => loadConfig({ SESSION_TTL_SECONDS: '10' })).toThrow(/SESSION_TTL_SECONDS/);
    expect(loadConfig({ NODE_ENV: 'development' }).secureCookies).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).secureCookies).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), AUDIT_SIGNING_KEY: KEY }).secureCookies).toBe(true);
  });

  it('requires a metrics token when metrics are enabled, and keeps them off by default', () => {
    expect(loadConfig({}).METRICS_ENABLED).toBe(false);
    expect(() => loadConfig({ METRICS_ENABLED: 'true' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_ENABLED: 'true', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_ENABLED: 'true', METRICS_TOKEN: 'x'.repeat(32) }).METRICS_TOKEN).toHaveLength(32);
  });

  it('reads the mail settings: sender, Message-ID domain, public base URL, short timeouts and the retry window', () => {
    const defaults = loadConfig({ PORT: '3100' });
    expect(defaults.messageIdDomain).toBe('efro-grants.invalid');
    expect(defaults.publicBaseUrl).toBe('http://localhost:3100');
    expect([defaults.SMTP_CONNECTION_TIMEOUT_MS, defaults.SMTP_GREETING_TIMEOUT_MS, defaults.SMTP_SOCKET_TIMEOUT_MS]).toEqual([10_000, 10_000, 30_000]);
    expect([defaults.MAIL_RETRY_FIRST_DELAY_SECONDS, defaults.MAIL_RETRY_MAX_DELAY_SECONDS, defaults.MAIL_RETRY_WINDOW_SECONDS]).toEqual([60, 14_400, 86_400]);
    const set = loadConfig({ MAIL_FROM: 'EFRO <efro@subsidies.vlaanderen.test>', PUBLIC_BASE_URL: 'https://subsidies.vlaanderen.test/efro/' });
    expect(set.messageIdDomain).toBe('subsidies.vlaanderen.test');
    expect(set.publicBaseUrl).toBe('https://subsidies.vlaanderen.test/efro');
    expect(loadConfig({ MAIL_FROM: 'efro@a.test', MAIL_MESSAGE_ID_DOMAIN: 'mail.a.test' }).messageIdDomain).toBe('mail.a.test');
    expect(() => loadConfig({ MAIL_FROM: 'not an address', PUBLIC_BASE_URL: 'ftp://x', SMTP_GREETING_TIMEOUT_MS: '0' })).toThrow(
      /MAIL_FROM[\s\S]*PUBLIC_BASE_URL[\s\S]*SMTP_GREETING_TIMEOUT_MS/,
    );
  });

  describe('OpenID Connect providers (OIDC_PROVIDERS)', () => {
    const staff = {
      name: 'vlaanderen',
      label: 'Vlaamse overheid',
      issuer: 'https://idp.vlaanderen.example',
      clientId: 'efro',
      clientSecret: 'secret',
      redirectUri: 'https://efro.example/auth/oidc/vlaanderen/callback',
      roles: [{ claim: 'groups', value: 'efro-evaluatoren', roles: ['EVALUATOR'] }],
    };
    const load = (providers: unknown[], env: Record<string, string> = {}) => loadConfig({ OIDC_PROVIDERS: JSON.stringify(providers), ...env });

    it('reads providers side by side, with defaults, and none by default', () => {
      expect(loadConfig({}).OIDC_PROVIDERS).toEqual([]);
      const config = load([staff, { ...staff, name: 'bedrijven', redirectUri: 'https://efro.example/auth/oidc/bedrijven/callback', enabled: false }]);
      const [provider, second] = config.OIDC_PROVIDERS;
      expect(provider).toMatchObject({ name: 'vlaanderen', scopes: 'openid profile email', approvalRequired: false, emailClaim: 'email', tokenEndpointAuthMethod: 'client_secret_basic', enabled: true });
      expect(provider.endSessionRedirect).toBe('https://efro.example/aanmelden?afgemeld=1');
      expect(second.enabled).toBe(false);
      expect(config.enabledOidcProviders.map((p) => p.name)).toEqual(['vlaanderen']);
    });

    it('names every bad field of a provider by its place', () => {
      const message = (() => {
        try {
          load([{ ...staff, name: 'Niet Geldig', issuer: 'geen url', scopes: 'profile', roles: [{ claim: 'groups', roles: ['KONING'] }] }]);
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message).toMatch(/OIDC_PROVIDERS\[0\]\[name\]/);
      expect(message).toMatch(/OIDC_PROVIDERS\[0\]\[issuer\]/);
      expect(message).toMatch(/scopes must include openid/);
      expect(message).toMatch(/OIDC_PROVIDERS\[0\]\[roles\]\[0\]\[roles\]/);
      expect(() => loadConfig({ OIDC_PROVIDERS: '{not json' })).toThrow(/OIDC_PROVIDERS must be a JSON array/);
    });

    it('refuses plain http away from this machine, twice the same name, a callback of another path, and applicants without an organisation', () => {
      expect(() => load([{ ...staff, issuer: 'http://idp.example' }])).toThrow(/issuer must be https/);
      expect(load([{ ...staff, issuer: 'http://127.0.0.1:4000', redirectUri: 'http://localhost:3000/auth/oidc/vlaanderen/callback' }]).OIDC_PROVIDERS).toHaveLength(1);
      expect(() => load([staff, staff])).toThrow(/vlaanderen is used twice/);
      expect(() => load([{ ...staff, redirectUri: 'https://efro.example/callback' }])).toThrow(/redirectUri must end in \/auth\/oidc\/vlaanderen\/callback/);
      expect(() => load([{ ...staff, roles: [{ claim: 'kbo', roles: ['APPLICANT'] }] }])).toThrow(/maps APPLICANT but has no organisation mapping/);
      expect(load([{ ...staff, roles: [{ claim: 'kbo', roles: ['APPLICANT'] }], organisation: { enterpriseNumberClaim: 'kbo' } }]).OIDC_PROVIDERS[0].organisation).toMatchObject({ type: 'COMPANY' });
    });
  });

  it('keeps password sign-in for every role unless LOCAL_SIGN_IN_ROLES says otherwise', () => {
    expect(loadConfig({}).LOCAL_SIGN_IN_ROLES).toEqual(['ADMIN', 'PROGRAMME_MANAGER', 'EVALUATOR', 'FINANCE_OFFICER', 'APPLICANT', 'AUDITOR']);
    expect(loadConfig({ LOCAL_SIGN_IN_ROLES: 'ADMIN, PROGRAMME_MANAGER' }).LOCAL_SIGN_IN_ROLES).toEqual(['ADMIN', 'PROGRAMME_MANAGER']);
    expect(loadConfig({ LOCAL_SIGN_IN_ROLES: 'none' }).LOCAL_SIGN_IN_ROLES).toEqual([]);
    expect(() => loadConfig({ LOCAL_SIGN_IN_ROLES: 'ADMIN,KONING' })).toThrow(/LOCAL_SIGN_IN_ROLES may list only/);
  });
});
