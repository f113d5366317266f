import { OidcFlowSealer, safeReturnPath } from './oidc-flow';

const flow = { provider: 'staff', state: 's', nonce: 'n', codeVerifier: 'the-pkce-verifier', returnTo: '/mijn-taken', startedAt: 1 };

describe('OidcFlowSealer', () => {
  it('opens what it sealed, and nothing altered or sealed with another key', () => {
    const sealer = new OidcFlowSealer('x'.repeat(32));
    const sealed = sealer.seal(flow);
    expect(sealer.open(sealed)).toEqual(flow);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('the-pkce-verifier');
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(sealer.open(bytes.toString('base64url'))).toBeNull();
    expect(new OidcFlowSealer('y'.repeat(32)).open(sealed)).toBeNull();
    expect(sealer.open(undefined)).toBeNull();
    expect(sealer.open('garbage')).toBeNull();
  });
});

describe('safeReturnPath', () => {
  it('keeps paths of this application only', () => {
    expect(safeReturnPath('/aanvragen/1?tab=2')).toBe('/aanvragen/1?tab=2');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '', undefined, '/a b']) expect(safeReturnPath(bad)).toBe('/mijn-taken');
  });
});
