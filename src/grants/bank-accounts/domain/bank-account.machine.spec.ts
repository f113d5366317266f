import { Role } from '../../../core/domain/roles';
import { availableActions, transition } from '../../../core/domain/state-machine';
import { bankAccountMachine } from './bank-account.machine';

describe('bank account machine', () => {
  it('lets finance verify or reject a pending account, and nothing else', () => {
    expect(availableActions(bankAccountMachine, 'PENDING', [Role.FINANCE_OFFICER]).map((a) => a.action)).toEqual(['verify', 'reject']);
    expect(transition(bankAccountMachine, 'PENDING', 'verify', [Role.APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(bankAccountMachine, 'VERIFIED', 'reject', [Role.FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(bankAccountMachine, 'REJECTED', 'verify', [Role.FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('lets the beneficiary replace an account in any state but superseded', () => {
    for (const from of ['PENDING', 'VERIFIED', 'REJECTED'] as const) {
      expect(transition(bankAccountMachine, from, 'supersede', [Role.APPLICANT])).toMatchObject({ ok: true, to: 'SUPERSEDED' });
    }
    expect(transition(bankAccountMachine, 'SUPERSEDED', 'supersede', [Role.APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
