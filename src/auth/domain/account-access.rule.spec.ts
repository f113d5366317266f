import { Role } from '../../core/domain/roles';
import { AccountState, accountChangeRefusal, sessionUsable, tokenMatchesAccount } from './account-access.rule';

const account: AccountState = {
  userId: '8d1f5c2e-0000-4000-8000-000000000001',
  email: 'eva@vlaanderen.test',
  roles: [Role.EVALUATOR],
  organisationId: null,
  active: true,
  version: 3,
};

describe('account access', () => {
  it('honours a token only at the account\'s current version, while it is active', () => {
    expect(tokenMatchesAccount({ ver: 3 }, account)).toBe(true);
    expect(tokenMatchesAccount({ ver: 2 }, account)).toBe(false);
    expect(tokenMatchesAccount({ ver: 4 }, account)).toBe(false);
    expect(tokenMatchesAccount({ ver: '3' }, account)).toBe(false);
    expect(tokenMatchesAccount({}, account)).toBe(false);
    expect(tokenMatchesAccount({ ver: 3 }, { ...account, active: false })).toBe(false);
    expect(tokenMatchesAccount({ ver: 3 }, null)).toBe(false);
  });

  it('honours a session until it expires, while its own account is active', () => {
    const session = { userId: account.userId, csrfToken: 'x'.repeat(43), expiresAtMs: 10_000 };
    expect(sessionUsable(session, account, 9_999)).toBe(true);
    expect(sessionUsable(session, account, 10_000)).toBe(false);
    expect(sessionUsable(session, { ...account, active: false }, 0)).toBe(false);
    expect(sessionUsable(session, { ...account, userId: 'someone else' }, 0)).toBe(false);
    expect(sessionUsable(session, null, 0)).toBe(false);
    expect(sessionUsable(null, account, 0)).toBe(false);
  });

  it('keeps an administrator from deactivating themself or dropping their own ADMIN role', () => {
    const me = account.userId;
    expect(accountChangeRefusal(me, me, { active: false })).toBe('CANNOT_DEACTIVATE_SELF');
    expect(accountChangeRefusal(me, me, { roles: [Role.EVALUATOR] })).toBe('CANNOT_REMOVE_OWN_ADMIN_ROLE');
    expect(accountChangeRefusal(me, me, { roles: [Role.ADMIN, Role.EVALUATOR], active: true })).toBeNull();
    expect(accountChangeRefusal(me, me, {})).toBeNull();
    expect(accountChangeRefusal(me, 'another', { active: false, roles: [Role.EVALUATOR] })).toBeNull();
  });
});
