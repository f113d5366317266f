import { applyRate, FULL_RATE, reduceRate, type Rate } from '@shared/money/money';

/**
 * Part-time fractions as people type them: a percentage of a full-time job. Shared by the
 * budget and the cost statement, which both take staff costs (CPR art. 55).
 */

/** A part-time fraction as a percentage text: 1/2 → '50', 5/8 → '62,5'. */
export function rateToPercent(rate: Rate | null | undefined): string {
  const r = rate ?? FULL_RATE;
  const hundredths = applyRate(10_000, r);
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths % 100;
  return fraction === 0 ? String(whole) : `${whole},${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** '62,5' → 5/8; null when it is not a percentage above 0 and at most 100. */
export function percentToRate(text: string): Rate | null {
  const match = /^\s*(\d{1,3})(?:[,.](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (hundredths <= 0 || hundredths > 10_000) return null;
  return reduceRate(BigInt(hundredths), 10_000n);
}

