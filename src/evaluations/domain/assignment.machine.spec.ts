import { Role } from '../../core/domain/roles';
import { transition } from '../../core/domain/state-machine';
import { AssignmentStatus as S } from '../entities/assignment.entity';
import { assignmentMachine } from './assignment.machine';

const { EVALUATOR, PROGRAMME_MANAGER } = Role;

describe('assignment machine', () => {
  it('is declared once by the evaluator, then submitted once', () => {
    expect(transition(assignmentMachine, S.ASSIGNED, 'declare_no_conflict', [EVALUATOR])).toMatchObject({ ok: true, to: S.DECLARED });
    expect(transition(assignmentMachine, S.ASSIGNED, 'declare_conflict', [EVALUATOR])).toMatchObject({ ok: true, to: S.CONFLICT });
    expect(transition(assignmentMachine, S.DECLARED, 'submit', [EVALUATOR])).toMatchObject({ ok: true, to: S.SUBMITTED });
    expect(transition(assignmentMachine, S.DECLARED, 'declare_conflict', [EVALUATOR])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('is taken by the evaluator only, and never out of a conflict or a submission', () => {
    expect(transition(assignmentMachine, S.DECLARED, 'submit', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(assignmentMachine, S.CONFLICT, 'submit', [EVALUATOR])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(assignmentMachine, S.SUBMITTED, 'submit', [EVALUATOR])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
