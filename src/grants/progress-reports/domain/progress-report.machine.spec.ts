import { Role } from '../../../core/domain/roles';
import { transition } from '../../../core/domain/state-machine';
import { progressReportMachine } from './progress-report.machine';

const { APPLICANT, PROGRAMME_MANAGER } = Role;

describe('progress report machine', () => {
  it('is submitted by the applicant and accepted or returned by the programme manager', () => {
    expect(transition(progressReportMachine, 'DRAFT', 'submit', [APPLICANT])).toMatchObject({ ok: true, to: 'SUBMITTED' });
    expect(transition(progressReportMachine, 'SUBMITTED', 'accept', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: 'ACCEPTED' });
    expect(transition(progressReportMachine, 'SUBMITTED', 'return', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: 'RETURNED' });
    expect(transition(progressReportMachine, 'RETURNED', 'submit', [APPLICANT])).toMatchObject({ ok: true, to: 'SUBMITTED' });
  });

  it('refuses acceptance by the applicant and anything after acceptance', () => {
    expect(transition(progressReportMachine, 'SUBMITTED', 'accept', [APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(progressReportMachine, 'DRAFT', 'accept', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(progressReportMachine, 'ACCEPTED', 'return', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
