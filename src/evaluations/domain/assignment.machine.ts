import { Role } from '../../core/domain/roles';
import { defineMachine } from '../../core/domain/state-machine';
import { AssignmentStatus as S } from '../entities/assignment.entity';

export type AssignmentAction = 'declare_no_conflict' | 'declare_conflict' | 'submit';

/** An evaluator declares (no) conflict of interest first, then scores and submits once. */
export const assignmentMachine = defineMachine<S, AssignmentAction>('assignment', {
  [S.ASSIGNED]: {
    declare_no_conflict: { to: S.DECLARED, roles: [Role.EVALUATOR], label: 'Geen belangenconflict verklaren' },
    declare_conflict: { to: S.CONFLICT, roles: [Role.EVALUATOR], label: 'Belangenconflict melden' },
  },
  [S.DECLARED]: { submit: { to: S.SUBMITTED, roles: [Role.EVALUATOR], label: 'Scores indienen' } },
  // Another evaluator takes over the proposal; this assignment stays as the record of the conflict.
  [S.CONFLICT]: {},
  [S.SUBMITTED]: {},
});
