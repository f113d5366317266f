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
});
