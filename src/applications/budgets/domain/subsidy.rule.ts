import { FundingSource } from '../../../calls/domain/call-rules';
import { applyRate, Cents, minCents, Rate } from '../../../core/money/money';

/**
 * Subsidy rules shared by applications (budget) and grants (period claims).
 * Domain brief §2 "Subsidy": subsidy = min(⌊rate × eligible⌋, cap per project).
 */

function assertNonNegativeCents(value: Cents, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative whole number of cents, got ${value}`);
  }
}

/** min(⌊maxRate × eligible⌋, cap). Never decreases when eligible grows. */
export function maxSubsidy(eligible: Cents, maxRate: Rate, cap: Cents): Cents {
  assertNonNegativeCents(eligible, 'eligible');
  assertNonNegativeCents(cap, 'cap');
  return minCents(applyRate(eligible, maxRate), cap);
}

export interface FundingShare {
  code: string;
  name: string;
  amount: Cents;
}

export interface SubsidySplit {
  /** One share per source, in the sources' order; they add up to subsidy − unplaced. */
  shares: FundingShare[];
  /** What no source could take (0 unless the sources are capped below the subsidy). */
  unplaced: Cents;
}

/**
 * Splits a subsidy over funding sources in their order: a source with a maximum rate takes
 * min(⌊its rate × eligible⌋, what is left), so EFRO is filled up to 40 % first; the source
 * without a maximum rate (Flanders) takes all that is left. The call validator keeps that
 * source last.
 */
export function splitSubsidy(subsidy: Cents, eligible: Cents, sources: readonly FundingSource[]): SubsidySplit {
  assertNonNegativeCents(subsidy, 'subsidy');
  assertNonNegativeCents(eligible, 'eligible');
  let remaining = subsidy;
  const shares = sources.map((source): FundingShare => {
    const amount = source.maxRate === null ? remaining : minCents(applyRate(eligible, source.maxRate), remaining);
    remaining -= amount;
    return { code: source.code, name: source.name, amount };
  });
  return { shares, unplaced: remaining };
}

/**
 * Matching cofinancing due beside a contribution: ⌊minRatio × contribution⌋ (1/1: as much as
 * the EU share, domain brief §1 "European Digital Innovation Hubs").
 */
export function matchingCofinancing(contribution: Cents, minRatio: Rate): Cents {
  assertNonNegativeCents(contribution, 'contribution');
  return applyRate(contribution, minRatio);
}
