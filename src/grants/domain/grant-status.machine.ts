import { Role } from '../../core/domain/roles';
import { defineMachine } from '../../core/domain/state-machine';
import { GrantStatus } from '../entities/grant.entity';

/**
 * A grant runs from the decision until it is closed after the balance, or withdrawn (after
 * which a reserve application may move up, see the award rules).
 */
export type GrantAction = 'withdraw' | 'complete';

export const grantStatusMachine = defineMachine<GrantStatus, GrantAction>('grant', {
  [GrantStatus.ACTIVE]: {
    withdraw: { to: GrantStatus.WITHDRAWN, roles: [Role.PROGRAMME_MANAGER], label: 'Intrekken' },
    complete: { to: GrantStatus.CLOSED, roles: [Role.FINANCE_OFFICER], label: 'Afsluiten' },
  },
  [GrantStatus.WITHDRAWN]: {},
  [GrantStatus.CLOSED]: {},
});
