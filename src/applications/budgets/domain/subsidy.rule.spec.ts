import fc from 'fast-check';
import { FundingSource } from '../../../calls/domain/call-rules';
import { maxSubsidy, splitSubsidy } from './subsidy.rule';

const LABS_RATE = { numerator: 999_000, denominator: 1_500_000 };
const LABS_CAP = 99_900_000;
const EFRO: FundingSource = { code: 'EFRO', name: 'EFRO', maxRate: { numerator: 2, denominator: 5 } };
const FLANDERS: FundingSource = { code: 'VLAANDEREN', name: 'Vlaanderen', maxRate: null };

describe('maxSubsidy', () => {
  it('gives € 999.000 on € 1.500.000 in the labs call', () => {
    expect(maxSubsidy(150_000_000, LABS_RATE, LABS_CAP)).toBe(99_900_000);
  });

  it('gives € 799.200 on € 1.200.000 in the labs call', () => {
    expect(maxSubsidy(120_000_000, LABS_RATE, LABS_CAP)).toBe(79_920_000);
  });

  it('caps € 2.000.000 at € 999.000 in the labs call', () => {
    expect(maxSubsidy(200_000_000, LABS_RATE, LABS_CAP)).toBe(99_900_000);
  });

  it('rounds down to the cent: 66,6 % of 1 cent is 0', () => {
    expect(maxSubsidy(1, LABS_RATE, LABS_CAP)).toBe(0);
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => maxSubsidy(-1, LABS_RATE, LABS_CAP)).toThrow(RangeError);
    expect(() => maxSubsidy(1.5, LABS_RATE, LABS_CAP)).toThrow(RangeError);
    expect(() => maxSubsidy(1, LABS_RATE, -1)).toThrow(RangeError);
  });

  it('never decreases when eligible grows, never exceeds cap or rate (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 1_500_000 }).chain((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.constant(d))),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        (a, b, [n, d], cap) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const rate = { numerator: n, denominator: d };
          const s = maxSubsidy(high, rate, cap);
          return (
            maxSubsidy(low, rate, cap) <= s &&
            s <= cap &&
            BigInt(s) * BigInt(d) <= BigInt(high) * BigInt(n)
          );
        },
      ),
    );
  });
});

describe('splitSubsidy', () => {
  it('fills EFRO up to 40 % first and gives Flanders the rest', () => {
    expect(splitSubsidy(79_920_000, 120_000_000, [EFRO, FLANDERS])).toEqual({
      shares: [
        { code: 'EFRO', name: 'EFRO', amount: 48_000_000 },
        { code: 'VLAANDEREN', name: 'Vlaanderen', amount: 31_920_000 },
      ],
      unplaced: 0,
    });
  });

  it('gives everything to EFRO when the subsidy is below its share', () => {
    expect(splitSubsidy(10_000, 120_000_000, [EFRO, FLANDERS]).shares.map((s) => s.amount)).toEqual([10_000, 0]);
  });

  it('rounds each capped share down: 40 % of 3 cents is 1 cent', () => {
    expect(splitSubsidy(2, 3, [EFRO, FLANDERS]).shares.map((s) => s.amount)).toEqual([1, 1]);
  });

  it('reports what capped sources cannot take', () => {
    expect(splitSubsidy(500_000, 1_000_000, [EFRO])).toEqual({ shares: [{ code: 'EFRO', name: 'EFRO', amount: 400_000 }], unplaced: 100_000 });
  });

  it('places nothing without sources', () => {
    expect(splitSubsidy(100, 1_000, [])).toEqual({ shares: [], unplaced: 100 });
  });

  const sourcesArb = fc.array(
    fc.option(fc.integer({ min: 1, max: 1_000 }).chain((d) => fc.record({ numerator: fc.integer({ min: 0, max: d }), denominator: fc.constant(d) })), {
      nil: null,
    }),
    { maxLength: 4 },
  );

  it('shares and the unplaced rest add up to the subsidy; capped shares stay within their rate (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 10_000_000_000 }), sourcesArb, (subsidy, eligible, rates) => {
        const sources = rates.map((maxRate, i): FundingSource => ({ code: `S${i}`, name: `S${i}`, maxRate }));
        const { shares, unplaced } = splitSubsidy(subsidy, eligible, sources);
        const total = shares.reduce((a, s) => a + BigInt(s.amount), 0n) + BigInt(unplaced);
        const withinRates = sources.every((src, i) => {
          const amount = BigInt(shares[i].amount);
          if (amount < 0n) return false;
          return src.maxRate === null || amount * BigInt(src.maxRate.denominator) <= BigInt(eligible) * BigInt(src.maxRate.numerator);
        });
        const restTaken = !sources.some((s) => s.maxRate === null) || unplaced === 0;
        return total === BigInt(subsidy) && unplaced >= 0 && withinRates && restTaken;
      }),
    );
  });
});
