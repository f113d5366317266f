import { Role } from '../../../core/domain/roles';
import { transition } from '../../../core/domain/state-machine';
import { paymentMachine } from './payment.machine';

const { APPLICANT, FINANCE_OFFICER, PROGRAMME_MANAGER } = Role;

describe('payment machine', () => {
  it('is marked paid or cancelled by finance staff while planned', () => {
    expect(transition(paymentMachine, 'PLANNED', 'mark_paid', [FINANCE_OFFICER])).toMatchObject({ ok: true, to: 'PAID' });
    expect(transition(paymentMachine, 'PLANNED', 'cancel', [FINANCE_OFFICER])).toMatchObject({ ok: true, to: 'CANCELLED' });
  });

  it('never leaves PAID or CANCELLED, and only finance staff may pay', () => {
    expect(transition(paymentMachine, 'PAID', 'cancel', [FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(paymentMachine, 'CANCELLED', 'mark_paid', [FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(paymentMachine, 'PLANNED', 'mark_paid', [PROGRAMME_MANAGER, APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });
});
