import fc from 'fast-check';
import { bookRecovery, ClaimFigures, correctClaim, recoveryDueDate } from './recovery.rule';

const SIXTY = { numerator: 3, denominator: 5 };

// 38.000.000 accepted × 60 % = 22.800.000 earned: 10.000.000 cleared the advance, 12.800.000 paid.
const SETTLED: ClaimFigures = { accepted: 38_000_000, gross: 22_800_000, advanceCleared: 10_000_000, capped: 0, net: 12_800_000 };

describe('correcting a settled claim', () => {
  it('books the lost subsidy as unduly paid while the paid part covers it', () => {
    // 35.000.000 × 60 % = 21.000.000; lost 1.800.000, all of it paid out.
    expect(correctClaim(SETTLED, 35_000_000, SIXTY)).toEqual({
      before: SETTLED,
      after: { accepted: 35_000_000, gross: 21_000_000, advanceCleared: 10_000_000, capped: 0, net: 11_000_000 },
      unduly: 1_800_000,
      advanceReopened: 0,
    });
  });

  it('reopens the advance for what the claim had cleared, once the paid part is used up', () => {
    // 15.000.000 × 60 % = 9.000.000; lost 13.800.000 = 12.800.000 paid + 1.000.000 of the advance.
    expect(correctClaim(SETTLED, 15_000_000, SIXTY)).toMatchObject({
      after: { gross: 9_000_000, advanceCleared: 9_000_000, capped: 0, net: 0 },
      unduly: 12_800_000,
      advanceReopened: 1_000_000,
    });
  });

  it('takes the capped part first: it was never paid', () => {
    const capped: ClaimFigures = { accepted: 38_000_000, gross: 22_800_000, advanceCleared: 0, capped: 2_000_000, net: 20_800_000 };
    // 36.000.000 × 60 % = 21.600.000; lost 1.200.000, all from the 2.000.000 capped.
    expect(correctClaim(capped, 36_000_000, SIXTY)).toMatchObject({ after: { gross: 21_600_000, capped: 800_000, net: 20_800_000 }, unduly: 0 });
    // 30.000.000 × 60 % = 18.000.000; lost 4.800.000 = 2.000.000 capped + 2.800.000 paid.
    expect(correctClaim(capped, 30_000_000, SIXTY)).toMatchObject({ after: { gross: 18_000_000, capped: 0, net: 18_000_000 }, unduly: 2_800_000 });
  });

  it('rounds the new subsidy down to the cent', () => {
    // 33.333.333 × 3/5 = 19.999.999,8 → 19.999.999; lost 2.800.001.
    expect(correctClaim(SETTLED, 33_333_333, SIXTY)).toMatchObject({ after: { gross: 19_999_999 }, unduly: 2_800_001 });
  });

  it('refuses a correction that does not lower the accepted costs', () => {
    for (const bad of [38_000_000, 38_000_001, -1, 1.5]) {
      expect(() => correctClaim(SETTLED, bad, SIXTY)).toThrow(expect.objectContaining({ code: 'CORRECTION_NOT_A_REDUCTION' }));
    }
    expect(() => correctClaim({ ...SETTLED, net: 1 }, 1, SIXTY)).toThrow(RangeError);
  });

  it('never books more than was settled, however often a claim is corrected (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }),
        (accepted, percent, clearedPct, cappedPct, cuts) => {
          const rate = { numerator: percent, denominator: 100 };
          const gross = Math.floor((accepted * percent) / 100);
          const advanceCleared = Math.floor((gross * clearedPct) / 100);
          const capped = Math.floor(((gross - advanceCleared) * cappedPct) / 100);
          let figures: ClaimFigures = { accepted, gross, advanceCleared, capped, net: gross - advanceCleared - capped };
          const first = figures;
          let unduly = 0;
          for (const cut of cuts) {
            if (figures.accepted === 0) break;
            const next = Math.min(figures.accepted - 1, Math.floor((figures.accepted * cut) / 100));
            const c = correctClaim(figures, next, rate);
            if (c.after.gross !== c.after.advanceCleared + c.after.capped + c.after.net) return false;
            if (c.after.net > figures.net || c.after.advanceCleared > figures.advanceCleared || c.after.capped > figures.capped) return false;
            unduly += c.unduly;
            figures = c.after;
          }
          return unduly === first.net - figures.net && unduly <= first.net && figures.gross <= first.gross;
        },
      ),
    );
  });
});

describe('booking an amount unduly paid', () => {
  it('offsets against the planned payments in turn, within what is left to transfer on each', () => {
    const planned = [
      { id: 'a', amount: 5_000_000, alreadyOffset: 4_000_000 },
      { id: 'b', amount: 3_000_000, alreadyOffset: 0 },
    ];
    expect(bookRecovery(1_800_000, planned)).toEqual({ offsets: [{ paymentId: 'a', amount: 1_000_000 }, { paymentId: 'b', amount: 800_000 }], order: 0 });
  });

  it('orders what the planned payments cannot cover, and everything when none is planned', () => {
    expect(bookRecovery(5_000_000, [{ id: 'b', amount: 3_000_000, alreadyOffset: 0 }])).toEqual({ offsets: [{ paymentId: 'b', amount: 3_000_000 }], order: 2_000_000 });
    expect(bookRecovery(1_800_000, [])).toEqual({ offsets: [], order: 1_800_000 });
    expect(bookRecovery(0, [{ id: 'b', amount: 3_000_000, alreadyOffset: 0 }])).toEqual({ offsets: [], order: 0 });
    expect(bookRecovery(100, [{ id: 'full', amount: 3_000, alreadyOffset: 3_000 }])).toEqual({ offsets: [], order: 100 });
  });

  it('books exactly the amount, never more than a payment carries (property)', () => {
    const payment = fc.record({ amount: fc.integer({ min: 1, max: 10_000_000 }), offsetPct: fc.integer({ min: 0, max: 100 }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.array(payment, { maxLength: 6 }), (unduly, ps) => {
        const planned = ps.map((p, i) => ({ id: String(i), amount: p.amount, alreadyOffset: Math.floor((p.amount * p.offsetPct) / 100) }));
        const b = bookRecovery(unduly, planned);
        const offsetSum = b.offsets.reduce((s, o) => s + o.amount, 0);
        return (
          offsetSum + b.order === unduly &&
          b.order >= 0 &&
          b.offsets.every((o) => {
            const p = planned[Number(o.paymentId)];
            return o.amount > 0 && o.amount <= p.amount - p.alreadyOffset;
          })
        );
      }),
    );
  });
});

describe('recovery order due date', () => {
  it('counts the term from the day of booking', () => {
    expect(recoveryDueDate('2026-12-01', 30)).toBe('2026-12-31');
    expect(recoveryDueDate('2027-01-15', 30)).toBe('2027-02-14');
    expect(() => recoveryDueDate('2027-01-15', 0)).toThrow(RangeError);
  });
});
