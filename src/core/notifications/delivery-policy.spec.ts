import fc from 'fast-check';
import { messageIdFor, nextAttemptAt, RetryPolicy } from './delivery-policy';

const DEFAULTS: RetryPolicy = { firstDelaySeconds: 60, maxDelaySeconds: 4 * 3600, windowSeconds: 24 * 3600 };
const T0 = new Date('2021-03-01T08:00:00Z');
const minutes = (d: Date) => (d.getTime() - T0.getTime()) / 60_000;

/** Every attempt of a notification whose every attempt fails, from T0 on. */
function attemptsUntilGivenUp(policy: RetryPolicy): Date[] {
  const at = [T0];
  for (;;) {
    const next = nextAttemptAt(policy, at.length, T0, at[at.length - 1]);
    if (!next) return at;
    at.push(next);
  }
}

describe('retry schedule of a notification mail', () => {
  it('doubles from one minute to four hours and gives up at the end of 24 hours', () => {
    expect(attemptsUntilGivenUp(DEFAULTS).map(minutes)).toEqual([0, 1, 3, 7, 15, 31, 63, 127, 255, 495, 735, 975, 1215, 1440]);
  });

  it('gives up at once on a permanent refusal', () => {
    expect(nextAttemptAt(DEFAULTS, 1, T0, T0, true)).toBeNull();
  });

  it('retries inside the window whatever the settings, and the last attempt is at its end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7200 }), fc.integer({ min: 60, max: 86_400 }), fc.integer({ min: 0, max: 2 * 86_400 }), (first, max, window) => {
        const attempts = attemptsUntilGivenUp({ firstDelaySeconds: first, maxDelaySeconds: max, windowSeconds: window });
        const increasing = attempts.every((a, i) => i === 0 || a.getTime() > attempts[i - 1].getTime());
        expect(increasing).toBe(true);
        expect(attempts[attempts.length - 1].getTime()).toBe(T0.getTime() + window * 1000);
      }),
      { numRuns: 100 },
    );
  });

  it('identifies a mail by its notification and the domain, the same on every attempt', () => {
    expect(messageIdFor('5b0e7a4c-6a55-4e0a-9a43-3c7e8f2f0d11', 'efro.vlaanderen.test')).toBe('<5b0e7a4c-6a55-4e0a-9a43-3c7e8f2f0d11@efro.vlaanderen.test>');
  });
});
