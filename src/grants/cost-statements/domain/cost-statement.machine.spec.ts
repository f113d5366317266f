import { Role } from '../../../core/domain/roles';
import { availableActions, transition } from '../../../core/domain/state-machine';
import { costStatementMachine } from './cost-statement.machine';

const { APPLICANT, FINANCE_OFFICER, ADMIN } = Role;

describe('cost statement machine', () => {
  it.each([
    ['DRAFT', 'submit', APPLICANT, 'SUBMITTED'],
    ['SUBMITTED', 'start_review', FINANCE_OFFICER, 'IN_REVIEW'],
    ['IN_REVIEW', 'return', FINANCE_OFFICER, 'RETURNED'],
    ['RETURNED', 'submit', APPLICANT, 'SUBMITTED'],
    ['IN_REVIEW', 'approve', FINANCE_OFFICER, 'APPROVED'],
  ] as const)('%s --%s (%s)--> %s', (from, action, role, to) => {
    expect(transition(costStatementMachine, from, action, [role])).toMatchObject({ ok: true, to });
  });

  it.each([
    ['DRAFT', 'approve'],
    ['SUBMITTED', 'approve'],
    ['SUBMITTED', 'return'],
    ['APPROVED', 'return'],
    ['APPROVED', 'submit'],
    ['IN_REVIEW', 'submit'],
  ] as const)('refuses %s --%s-->', (from, action) => {
    expect(transition(costStatementMachine, from, action, [APPLICANT, FINANCE_OFFICER])).toMatchObject({
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
    });
  });

  it('keeps applicants and finance staff to their own steps', () => {
    expect(transition(costStatementMachine, 'IN_REVIEW', 'approve', [APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(costStatementMachine, 'DRAFT', 'submit', [FINANCE_OFFICER])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(costStatementMachine, 'IN_REVIEW', 'approve', [ADMIN])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });

  it('offers finance staff return and approve during review', () => {
    expect(availableActions(costStatementMachine, 'IN_REVIEW', [FINANCE_OFFICER]).map((a) => a.action)).toEqual(['return', 'approve']);
    expect(availableActions(costStatementMachine, 'IN_REVIEW', [APPLICANT])).toEqual([]);
  });
});
