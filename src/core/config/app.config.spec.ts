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
});
