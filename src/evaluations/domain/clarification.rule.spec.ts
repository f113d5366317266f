import { ApplicationStatus } from '../../applications/domain/application-status';
import { CallStatus } from '../../calls/domain/call-status';
import { Role } from '../../core/domain/roles';
import { transition } from '../../core/domain/state-machine';
import { clarificationMachine } from './clarification.machine';
import { clarificationAnswerRefusal, clarificationRequestRefusal, ClarificationStatus } from './clarification.rule';

const screening = { callStatus: CallStatus.EVALUATION, applicationStatus: ApplicationStatus.SUBMITTED };
const now = new Date('2020-10-05T08:00:00Z');
// Ten days to answer, until 15 October 2020 17:00 Brussels (15:00 UTC).
const due = new Date('2020-10-15T15:00:00Z');

describe('clarifications during admissibility', () => {
  it('are asked about a submitted proposal once the call has closed, with a deadline to come', () => {
    expect(clarificationRequestRefusal(screening, due, now)).toBeNull();
    expect(clarificationRequestRefusal({ ...screening, callStatus: CallStatus.CLOSED }, due, now)).toBeNull();
    expect(clarificationRequestRefusal(screening, now, now)).toBe('DEADLINE_NOT_IN_FUTURE');
    expect(clarificationRequestRefusal(screening, new Date('2020-10-05T07:59:59Z'), now)).toBe('DEADLINE_NOT_IN_FUTURE');
  });

  it('are not asked before the call closes, nor after the admissibility decision, nor about a draft or a withdrawn proposal', () => {
    expect(clarificationRequestRefusal({ ...screening, callStatus: CallStatus.OPEN }, due, now)).toBe('NOT_IN_ADMISSIBILITY');
    for (const applicationStatus of [ApplicationStatus.DRAFT, ApplicationStatus.ADMISSIBLE, ApplicationStatus.INADMISSIBLE, ApplicationStatus.WITHDRAWN]) {
      expect(clarificationRequestRefusal({ ...screening, applicationStatus }, due, now)).toBe('NOT_IN_ADMISSIBILITY');
    }
  });

  it('are answered once, before the deadline (at the deadline is late), while the screening lasts', () => {
    const open = { status: ClarificationStatus.OPEN, answerDueAt: due };
    expect(clarificationAnswerRefusal(open, screening, new Date('2020-10-15T14:59:59Z'))).toBeNull();
    expect(clarificationAnswerRefusal(open, screening, due)).toBe('DEADLINE_PASSED');
    expect(clarificationAnswerRefusal({ ...open, status: ClarificationStatus.ANSWERED }, screening, now)).toBe('ALREADY_ANSWERED');
    expect(clarificationAnswerRefusal(open, { ...screening, applicationStatus: ApplicationStatus.ADMISSIBLE }, now)).toBe('NOT_IN_ADMISSIBILITY');
  });

  it('move from open to answered by the applicant alone, and no further', () => {
    expect(transition(clarificationMachine, ClarificationStatus.OPEN, 'answer', [Role.APPLICANT])).toMatchObject({ ok: true, to: ClarificationStatus.ANSWERED });
    expect(transition(clarificationMachine, ClarificationStatus.OPEN, 'answer', [Role.PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(clarificationMachine, ClarificationStatus.ANSWERED, 'answer', [Role.APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
