import { Role } from '../../core/domain/roles';
import { transition } from '../../core/domain/state-machine';
import { GrantStatus } from '../entities/grant.entity';
import { grantStatusMachine } from './grant-status.machine';

const { FINANCE_OFFICER, PROGRAMME_MANAGER, EVALUATOR } = Role;

describe('grant status machine', () => {
  it('is withdrawn by the programme manager and closed by finance staff', () => {
    expect(transition(grantStatusMachine, GrantStatus.ACTIVE, 'withdraw', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: 'WITHDRAWN' });
    expect(transition(grantStatusMachine, GrantStatus.ACTIVE, 'complete', [FINANCE_OFFICER])).toMatchObject({ ok: true, to: 'CLOSED' });
  });

  it('refuses the other role and any move out of a closed or withdrawn grant', () => {
    expect(transition(grantStatusMachine, GrantStatus.ACTIVE, 'withdraw', [FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(grantStatusMachine, GrantStatus.ACTIVE, 'complete', [PROGRAMME_MANAGER, EVALUATOR])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(grantStatusMachine, GrantStatus.CLOSED, 'withdraw', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(grantStatusMachine, GrantStatus.WITHDRAWN, 'complete', [FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
