import { Role } from '../../core/domain/roles';
import { defineMachine } from '../../core/domain/state-machine';
import { ClarificationStatus as S } from './clarification.rule';

export type ClarificationAction = 'answer';

/** A question of the secretariat during admissibility, answered once by the applicant. */
export const clarificationMachine = defineMachine<S, ClarificationAction>('clarification', {
  [S.OPEN]: { answer: { to: S.ANSWERED, roles: [Role.APPLICANT], label: 'Verduidelijking beantwoorden' } },
  [S.ANSWERED]: {},
});
