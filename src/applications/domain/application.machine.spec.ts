import { Role } from '../../core/domain/roles';
import { transition } from '../../core/domain/state-machine';
import { ApplicationStatus as S } from './application-status';
import { ApplicationAction, applicationMachine, OUTCOME_ACTION } from './application.machine';

const { APPLICANT, PROGRAMME_MANAGER, EVALUATOR } = Role;
const to = (from: S, action: ApplicationAction, roles: Role[]) => transition(applicationMachine, from, action, roles);

describe('application machine', () => {
  it('is submitted and withdrawn by the applicant', () => {
    expect(to(S.DRAFT, 'submit', [APPLICANT])).toMatchObject({ ok: true, to: S.SUBMITTED });
    expect(to(S.DRAFT, 'withdraw', [APPLICANT])).toMatchObject({ ok: true, to: S.WITHDRAWN });
    expect(to(S.SUBMITTED, 'withdraw', [APPLICANT])).toMatchObject({ ok: true, to: S.WITHDRAWN });
    expect(to(S.SUBMITTED, 'submit', [APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(to(S.ADMISSIBLE, 'withdraw', [APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('is screened, and screened again, by the programme manager', () => {
    for (const from of [S.SUBMITTED, S.ADMISSIBLE, S.INADMISSIBLE]) {
      expect(to(from, 'mark_admissible', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.ADMISSIBLE });
      expect(to(from, 'mark_inadmissible', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.INADMISSIBLE });
      expect(to(from, 'mark_admissible', [APPLICANT, EVALUATOR])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    }
    expect(to(S.DRAFT, 'mark_admissible', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(to(S.AWARDED, 'mark_inadmissible', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('takes each outcome of a decision from admissible and from the reserve list', () => {
    const outcomes = { AWARD: S.AWARDED, RESERVE: S.RESERVE, REJECT: S.REJECTED } as const;
    for (const from of [S.ADMISSIBLE, S.RESERVE]) {
      for (const [outcome, target] of Object.entries(outcomes)) {
        expect(to(from, OUTCOME_ACTION[outcome as keyof typeof outcomes], [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: target });
      }
    }
    expect(to(S.INADMISSIBLE, 'award', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(to(S.REJECTED, 'award', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('loses its award only with the grant, by the programme manager', () => {
    expect(to(S.AWARDED, 'withdraw_award', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.WITHDRAWN });
    expect(to(S.AWARDED, 'withdraw', [APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(to(S.RESERVE, 'withdraw_award', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
