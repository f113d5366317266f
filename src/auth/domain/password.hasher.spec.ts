import { DUMMY_HASH, hashPassword, verifyPassword } from './password.hasher';

describe('password hasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('refuses a malformed stored hash', async () => {
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
  });

  it('compares an unknown account against a dummy hash that costs the same work as a real one', async () => {
    const shape = (stored: string) => {
      const [scheme, n, r, p, salt, key] = stored.split('$');
      return { scheme, n, r, p, salt: Buffer.from(salt, 'base64').length, key: Buffer.from(key, 'base64').length };
    };
    expect(shape(DUMMY_HASH)).toEqual(shape(await hashPassword('any password at all')));
    await expect(verifyPassword('', DUMMY_HASH)).resolves.toBe(false);
  });
});
