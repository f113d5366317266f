import { CallSchedule, CallStatus, statusAt } from './call-status';

export type ClosingExtensionRefusal =
  /** Still a draft: its closing instant is edited with the draft, not extended. */
  | 'CALL_NOT_PUBLISHED'
  /** Closed (by the clock, even before the scheduled job caught up) or further on: a closed call never reopens. */
  | 'CALL_CLOSED'
  /** The new instant is not after the current one: a published closing instant is never brought forward. */
  | 'CLOSING_NOT_LATER';

/**
 * May the closing instant of `call` move to `closesAt` at `now`? Only before the call closes,
 * and only later: applicants plan on the published instant, so it may grow, never shrink, and
 * a call that has closed stays closed (equal treatment of those who submitted on time).
 */
export function closingExtensionRefusal(call: CallSchedule, closesAt: Date, now: Date): ClosingExtensionRefusal | null {
  const status = statusAt(call, now);
  if (status === CallStatus.DRAFT) return 'CALL_NOT_PUBLISHED';
  if (status !== CallStatus.PUBLISHED && status !== CallStatus.OPEN) return 'CALL_CLOSED';
  if (closesAt.getTime() <= call.closesAt.getTime()) return 'CLOSING_NOT_LATER';
  return null;
}
