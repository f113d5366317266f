import { createHash } from 'node:crypto';
import { newSecret, sessionKey } from './session-token';

describe('session ids', () => {
  it('are 256 random bits in base64url, different every time', () => {
    const a = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });

  it('are stored and cached under their SHA-256, and anything else is no session id', () => {
    const id = newSecret();
    expect(sessionKey(id)).toBe(createHash('sha256').update(id).digest('hex'));
    for (const bad of [undefined, '', 'x', `${id}=`, id.slice(1), `${id.slice(1)}/`]) expect(sessionKey(bad)).toBeNull();
  });
});
