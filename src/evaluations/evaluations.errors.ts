import { DomainError, FieldError } from '../core/errors/domain.error';
import { ClarificationRefusal } from './domain/clarification.rule';

export enum EvaluationErrorCode {
  CALL_NOT_CLOSED = 'CALL_NOT_CLOSED',
  NOT_SUBMITTED = 'NOT_SUBMITTED',
  NOT_ADMISSIBLE = 'NOT_ADMISSIBLE',
  ASSIGNMENT_REFUSED = 'ASSIGNMENT_REFUSED',
  DECLARATION_REQUIRED = 'DECLARATION_REQUIRED',
  ALREADY_DECLARED = 'ALREADY_DECLARED',
  ASSIGNMENT_CLOSED = 'ASSIGNMENT_CLOSED',
  SCORES_INVALID = 'SCORES_INVALID',
  CONSENSUS_NOT_READY = 'CONSENSUS_NOT_READY',
  NOTHING_TO_RANK = 'NOTHING_TO_RANK',
  PROPOSAL_STALE = 'PROPOSAL_STALE',
  DECISION_CLOSED = 'DECISION_CLOSED',
  GRANT_HAS_PAYMENTS = 'GRANT_HAS_PAYMENTS',
  NO_RESULT_YET = 'NO_RESULT_YET',
  RANKING_TOO_LARGE = 'RANKING_TOO_LARGE',
  CLARIFICATION_NOT_IN_ADMISSIBILITY = 'CLARIFICATION_NOT_IN_ADMISSIBILITY',
  CLARIFICATION_DEADLINE_NOT_IN_FUTURE = 'CLARIFICATION_DEADLINE_NOT_IN_FUTURE',
  CLARIFICATION_ANSWERED = 'CLARIFICATION_ANSWERED',
  CLARIFICATION_DEADLINE_PASSED = 'CLARIFICATION_DEADLINE_PASSED',
  PRESELECTION_DECIDED = 'PRESELECTION_DECIDED',
}

export const EvaluationErrors = {
  clarificationRefused: (refusal: ClarificationRefusal, answerDueAt: Date) => {
    switch (refusal) {
      case 'NOT_IN_ADMISSIBILITY':
        return new DomainError(
          'conflict',
          EvaluationErrorCode.CLARIFICATION_NOT_IN_ADMISSIBILITY,
          'Clarifications belong to the admissibility screening: the call has closed and the proposal is submitted, not yet declared (in)admissible',
        );
      case 'DEADLINE_NOT_IN_FUTURE':
        return new DomainError('rule', EvaluationErrorCode.CLARIFICATION_DEADLINE_NOT_IN_FUTURE, 'The deadline for the answer has to be in the future', [
          { field: 'answerDueAt', code: EvaluationErrorCode.CLARIFICATION_DEADLINE_NOT_IN_FUTURE, message: 'answerDueAt must be later than now' },
        ]);
      case 'ALREADY_ANSWERED':
        return new DomainError('conflict', EvaluationErrorCode.CLARIFICATION_ANSWERED, 'This clarification was already answered');
      case 'DEADLINE_PASSED':
        return new DomainError('conflict', EvaluationErrorCode.CLARIFICATION_DEADLINE_PASSED, `The answer was due before ${answerDueAt.toISOString()}`);
    }
  },
  callNotClosed: () => new DomainError('conflict', EvaluationErrorCode.CALL_NOT_CLOSED, 'The call has not closed yet; evaluation starts after the closing instant'),
  notSubmitted: (status: string) => new DomainError('conflict', EvaluationErrorCode.NOT_SUBMITTED, `The proposal is ${status}; only submitted proposals are screened`),
  notAdmissible: () => new DomainError('conflict', EvaluationErrorCode.NOT_ADMISSIBLE, 'Only admissible proposals are evaluated'),
  assignmentRefused: (errors: FieldError[]) =>
    new DomainError('rule', EvaluationErrorCode.ASSIGNMENT_REFUSED, 'Some assignments are not allowed', errors),
  declarationRequired: () =>
    new DomainError(
      'forbidden',
      EvaluationErrorCode.DECLARATION_REQUIRED,
      'Declare that you have no conflict of interest and accept confidentiality before reading or scoring this proposal',
    ),
  alreadyDeclared: () => new DomainError('conflict', EvaluationErrorCode.ALREADY_DECLARED, 'You already made your declaration for this assignment'),
  assignmentClosed: (status: string) => new DomainError('conflict', EvaluationErrorCode.ASSIGNMENT_CLOSED, `The assignment is ${status}; scores can no longer change`),
  scoresInvalid: (errors: FieldError[]) => new DomainError('validation', EvaluationErrorCode.SCORES_INVALID, 'Some scores are not valid', errors),
  consensusNotReady: (message: string) => new DomainError('conflict', EvaluationErrorCode.CONSENSUS_NOT_READY, message),
  nothingToRank: () => new DomainError('conflict', EvaluationErrorCode.NOTHING_TO_RANK, 'No proposal of this call has a complete consensus score yet'),
  proposalStale: () =>
    new DomainError('conflict', EvaluationErrorCode.PROPOSAL_STALE, 'This award proposal was already decided or replaced; compute a new one'),
  decisionClosed: (status: string) => new DomainError('conflict', EvaluationErrorCode.DECISION_CLOSED, `The call is ${status}; no award decision can be taken now`),
  grantHasPayments: () => new DomainError('conflict', EvaluationErrorCode.GRANT_HAS_PAYMENTS, 'A grant with payments cannot be withdrawn'),
  rankingTooLarge: (limit: number, setting: string) =>
    new DomainError(
      'unavailable',
      EvaluationErrorCode.RANKING_TOO_LARGE,
      `The call has more than ${limit} ${setting === 'DECISION_MAX_ENTRIES' ? 'entries in its award proposal' : 'evaluated proposals'}, more than one request may load (${setting}); nothing was changed`,
    ),
  preselectionDecided: () =>
    new DomainError('conflict', EvaluationErrorCode.PRESELECTION_DECIDED, 'The preselection of this call was decided already; its list of candidates is final'),
  noResultYet: () => new DomainError('not_found', EvaluationErrorCode.NO_RESULT_YET, 'There is no decision on this proposal yet'),
};
