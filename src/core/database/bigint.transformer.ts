import type { ValueTransformer } from 'typeorm';

/**
 * `pg` returns bigint columns as strings. Amounts are whole cents well inside 2^53, so they
 * become JS numbers here, in the one place, and anything outside the exact range is refused.
 */
export const bigintTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null): number | null => {
    if (value === null || value === undefined) return null;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} is outside the exact range`);
    return n;
  },
};
