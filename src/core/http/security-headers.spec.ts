import { apiSecurityHeaders, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('records helmet’s headers once', () => {
    const headers = securityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: [`'self'`] } } });
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=/);
    expect(headers['content-security-policy']).toContain(`default-src 'self'`);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('gives API responses the REST set: no framing, no scripts, no sniffing, no referrer', () => {
    expect(apiSecurityHeaders()).toEqual({
      'content-security-policy': `default-src 'none';frame-ancestors 'none'`,
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });
});
