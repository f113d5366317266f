import { Role } from '../../../core/domain/roles';
import { transition } from '../../../core/domain/state-machine';
import { recoveryMachine } from './recovery.machine';

describe('recovery machine', () => {
  it('settles an open recovery by offset or by the refund, at finance staff', () => {
    expect(transition(recoveryMachine, 'OPEN', 'offset', [Role.FINANCE_OFFICER])).toMatchObject({ ok: true, to: 'OFFSET' });
    expect(transition(recoveryMachine, 'OPEN', 'mark_received', [Role.FINANCE_OFFICER])).toMatchObject({ ok: true, to: 'RECOVERED' });
    expect(transition(recoveryMachine, 'OPEN', 'mark_received', [Role.PROGRAMME_MANAGER, Role.APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });

  it('never leaves a settled state', () => {
    expect(transition(recoveryMachine, 'RECOVERED', 'mark_received', [Role.FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(recoveryMachine, 'OFFSET', 'mark_received', [Role.FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
