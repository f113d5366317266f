/**
 * Money is a whole number of euro cents held in a JS number (exact up to 2^53, about
 * € 90 billion). Products with rates are computed in BigInt so that no intermediate value
 * ever loses precision, and every division rounds down in exactly one place: `floorDiv`.
 */
export type Cents = number;

/** An exact fraction; rates are never stored as floats. */
export interface Rate {
  numerator: number;
  denominator: number;
}

export const ZERO_RATE: Rate = Object.freeze({ numerator: 0, denominator: 1 });
export const FULL_RATE: Rate = Object.freeze({ numerator: 1, denominator: 1 });

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a whole number of cents, got ${value}`);
  }
  return value;
}

/**
 * The one rounding function: integer division rounded towards minus infinity, so that
 * subsidies and reductions always round in the government's favour.
 */
export function floorDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  let quotient = numerator / denominator;
  if ((numerator % denominator !== 0n) && ((numerator < 0n) !== (denominator < 0n))) {
    quotient -= 1n;
  }
  return quotient;
}

function toSafeNumber(value: bigint): Cents {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} cents is outside the exact range`);
  }
  return Number(value);
}

/** ⌊amount × rate⌋ in cents. */
export function applyRate(amount: Cents, rate: Rate): Cents {
  assertRate(rate);
  return toSafeNumber(
    floorDiv(BigInt(amount) * BigInt(rate.numerator), BigInt(rate.denominator)),
  );
}

/** ⌊amount × part ÷ whole⌋: a share of an amount proportional to part/whole. */
export function proportion(amount: Cents, part: Cents, whole: Cents): Cents {
  if (whole === 0) return 0;
  return toSafeNumber(floorDiv(BigInt(amount) * BigInt(part), BigInt(whole)));
}

export function sum(values: readonly Cents[]): Cents {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return toSafeNumber(total);
}

export function assertRate(rate: Rate): void {
  if (
    !Number.isSafeInteger(rate.numerator) ||
    !Number.isSafeInteger(rate.denominator) ||
    rate.denominator <= 0 ||
    rate.numerator < 0
  ) {
    throw new RangeError(`invalid rate ${rate.numerator}/${rate.denominator}`);
  }
}

/** a < b, a = b, a > b as -1, 0, 1, exactly (cross-multiplied in BigInt). */
export function compareRates(a: Rate, b: Rate): -1 | 0 | 1 {
  const left = BigInt(a.numerator) * BigInt(b.denominator);
  const right = BigInt(b.numerator) * BigInt(a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Rate as basis points, rounded down (for display only). */
export function rateToBasisPoints(rate: Rate): number {
  return Number(floorDiv(BigInt(rate.numerator) * 10_000n, BigInt(rate.denominator)));
}

/** The effective rate part/whole as an exact fraction (0 when whole is 0). */
export function ratio(part: Cents, whole: Cents): Rate {
  if (whole === 0) return ZERO_RATE;
  return { numerator: part, denominator: whole };
}

export function subtractRates(a: Rate, b: Rate): Rate {
  const numerator = BigInt(a.numerator) * BigInt(b.denominator) - BigInt(b.numerator) * BigInt(a.denominator);
  const denominator = BigInt(a.denominator) * BigInt(b.denominator);
  return reduceRate(numerator, denominator);
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function reduceRate(numerator: bigint, denominator: bigint): Rate {
  if (numerator < 0n) throw new RangeError('negative rate');
  const g = gcd(numerator, denominator) || 1n;
  return { numerator: toSafeNumber(numerator / g), denominator: toSafeNumber(denominator / g) };
}

export function minCents(...values: Cents[]): Cents {
  return values.reduce((a, b) => (b < a ? b : a));
}
