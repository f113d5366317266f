import { csrfSatisfied, isUnsafeMethod, originMatchesHost } from './csrf.rule';

const TOKEN = 'q7Zy0m3V1w3y4sQJ1Yx8K9bH2c5d6e7f8g9h0i1j2k3';

describe('CSRF protection of cookie-authenticated writes', () => {
  const write = (overrides: Partial<Parameters<typeof csrfSatisfied>[0]> = {}) =>
    csrfSatisfied({ method: 'POST', csrfHeader: TOKEN, origin: undefined, host: 'efro.test', ...overrides }, TOKEN);

  it('checks POST, PUT, PATCH and DELETE, not reads', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'delete']) expect(isUnsafeMethod(method)).toBe(true);
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(isUnsafeMethod(method)).toBe(false);
      expect(write({ method, csrfHeader: undefined, origin: 'https://evil.example' })).toBe(true);
    }
  });

  it('needs the session\'s token in the header, exactly', () => {
    expect(write()).toBe(true);
    expect(write({ csrfHeader: undefined })).toBe(false);
    expect(write({ csrfHeader: '' })).toBe(false);
    expect(write({ csrfHeader: TOKEN.slice(1) })).toBe(false);
    expect(write({ csrfHeader: `${TOKEN} ` })).toBe(false);
    expect(write({ csrfHeader: TOKEN.toLowerCase() })).toBe(false);
    expect(write({ csrfHeader: [TOKEN, TOKEN] })).toBe(false);
  });

  it('needs an Origin, when one is sent, to be the service\'s own host', () => {
    expect(write({ origin: 'https://efro.test' })).toBe(true);
    expect(write({ origin: 'http://efro.test' })).toBe(true);
    expect(write({ origin: 'https://evil.example' })).toBe(false);
    expect(write({ origin: 'https://efro.test.evil.example' })).toBe(false);
    expect(write({ origin: 'null' })).toBe(false);
    expect(write({ origin: ['https://efro.test'] })).toBe(false);
    expect(write({ origin: 'https://efro.test', host: undefined })).toBe(false);
  });

  it('compares hosts with their ports, default ports included', () => {
    expect(originMatchesHost('https://efro.test', 'efro.test:443')).toBe(true);
    expect(originMatchesHost('http://localhost:3000', 'localhost:3000')).toBe(true);
    expect(originMatchesHost('http://localhost:3001', 'localhost:3000')).toBe(false);
    expect(originMatchesHost('https://EFRO.test', 'efro.test')).toBe(true);
    expect(originMatchesHost('file://efro.test', 'efro.test')).toBe(false);
    expect(originMatchesHost('not a url', 'efro.test')).toBe(false);
    expect(originMatchesHost('https://efro.test', 'bad host/with path')).toBe(false);
  });
});
