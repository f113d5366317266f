/**
 * The rules of mailing a notification, as pure functions: when a failed attempt is retried,
 * and what a mail is identified by.
 */

export interface RetryPolicy {
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** Retries go on this long from the first attempt; the last attempt falls at its end. */
  windowSeconds: number;
}

/**
 * When to try again after attempt number `attempts` (1 for the first) failed at `failedAt`,
 * or null when the notification is given up: the failure was permanent (an SMTP 5xx answer),
 * or the retry window that began at `firstAttemptAt` is over. The delay doubles from the
 * first delay up to the maximum, and the last retry is moved to the window's end rather than
 * past it, so an outage shorter than the window loses nothing.
 */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, firstAttemptAt: Date, failedAt: Date, permanent = false): Date | null {
  if (permanent) return null;
  const windowEnd = firstAttemptAt.getTime() + policy.windowSeconds * 1000;
  if (failedAt.getTime() >= windowEnd) return null;
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  const delaySeconds = Math.min(policy.firstDelaySeconds * 2 ** exponent, policy.maxDelaySeconds);
  return new Date(Math.min(failedAt.getTime() + delaySeconds * 1000, windowEnd));
}

/**
 * The Message-ID of a notification's mail: the same for every attempt, so that a server or a
 * recipient that got a message whose answer was lost recognises the retry as the same mail.
 */
export function messageIdFor(notificationId: string, domain: string): string {
  return `<${notificationId}@${domain}>`;
}
