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

  it('is reopened for its text by the programme manager while submitted, and resubmitted by the applicant', () => {
    expect(transition(progressReportMachine, 'SUBMITTED', 'reopen', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: 'REOPENED' });
    expect(transition(progressReportMachine, 'REOPENED', 'submit', [APPLICANT])).toMatchObject({ ok: true, to: 'SUBMITTED' });
    expect(transition(progressReportMachine, 'SUBMITTED', 'reopen', [APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    for (const from of ['DRAFT', 'RETURNED', 'ACCEPTED', 'REOPENED'] as const) {
      expect(transition(progressReportMachine, from, 'reopen', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    }
    expect(transition(progressReportMachine, 'REOPENED', 'accept', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
