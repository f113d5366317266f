/**
 * After LOGIN_MAX_FAILURES consecutive failures an account is locked for LOGIN_LOCK_SECONDS;
 * the counting itself is one atomic UPDATE in the auth service.
 */
export interface ThrottleState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(state: ThrottleState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

export function lockedUntilAfter(now: Date, lockSeconds: number): Date {
  return new Date(now.getTime() + lockSeconds * 1000);
}

export const AFTER_SUCCESS: ThrottleState = { failedLogins: 0, lockedUntil: null };
