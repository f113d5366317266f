import { AFTER_SUCCESS, isLocked, lockedUntilAfter } from './login-throttle.rule';

describe('login throttle', () => {
  const now = new Date('2026-01-01T10:00:00Z');

  it('is locked until the lock time has passed', () => {
    const state = { failedLogins: 0, lockedUntil: lockedUntilAfter(now, 900) };
    expect(isLocked(state, now)).toBe(true);
    expect(isLocked(state, new Date(now.getTime() + 899_000))).toBe(true);
    expect(isLocked(state, new Date(now.getTime() + 900_000))).toBe(false);
    expect(isLocked(AFTER_SUCCESS, now)).toBe(false);
  });
});
