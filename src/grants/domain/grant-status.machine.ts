import { Role } from '../../core/domain/roles';
import { defineMachine } from '../../core/domain/state-machine';

/**
 * A grant runs from the decision until it is closed after the balance, or withdrawn (after
 * which a reserve application may move up, see the award rules).
 */
export const GRANT_STATUSES = ['ACTIVE', 'WITHDRAWN', 'CLOSED'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export type GrantAction = 'withdraw' | 'complete';

export const grantStatusMachine = defineMachine<GrantStatus, GrantAction>('grant', {
  ACTIVE: {
    withdraw: { to: 'WITHDRAWN', roles: [Role.PROGRAMME_MANAGER], label: 'Intrekken' },
    complete: { to: 'CLOSED', roles: [Role.FINANCE_OFFICER], label: 'Afsluiten' },
  },
  WITHDRAWN: {},
  CLOSED: {},
});
