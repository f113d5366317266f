import { ApplicationStatus } from '../../applications/domain/application-status';
import { CallStatus } from '../../calls/domain/call-status';

export enum ClarificationStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
}

export type ClarificationRefusal =
  /** Screening is the window: the call has closed and the proposal is submitted, not yet declared (in)admissible. */
  | 'NOT_IN_ADMISSIBILITY'
  /** A deadline that has already passed could never be met. */
  | 'DEADLINE_NOT_IN_FUTURE'
  | 'ALREADY_ANSWERED'
  /** An answer at or after the deadline is late, as a submission at the closing instant is. */
  | 'DEADLINE_PASSED';

export interface ScreeningState {
  /** The call's status at `now` (statusAt), not only as stored. */
  callStatus: CallStatus;
  applicationStatus: ApplicationStatus;
}

function inAdmissibility(s: ScreeningState): boolean {
  return (s.callStatus === CallStatus.CLOSED || s.callStatus === CallStatus.EVALUATION) && s.applicationStatus === ApplicationStatus.SUBMITTED;
}

/**
 * May the secretariat ask the applicant for a clarification, answered by `answerDueAt`? Only
 * while the proposal is being screened for admissibility, with a deadline still to come. The
 * question never reopens the proposal: the submission stays frozen.
 */
export function clarificationRequestRefusal(screening: ScreeningState, answerDueAt: Date, now: Date): ClarificationRefusal | null {
  if (!inAdmissibility(screening)) return 'NOT_IN_ADMISSIBILITY';
  if (answerDueAt.getTime() <= now.getTime()) return 'DEADLINE_NOT_IN_FUTURE';
  return null;
}

/** May the applicant answer now? Once, before the deadline, while the screening lasts. */
export function clarificationAnswerRefusal(
  clarification: { status: ClarificationStatus; answerDueAt: Date },
  screening: ScreeningState,
  now: Date,
): ClarificationRefusal | null {
  if (clarification.status !== ClarificationStatus.OPEN) return 'ALREADY_ANSWERED';
  if (now.getTime() >= clarification.answerDueAt.getTime()) return 'DEADLINE_PASSED';
  if (!inAdmissibility(screening)) return 'NOT_IN_ADMISSIBILITY';
  return null;
}
