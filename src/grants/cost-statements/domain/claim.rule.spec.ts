import fc from 'fast-check';
import { DomainError } from '../../../core/errors/domain.error';
import { applyRate, Rate } from '../../../core/money/money';
import {
  claimedLineEligibility,
  advanceAmount,
  decisionNeedsReason,
  finalBalance,
  grantRate,
  outstandingAdvance,
  paymentCeiling,
  retentionAmount,
  reviewedLineAmount,
  StatementLine,
  statementTotals,
  subsidyDue,
  SubsidyDueInput,
} from './claim.rule';

const LABS_RATE: Rate = { numerator: 999_000, denominator: 1_500_000 };
const FIFTH: Rate = { numerator: 1, denominator: 5 };
const LAB_GRANT = 99_900_000; // € 999.000,00
const STAFF_15: { rate: Rate; basis: 'DIRECT_STAFF' } = { rate: { numerator: 15, denominator: 100 }, basis: 'DIRECT_STAFF' };

const LEAD = '0566988259';
const PARTNER = '0403199702';

const claim = (over: Partial<SubsidyDueInput> = {}): SubsidyDueInput => ({
  acceptedEligible: 0,
  rate: LABS_RATE,
  grantAmount: LAB_GRANT,
  retentionRate: FIFTH,
  paidOrPlannedToDate: 0,
  advanceOutstanding: 0,
  finalApproved: false,
  ...over,
});

describe('claim rules', () => {
  describe('reviewedLineAmount', () => {
    it('accepts the declared amount, rejects to zero and counts unreviewed lines as nothing', () => {
      expect(reviewedLineAmount({ declared: 12_345, decision: 'ACCEPTED' })).toBe(12_345);
      expect(reviewedLineAmount({ declared: 12_345, decision: 'ACCEPTED', acceptedAmount: 1 })).toBe(12_345);
      expect(reviewedLineAmount({ declared: 12_345, decision: 'REJECTED' })).toBe(0);
      expect(reviewedLineAmount({ declared: 12_345, decision: null })).toBe(0);
    });

    it('takes a reduction between 0 and the declared amount', () => {
      expect(reviewedLineAmount({ declared: 12_345, decision: 'REDUCED', acceptedAmount: 10_000 })).toBe(10_000);
      expect(reviewedLineAmount({ declared: 12_345, decision: 'REDUCED', acceptedAmount: 0 })).toBe(0);
      expect(reviewedLineAmount({ declared: 12_345, decision: 'REDUCED', acceptedAmount: 12_345 })).toBe(12_345);
    });

    it.each([[12_346], [-1], [100.5], [null], [undefined]])('refuses a reduction to %p', (acceptedAmount) => {
      let error: unknown;
      try {
        reviewedLineAmount({ declared: 12_345, decision: 'REDUCED', acceptedAmount });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'rule', code: 'REDUCED_AMOUNT_INVALID' });
    });

    it('asks a reason for reductions and rejections only', () => {
      expect(decisionNeedsReason('REDUCED')).toBe(true);
      expect(decisionNeedsReason('REJECTED')).toBe(true);
      expect(decisionNeedsReason('ACCEPTED')).toBe(false);
      expect(decisionNeedsReason(null)).toBe(false);
    });
  });

  describe('claimedLineEligibility (VAT, CPR art. 64(1)(c), by the budget rule)', () => {
    // An invoice of € 12.100: € 10.000 + 21 % VAT of € 2.100.
    const invoice = { amount: 1_210_000, vat: 210_000, vatRecoverable: false, accepted: 1_210_000 };

    it('counts non-recoverable VAT of an operation below € 5.000.000', () => {
      expect(claimedLineEligibility(invoice, true)).toEqual({
        vat: { declared: 210_000, eligible: 210_000, excluded: 0, reason: null },
        declaredEligible: 1_210_000,
        acceptedEligible: 1_210_000,
      });
    });

    it('leaves recoverable VAT out: € 10.000 eligible of € 12.100', () => {
      expect(claimedLineEligibility({ ...invoice, vatRecoverable: true }, true)).toMatchObject({
        vat: { excluded: 210_000, reason: 'RECOVERABLE' },
        declaredEligible: 1_000_000,
        acceptedEligible: 1_000_000,
      });
    });

    it('leaves all VAT out of an operation not below the threshold', () => {
      expect(claimedLineEligibility(invoice, false)).toMatchObject({ vat: { excluded: 210_000, reason: 'OPERATION_ABOVE_THRESHOLD' }, declaredEligible: 1_000_000 });
    });

    it('keeps the VAT of a reduced line in proportion, rounded down once', () => {
      // Reduced to € 6.050 of € 12.100 with recoverable VAT: ⌊1.000.000 × 605.000 ÷ 1.210.000⌋ = 500.000.
      expect(claimedLineEligibility({ ...invoice, vatRecoverable: true, accepted: 605_000 }, true).acceptedEligible).toBe(500_000);
      // Reduced to € 1.000,01: ⌊1.000.000 × 100.001 ÷ 1.210.000⌋ = ⌊82.645,45⌋ = 82.645.
      expect(claimedLineEligibility({ ...invoice, vatRecoverable: true, accepted: 100_001 }, true).acceptedEligible).toBe(82_645);
      expect(claimedLineEligibility({ ...invoice, accepted: 0 }, false).acceptedEligible).toBe(0);
    });

    it('refuses VAT above the amount', () => {
      expect(() => claimedLineEligibility({ ...invoice, vat: 1_210_001 }, true)).toThrow(RangeError);
    });

    it('shows VAT apart in the statement totals', () => {
      const recoverable = claimedLineEligibility({ ...invoice, vatRecoverable: true }, true);
      const counted = claimedLineEligibility(invoice, true);
      const totals = statementTotals(
        [recoverable, counted].map((l) => ({ partner: LEAD, category: 'OPERATING', kind: 'REAL' as const, declared: l.declaredEligible, accepted: l.acceptedEligible, vat: l.vat })),
        null,
      );
      expect(totals).toMatchObject({ declaredEligible: 2_210_000, declaredVat: 420_000, eligibleVat: 210_000, vatExcluded: 210_000 });
    });
  });

  describe('statementTotals', () => {
    const lines: StatementLine[] = [
      { partner: LEAD, category: 'STAFF', kind: 'STAFF', declared: 4_000_000, accepted: 3_000_000 },
      { partner: LEAD, category: 'OPERATING', kind: 'REAL', declared: 1_000_000, accepted: 1_000_000 },
      { partner: LEAD, category: 'STAFF', kind: 'STAFF', declared: 2_000_001, accepted: 2_000_001 },
      { partner: LEAD, category: 'INVESTMENTS', kind: 'REAL', declared: 500_000, accepted: 0 },
    ];

    it('adds direct costs per category and recomputes 15 % of staff costs on the accepted basis', () => {
      expect(statementTotals(lines, STAFF_15)).toEqual({
        declaredStaff: 6_000_001,
        acceptedStaff: 5_000_001,
        declaredDirect: 7_500_001,
        acceptedDirect: 6_000_001,
        declaredIndirect: 900_000, // ⌊6.000.001 × 0,15⌋ = ⌊900.000,15⌋
        acceptedIndirect: 750_000,
        declaredEligible: 8_400_001,
        acceptedEligible: 6_750_001,
        declaredVat: 0,
        eligibleVat: 0,
        vatExcluded: 0,
        byCategory: [
          { category: 'STAFF', kind: 'STAFF', declared: 6_000_001, accepted: 5_000_001 },
          { category: 'OPERATING', kind: 'REAL', declared: 1_000_000, accepted: 1_000_000 },
          { category: 'INVESTMENTS', kind: 'REAL', declared: 500_000, accepted: 0 },
        ],
        byPartner: [
          {
            partner: LEAD,
            declaredStaff: 6_000_001,
            acceptedStaff: 5_000_001,
            declaredDirect: 7_500_001,
            acceptedDirect: 6_000_001,
            declaredIndirect: 900_000,
            acceptedIndirect: 750_000,
          },
        ],
      });
    });

    it('computes the flat rate per partner, as the budget does, and adds the partners up', () => {
      // 15 % of 10 cents is 1,5 → 1 per partner; on the total of 20 cents it would be 3.
      const totals = statementTotals(
        [
          { partner: LEAD, category: 'STAFF', kind: 'STAFF', declared: 10, accepted: 10 },
          { partner: PARTNER, category: 'STAFF', kind: 'STAFF', declared: 10, accepted: 10 },
        ],
        STAFF_15,
      );
      expect(totals).toMatchObject({ declaredIndirect: 2, acceptedIndirect: 2, declaredEligible: 22, acceptedEligible: 22 });
      expect(totals.byPartner.map((p) => [p.partner, p.acceptedIndirect])).toEqual([
        [LEAD, 1],
        [PARTNER, 1],
      ]);
      expect(totals.byPartner.map((p) => p.partner)).toEqual([LEAD, PARTNER]);
    });

    it('applies 7 % of all direct costs (art. 54(a))', () => {
      const totals = statementTotals(lines, { rate: { numerator: 7, denominator: 100 }, basis: 'DIRECT_COSTS' });
      expect(totals.declaredIndirect).toBe(525_000); // ⌊7.500.001 × 0,07⌋
      expect(totals.acceptedIndirect).toBe(420_000); // ⌊6.000.001 × 0,07⌋
      expect(totals.acceptedEligible).toBe(6_420_001);
    });

    it('has no indirect costs without a flat rate, and nothing for an empty statement', () => {
      expect(statementTotals(lines, null)).toMatchObject({ declaredIndirect: 0, acceptedIndirect: 0, acceptedEligible: 6_000_001 });
      expect(statementTotals([], STAFF_15)).toMatchObject({ declaredEligible: 0, acceptedEligible: 0, byCategory: [] });
    });

    it('refuses accepted above declared, negative amounts and a category of two kinds', () => {
      expect(() => statementTotals([{ partner: LEAD, category: 'X', kind: 'REAL', declared: 1, accepted: 2 }], null)).toThrow(RangeError);
      expect(() => statementTotals([{ partner: LEAD, category: 'X', kind: 'REAL', declared: -1, accepted: -1 }], null)).toThrow(RangeError);
      expect(() =>
        statementTotals(
          [
            { partner: LEAD, category: 'X', kind: 'REAL', declared: 1, accepted: 1 },
            { partner: PARTNER, category: 'X', kind: 'STAFF', declared: 1, accepted: 1 },
          ],
          null,
        ),
      ).toThrow(RangeError);
    });

    it('never accepts more than declared, in total or indirect (property)', () => {
      const line = fc
        .record({
          partner: fc.constantFrom(LEAD, PARTNER),
          category: fc.constantFrom('STAFF', 'OPERATING', 'EXTERNAL_SERVICES'),
          declared: fc.integer({ min: 0, max: 1_000_000_000 }),
          share: fc.integer({ min: 0, max: 100 }),
        })
        .map(({ partner, category, declared, share }): StatementLine => ({
          partner,
          category,
          kind: category === 'STAFF' ? 'STAFF' : 'REAL',
          declared,
          accepted: applyRate(declared, { numerator: share, denominator: 100 }),
        }));
      fc.assert(
        fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom<'DIRECT_STAFF' | 'DIRECT_COSTS'>('DIRECT_STAFF', 'DIRECT_COSTS'), (ls, basis) => {
          const t = statementTotals(ls, { rate: { numerator: 15, denominator: 100 }, basis });
          const perPartner = t.byPartner.reduce(
            (s, p) => s + applyRate(basis === 'DIRECT_STAFF' ? p.acceptedStaff : p.acceptedDirect, { numerator: 15, denominator: 100 }),
            0,
          );
          return (
            t.acceptedEligible <= t.declaredEligible &&
            t.acceptedIndirect <= t.declaredIndirect &&
            t.acceptedIndirect === perPartner &&
            t.byPartner.reduce((s, p) => s + p.acceptedDirect, 0) === t.acceptedDirect &&
            t.acceptedEligible === t.acceptedDirect + t.acceptedIndirect &&
            t.byCategory.reduce((s, c) => s + c.declared, 0) === t.declaredDirect
          );
        }),
      );
    });
  });

  describe('retention and advance', () => {
    it('retains grant − ⌊grant × (1 − rate)⌋: the payable ceiling rounds down, the retention keeps the odd cent', () => {
      expect(retentionAmount(LAB_GRANT, FIFTH)).toBe(19_980_000);
      expect(paymentCeiling(LAB_GRANT, FIFTH)).toBe(79_920_000);
      expect(paymentCeiling(99_999, FIFTH)).toBe(79_999); // 79.999,2 rounds down
      expect(retentionAmount(99_999, FIFTH)).toBe(20_000);
      expect(retentionAmount(LAB_GRANT, { numerator: 0, denominator: 1 })).toBe(0);
      expect(paymentCeiling(LAB_GRANT, { numerator: 1, denominator: 1 })).toBe(0);
    });

    it('keeps ceiling + retention equal to the grant (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 1000 }), (grant, permille) => {
          const rate = { numerator: permille, denominator: 1000 };
          return paymentCeiling(grant, rate) + retentionAmount(grant, rate) === grant && paymentCeiling(grant, rate) <= grant - applyRate(grant, rate);
        }),
      );
    });

    it('advances ⌊grant × rate⌋, held to grant − retention when given', () => {
      expect(advanceAmount(LAB_GRANT, { numerator: 3, denominator: 10 })).toBe(29_970_000);
      expect(advanceAmount(100, { numerator: 1, denominator: 3 })).toBe(33);
      expect(advanceAmount(LAB_GRANT, { numerator: 9, denominator: 10 }, FIFTH)).toBe(79_920_000);
      expect(advanceAmount(LAB_GRANT, { numerator: 3, denominator: 10 }, FIFTH)).toBe(29_970_000);
    });

    it('refuses rates above 100 % and negative grants', () => {
      expect(() => retentionAmount(LAB_GRANT, { numerator: 6, denominator: 5 })).toThrow(RangeError);
      expect(() => advanceAmount(-1, FIFTH)).toThrow(RangeError);
    });
  });

  describe('grantRate', () => {
    it('is the grant over the approved eligible cost, reduced', () => {
      expect(grantRate(LAB_GRANT, 150_000_000)).toEqual({ numerator: 333, denominator: 500 });
      expect(grantRate(0, 0)).toEqual({ numerator: 0, denominator: 1 });
    });

    it('earns exactly the grant when exactly the approved budget is accepted', () => {
      const rate = grantRate(LAB_GRANT, 150_000_000);
      expect(subsidyDue(claim({ acceptedEligible: 150_000_000, rate, finalApproved: true })).gross).toBe(LAB_GRANT);
    });

    it('refuses a grant above its eligible cost', () => {
      expect(() => grantRate(100, 99)).toThrow(RangeError);
    });
  });

  describe('subsidyDue', () => {
    it('pays ⌊accepted eligible × rate⌋, rounded down to the cent', () => {
      // € 1.200.000 eligible at the labs rate → € 799.200, within grant − retention (€ 799.200).
      expect(subsidyDue(claim({ acceptedEligible: 120_000_000 }))).toEqual({
        gross: 79_920_000,
        advanceCleared: 0,
        advanceOutstandingAfter: 0,
        ceiling: 79_920_000,
        retention: 19_980_000,
        capApplied: false,
        cappedAmount: 0,
        net: 79_920_000,
      });
      // 1.234.567 cents × 0,666 = 822.221,622 → 822.221
      expect(subsidyDue(claim({ acceptedEligible: 1_234_567 })).gross).toBe(822_221);
      expect(subsidyDue(claim({ acceptedEligible: 1, rate: { numerator: 2, denominator: 3 } })).net).toBe(0);
    });

    it('caps cumulative payments at grant − retention before the final report', () => {
      const due = subsidyDue(claim({ acceptedEligible: 30_000_000, paidOrPlannedToDate: 70_000_000 }));
      expect(due).toMatchObject({ gross: 19_980_000, ceiling: 79_920_000, capApplied: true, cappedAmount: 10_060_000, net: 9_920_000 });
    });

    it('pays nothing once grant − retention is reached, and never a negative amount', () => {
      expect(subsidyDue(claim({ acceptedEligible: 30_000_000, paidOrPlannedToDate: 79_920_000 })).net).toBe(0);
      expect(subsidyDue(claim({ acceptedEligible: 30_000_000, paidOrPlannedToDate: 85_000_000 })).net).toBe(0);
    });

    it('caps at the grant itself once the final report is approved', () => {
      const due = subsidyDue(claim({ acceptedEligible: 30_000_000, paidOrPlannedToDate: 90_000_000, finalApproved: true }));
      expect(due).toMatchObject({ ceiling: LAB_GRANT, net: 9_900_000, capApplied: true, cappedAmount: 10_080_000 });
    });

    it('clears the advance over several claims before paying', () => {
      const advance = advanceAmount(LAB_GRANT, { numerator: 3, denominator: 10 }, FIFTH); // 29.970.000
      let paid = advance;
      let outstanding = advance;
      const results = [25_000_000, 30_000_000, 30_000_000].map((acceptedEligible) => {
        const due = subsidyDue(claim({ acceptedEligible, paidOrPlannedToDate: paid, advanceOutstanding: outstanding }));
        paid += due.net;
        outstanding = due.advanceOutstandingAfter;
        return [due.gross, due.advanceCleared, due.net, due.advanceOutstandingAfter];
      });
      expect(results).toEqual([
        [16_650_000, 16_650_000, 0, 13_320_000],
        [19_980_000, 13_320_000, 6_660_000, 0],
        [19_980_000, 0, 19_980_000, 0],
      ]);
      expect(paid).toBe(56_610_000);
    });

    it('keeps what the claims did not clear of the advance outstanding', () => {
      expect(outstandingAdvance(29_970_000, [16_650_000])).toBe(13_320_000);
      expect(outstandingAdvance(29_970_000, [16_650_000, 13_320_000])).toBe(0);
      expect(outstandingAdvance(0, [])).toBe(0);
      expect(outstandingAdvance(100, [80, 80])).toBe(0);
      expect(() => outstandingAdvance(100, [-1])).toThrow(RangeError);
    });
  });

  describe('finalBalance', () => {
    it('pays the rest of what was earned, retention included, up to the grant', () => {
      expect(finalBalance({ claimsGross: [40_000_000, 39_920_000, 19_980_000], grantAmount: LAB_GRANT, paidOrPlannedToDate: 79_920_000 })).toEqual({
        entitled: 99_900_000,
        payable: 19_980_000,
        toRecover: 0,
      });
      expect(finalBalance({ claimsGross: [60_000_000, 60_000_000], grantAmount: LAB_GRANT, paidOrPlannedToDate: 79_920_000 })).toMatchObject({
        entitled: LAB_GRANT,
        payable: 19_980_000,
      });
    });

    it('pays less when less was earned, and never a negative balance', () => {
      expect(finalBalance({ claimsGross: [50_000_000], grantAmount: LAB_GRANT, paidOrPlannedToDate: 40_000_000 })).toEqual({
        entitled: 50_000_000,
        payable: 10_000_000,
        toRecover: 0,
      });
      expect(finalBalance({ claimsGross: [20_000_000], grantAmount: LAB_GRANT, paidOrPlannedToDate: 29_970_000 })).toEqual({
        entitled: 20_000_000,
        payable: 0,
        toRecover: 9_970_000,
      });
      expect(finalBalance({ claimsGross: [], grantAmount: LAB_GRANT, paidOrPlannedToDate: 0 })).toEqual({ entitled: 0, payable: 0, toRecover: 0 });
    });
  });

  it('keeps cumulative payments within grant − retention until the final report, and within the grant ever (property)', () => {
    const rate = fc.record({ numerator: fc.integer({ min: 0, max: 1000 }), denominator: fc.constant(1000) });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000_000 }),
        rate,
        rate,
        rate,
        fc.array(fc.integer({ min: 0, max: 300_000_000 }), { maxLength: 8 }),
        (grantAmount, subsidyRate, retentionRate, advanceRate, eligibles) => {
          const ceiling = grantAmount - retentionAmount(grantAmount, retentionRate);
          const advance = advanceAmount(grantAmount, advanceRate, retentionRate);
          let paid = advance;
          let outstanding = advance;
          const gross: number[] = [];
          for (const acceptedEligible of eligibles) {
            const due = subsidyDue({
              acceptedEligible,
              rate: subsidyRate,
              grantAmount,
              retentionRate,
              paidOrPlannedToDate: paid,
              advanceOutstanding: outstanding,
              finalApproved: false,
            });
            if (due.net < 0 || due.gross !== due.advanceCleared + due.cappedAmount + due.net) return false;
            paid += due.net;
            outstanding = due.advanceOutstandingAfter;
            gross.push(due.gross);
            if (paid > ceiling) return false;
          }
          const balance = finalBalance({ claimsGross: gross, grantAmount, paidOrPlannedToDate: paid });
          const total = paid + balance.payable - balance.toRecover;
          return total === balance.entitled && paid + balance.payable <= grantAmount;
        },
      ),
    );
  });
});
