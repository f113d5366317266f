import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('records helmet’s headers once', () => {
    const headers = securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: [`'self'`] } } });
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=/);
    expect(headers['content-security-policy']).toContain(`default-src 'self'`);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
