import fc from 'fast-check';
import { flatRateIndirectCosts, staffCost, staffHoursLimit } from './staff-cost.rule';

describe('staffHoursLimit', () => {
  it('is 1.720 hours full time', () => {
    expect(staffHoursLimit(1720)).toBe(1720);
  });

  it('is 1.376 hours at 4/5', () => {
    expect(staffHoursLimit(1720, { numerator: 4, denominator: 5 })).toBe(1376);
  });

  it('rounds the pro-rata down: 1/3 of 1.720 is 573', () => {
    expect(staffHoursLimit(1720, { numerator: 1, denominator: 3 })).toBe(573);
  });
});

describe('staffCost', () => {
  it('costs 860 hours of € 60.000 gross at € 30.000,00', () => {
    expect(staffCost(6_000_000, 860, 1720)).toBe(3_000_000);
  });

  it('costs 1.720 hours at exactly the annual gross cost', () => {
    expect(staffCost(5_000_000, 1720, 1720)).toBe(5_000_000);
  });

  it('divides a part-time gross cost by the pro-rata hours: 430 of 860 hours is half', () => {
    expect(staffCost(3_000_000, 430, 1720, { numerator: 1, denominator: 2 })).toBe(1_500_000);
  });

  it('refuses a non-positive working-hours figure or fraction', () => {
    expect(() => staffCost(1, 1, 0)).toThrow(RangeError);
    expect(() => staffCost(1, 1, 1720, { numerator: 0, denominator: 1 })).toThrow(RangeError);
  });

  it('is ⌊gross × hours ÷ (1.720 × fte)⌋ exactly and never above the gross within the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 12 }).chain((d) => fc.tuple(fc.integer({ min: 1, max: d }), fc.constant(d))),
        fc.nat({ max: 10_000 }),
        (gross, [n, d], rawHours) => {
          const fte = { numerator: n, denominator: d };
          const limit = staffHoursLimit(1720, fte);
          const hours = rawHours % (limit + 1);
          const cost = BigInt(staffCost(gross, hours, 1720, fte));
          const top = BigInt(gross) * BigInt(hours) * BigInt(d);
          const bottom = 1720n * BigInt(n);
          return cost * bottom <= top && (cost + 1n) * bottom > top && cost <= BigInt(gross);
        },
      ),
    );
  });
});

describe('flatRateIndirectCosts', () => {
  it('takes 15 % of staff costs on the DIRECT_STAFF basis', () => {
    expect(flatRateIndirectCosts({ rate: { numerator: 15, denominator: 100 }, basis: 'DIRECT_STAFF' }, 3_000_000, 4_000_000)).toBe(450_000);
  });

  it('takes 7 % of all direct costs on the DIRECT_COSTS basis', () => {
    expect(flatRateIndirectCosts({ rate: { numerator: 7, denominator: 100 }, basis: 'DIRECT_COSTS' }, 3_000_000, 4_000_000)).toBe(280_000);
  });

  it('is zero without a flat rate', () => {
    expect(flatRateIndirectCosts(null, 3_000_000, 4_000_000)).toBe(0);
  });
});
