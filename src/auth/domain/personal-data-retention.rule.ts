import { IsoDate } from '../../core/time/calendar-date';
import { mayDelete, recordsRetentionDate } from '../../core/domain/retention-date.rule';

/** What decides how long an account's personal data is kept. */
export interface RetentionFacts {
  active: boolean;
  /** Brussels date the account was deactivated; null while active or never recorded. */
  deactivatedOn: IsoDate | null;
  /** Latest payment (Brussels date) on a grant of the account's organisation; null if none. */
  lastPaymentOn: IsoDate | null;
  /** Grants of the organisation still running (neither closed nor withdrawn). */
  openGrants: number;
}

/**
 * Until when an account's personal data is kept: 31 December of the fifth year after the last
 * payment on its organisation's grants (CPR 2021/1060 art. 82), counted from the deactivation
 * when that is later (or when nothing was paid), so that no one's data goes while their account
 * or the records it is part of still run. Null: kept, no end yet (active, or a grant open).
 */
export function personalDataRetainedUntil(facts: RetentionFacts): IsoDate | null {
  if (facts.active || facts.deactivatedOn === null || facts.openGrants > 0) return null;
  const reference = facts.lastPaymentOn !== null && facts.lastPaymentOn > facts.deactivatedOn ? facts.lastPaymentOn : facts.deactivatedOn;
  return recordsRetentionDate(reference);
}

/** Whether the personal data may be pseudonymised on `today` (the day after the retention date at the earliest). */
export function mayPseudonymise(facts: RetentionFacts, today: IsoDate): boolean {
  return mayDelete(personalDataRetainedUntil(facts), today);
}
