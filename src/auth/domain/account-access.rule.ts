import { Role } from '../../core/domain/roles';

/** What an account may do right now, as the database holds it. */
export interface AccountState {
  userId: string;
  email: string;
  roles: Role[];
  organisationId: string | null;
  active: boolean;
  /** `users.access_version`: raised whenever active, roles, organisation or e-mail change. */
  version: number;
}

/** A cookie session as the guard needs it. */
export interface SessionState {
  userId: string;
  csrfToken: string;
  expiresAtMs: number;
}

/**
 * A bearer token is honoured only while its account exists, is active and is still at the
 * version the token was issued at: a token carries the roles and organisation of that
 * version, so a change of either (or a deactivation) ends it at once.
 */
export function tokenMatchesAccount(claims: { ver?: unknown }, account: AccountState | null): account is AccountState {
  return account !== null && account.active && claims.ver === account.version;
}

/**
 * A session holds no roles of its own: it is honoured while it is open and its account is
 * active, and the account's current roles and organisation apply.
 */
export function sessionUsable(session: SessionState | null, account: AccountState | null, nowMs: number): account is AccountState {
  return session !== null && session.expiresAtMs > nowMs && account !== null && account.active && account.userId === session.userId;
}

export type AccountChangeRefusal = 'CANNOT_DEACTIVATE_SELF' | 'CANNOT_REMOVE_OWN_ADMIN_ROLE';

/** An administrator cannot lock themself out: not by deactivating their account, nor by dropping ADMIN. */
export function accountChangeRefusal(
  actorId: string,
  targetId: string,
  change: { active?: boolean; roles?: readonly Role[] },
): AccountChangeRefusal | null {
  if (actorId !== targetId) return null;
  if (change.active === false) return 'CANNOT_DEACTIVATE_SELF';
  if (change.roles !== undefined && !change.roles.includes(Role.ADMIN)) return 'CANNOT_REMOVE_OWN_ADMIN_ROLE';
  return null;
}
