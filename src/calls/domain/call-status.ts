/**
 * Call lifecycle. DRAFT → PUBLISHED by a programme manager; PUBLISHED → OPEN → CLOSED by
 * the clock. Later steps (EVALUATION, DECIDED) belong to the evaluation feature.
 */
export enum CallStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  EVALUATION = 'EVALUATION',
  DECIDED = 'DECIDED',
}

export interface CallSchedule {
  status: CallStatus;
  opensAt: Date;
  closesAt: Date;
}

/**
 * The status a call has at `now`, whether or not the scheduled job has caught up. Anything
 * that depends on a call being open uses this (or `isOpenAt`), never the stored status alone.
 */
export function statusAt(call: CallSchedule, now: Date): CallStatus {
  if (call.status !== CallStatus.PUBLISHED && call.status !== CallStatus.OPEN) return call.status;
  const t = now.getTime();
  if (t >= call.closesAt.getTime()) return CallStatus.CLOSED;
  if (t >= call.opensAt.getTime()) return CallStatus.OPEN;
  return CallStatus.PUBLISHED;
}

/** Open on [opensAt, closesAt): a submission at the closing instant is late. */
export function isOpenAt(call: CallSchedule, now: Date): boolean {
  return statusAt(call, now) === CallStatus.OPEN;
}

export function isPublic(status: CallStatus): boolean {
  return status !== CallStatus.DRAFT;
}
