import { computeBudgetSummary } from './budget.calculator';
import { BudgetSummary } from './budget.types';
import { budget, LABS_CAP, labsRules, NO_CAP, partner, realLine, rulesWith, staffLine } from './testing/budget.factory';

// Every figure below is computed by hand; amounts are cents.

const codes = (s: BudgetSummary): string[] => s.findings.map((f) => f.code);
const errors = (s: BudgetSummary) => s.findings.filter((f) => f.severity === 'error');

describe('computeBudgetSummary', () => {
  describe('labs call: 999.000 / 1.500.000, cap € 999.000, EFRO 40 % then Flanders', () => {
    it('eligible € 1.500.000 gives € 999.000: EFRO 600.000, Flanders 399.000', () => {
      const s = computeBudgetSummary(budget([realLine(150_000_000)]), labsRules(), LABS_CAP);
      expect(s.totals.eligibleCosts).toBe(150_000_000);
      expect(s.maxSubsidy).toBe(99_900_000);
      expect(s.subsidy).toBe(99_900_000);
      expect(s.fundingSources.map((f) => [f.code, f.amount])).toEqual([
        ['EFRO', 60_000_000],
        ['VLAANDEREN', 39_900_000],
      ]);
      expect(s.ownContribution).toBe(50_100_000);
      expect(s.effectiveRate).toEqual({ numerator: 333, denominator: 500 });
      expect(s.findings).toEqual([]);
    });

    it('eligible € 1.200.000 gives € 799.200: EFRO 480.000, Flanders 319.200', () => {
      const s = computeBudgetSummary(budget([realLine(120_000_000)]), labsRules(), LABS_CAP);
      expect(s.subsidy).toBe(79_920_000);
      expect(s.fundingSources.map((f) => f.amount)).toEqual([48_000_000, 31_920_000]);
      expect(s.ownContribution).toBe(40_080_000);
    });

    it('eligible € 2.000.000 is capped at € 999.000: EFRO 800.000, Flanders 199.000', () => {
      const s = computeBudgetSummary(budget([realLine(200_000_000)]), labsRules(), LABS_CAP);
      expect(s.maxSubsidy).toBe(99_900_000);
      expect(s.subsidy).toBe(99_900_000);
      expect(s.fundingSources.map((f) => f.amount)).toEqual([80_000_000, 19_900_000]);
      expect(s.ownContribution).toBe(100_100_000);
      expect(s.effectiveRate).toEqual({ numerator: 999, denominator: 2_000 });
    });

    it('a request below the maximum is granted as asked: EFRO 480.000, Flanders 220.000', () => {
      const s = computeBudgetSummary(budget([realLine(120_000_000)], [partner()], 70_000_000), labsRules(), LABS_CAP);
      expect(s.requestedSubsidy).toBe(70_000_000);
      expect(s.subsidy).toBe(70_000_000);
      expect(s.fundingSources.map((f) => f.amount)).toEqual([48_000_000, 22_000_000]);
      expect(s.ownContribution).toBe(50_000_000);
      expect(s.findings).toEqual([]);
    });

    it('a request below the EFRO share is paid by EFRO alone', () => {
      const s = computeBudgetSummary(budget([realLine(120_000_000)], [partner()], 30_000_000), labsRules(), LABS_CAP);
      expect(s.fundingSources.map((f) => f.amount)).toEqual([30_000_000, 0]);
    });

    it('a request above the maximum is an error and is clamped to € 799.200', () => {
      const s = computeBudgetSummary(budget([realLine(120_000_000)], [partner()], 80_000_000), labsRules(), LABS_CAP);
      expect(s.findings).toEqual([
        {
          code: 'REQUESTED_ABOVE_MAXIMUM',
          severity: 'error',
          field: 'requestedSubsidy',
          message: 'The requested subsidy € 800.000,00 exceeds the maximum of € 799.200,00; the maximum is used',
        },
      ]);
      expect(s.requestedSubsidy).toBe(80_000_000);
      expect(s.subsidy).toBe(79_920_000);
      expect(s.ownContribution).toBe(40_080_000);
    });
  });

  describe('staff costs (CPR art. 55)', () => {
    it('€ 60.000 gross for 860 hours costs € 30.000,00', () => {
      const s = computeBudgetSummary(budget([staffLine({ annualGrossCost: 6_000_000, hours: 860 })]), rulesWith(), NO_CAP);
      expect(s.lines[0].directCost).toBe(3_000_000);
      expect(s.totals.staffCosts).toBe(3_000_000);
    });

    it('computes hours × gross ÷ 1.720 in one step: a full year costs exactly the gross, not 1.720 × a rounded rate', () => {
      // Rounded hourly rate first would give ⌊5.000.000 ÷ 1.720⌋ = 2.906 cents × 1.720 = 4.998.320.
      const s = computeBudgetSummary(budget([staffLine({ annualGrossCost: 5_000_000, hours: 1720 })]), rulesWith(), NO_CAP);
      expect(s.lines[0].directCost).toBe(5_000_000);
    });

    it('rounds the line down to the cent: € 50.000 gross for 1 hour is € 29,06', () => {
      const s = computeBudgetSummary(budget([staffLine({ annualGrossCost: 5_000_000, hours: 1 })]), rulesWith(), NO_CAP);
      expect(s.lines[0].directCost).toBe(2_906);
    });

    it('accepts 1.720 hours for a full-time person', () => {
      const s = computeBudgetSummary(budget([staffLine({ hours: 1720 })]), rulesWith(), NO_CAP);
      expect(codes(s)).toEqual([]);
    });

    it('refuses 1.721 hours for a full-time person', () => {
      const s = computeBudgetSummary(budget([staffLine({ hours: 1721, function: 'Labmanager' })]), rulesWith(), NO_CAP);
      expect(s.findings).toEqual([
        {
          code: 'HOURS_ABOVE_LIMIT',
          severity: 'error',
          field: 'lines[0].hours',
          message: '1721 hours in 2021 exceed the limit of 1720 hours for Labmanager',
        },
      ]);
      // Still counted, so the applicant sees the cost while fixing the hours.
      expect(s.lines[0].counted).toBe(true);
    });

    it('divides a half-time gross cost by 860 hours and allows 860 hours', () => {
      const s = computeBudgetSummary(
        budget([staffLine({ annualGrossCost: 3_000_000, hours: 430, fte: { numerator: 1, denominator: 2 } })]),
        rulesWith(),
        NO_CAP,
      );
      expect(s.lines[0].directCost).toBe(1_500_000);
      expect(codes(s)).toEqual([]);
    });

    it('refuses 861 hours for a half-time person', () => {
      const s = computeBudgetSummary(budget([staffLine({ hours: 861, fte: { numerator: 1, denominator: 2 } })]), rulesWith(), NO_CAP);
      expect(codes(s)).toEqual(['HOURS_ABOVE_LIMIT']);
      expect(s.findings[0].message).toContain('limit of 860 hours');
    });

    it('rounds a one-third limit down to 573 hours and costs them in one step', () => {
      const third = { numerator: 1, denominator: 3 };
      const ok = computeBudgetSummary(budget([staffLine({ annualGrossCost: 2_000_000, hours: 573, fte: third })]), rulesWith(), NO_CAP);
      // 2.000.000 × 573 × 3 ÷ 1.720 = 1.998.837,2 → 1.998.837
      expect(ok.lines[0].directCost).toBe(1_998_837);
      expect(codes(ok)).toEqual([]);
      const over = computeBudgetSummary(budget([staffLine({ hours: 574, fte: third })]), rulesWith(), NO_CAP);
      expect(codes(over)).toEqual(['HOURS_ABOVE_LIMIT']);
    });

    it('adds the hours of one person over several lines in the same year', () => {
      const s = computeBudgetSummary(
        budget([staffLine({ hours: 1000, function: 'Onderzoeker' }), staffLine({ hours: 800, function: ' onderzoeker ' })]),
        rulesWith(),
        NO_CAP,
      );
      expect(s.findings).toEqual([
        expect.objectContaining({ code: 'HOURS_ABOVE_LIMIT', field: 'lines[1].hours', message: expect.stringContaining('1800 hours') }),
      ]);
    });

    it('does not add hours of different years, functions or partners', () => {
      const s = computeBudgetSummary(
        budget(
          [
            staffLine({ hours: 1000 }),
            staffLine({ hours: 1000, year: 2022 }),
            staffLine({ hours: 1000, function: 'Labmanager' }),
            staffLine({ hours: 1000, partnerId: 'P2' }),
          ],
          [partner('P1'), partner('P2')],
        ),
        rulesWith(),
        NO_CAP,
      );
      expect(codes(s)).toEqual([]);
    });
  });

  describe('flat-rate indirect costs (CPR art. 54)', () => {
    it('adds 15 % of direct staff costs by default', () => {
      const s = computeBudgetSummary(budget([staffLine(), realLine(1_000_000)]), rulesWith(), NO_CAP);
      expect(s.totals.directCosts).toBe(4_000_000);
      expect(s.totals.indirectCosts).toBe(450_000);
      expect(s.totals.eligibleCosts).toBe(4_450_000);
      // 40 % of 4.450.000
      expect(s.subsidy).toBe(1_780_000);
      expect(s.fundingSources.map((f) => f.amount)).toEqual([1_780_000, 0]);
    });

    it('adds 7 % of all direct costs in the art. 54(a) variant', () => {
      const rules = rulesWith({ indirectCosts: { rate: { numerator: 7, denominator: 100 }, basis: 'DIRECT_COSTS' } });
      const s = computeBudgetSummary(budget([staffLine(), realLine(1_000_000)]), rules, NO_CAP);
      expect(s.totals.indirectCosts).toBe(280_000);
      expect(s.totals.eligibleCosts).toBe(4_280_000);
    });

    it('adds nothing when the call has no flat rate', () => {
      const s = computeBudgetSummary(budget([staffLine()]), rulesWith({ indirectCosts: null }), NO_CAP);
      expect(s.totals.eligibleCosts).toBe(3_000_000);
    });

    it('computes the flat rate per partner and adds the rounded results', () => {
      // 7 % of 1.050 = 73,5 → 73 per partner; 146 in total, not ⌊7 % × 2.100⌋ = 147.
      const rules = rulesWith({ indirectCosts: { rate: { numerator: 7, denominator: 100 }, basis: 'DIRECT_COSTS' } });
      const s = computeBudgetSummary(
        budget([realLine(1_050), realLine(1_050, { partnerId: 'P2' })], [partner('P1'), partner('P2')]),
        rules,
        NO_CAP,
      );
      expect(s.partners.map((p) => p.indirectCosts)).toEqual([73, 73]);
      expect(s.totals.indirectCosts).toBe(146);
    });
  });

  describe('totals per partner and per category', () => {
    it('splits a two-partner budget by partner and category', () => {
      const s = computeBudgetSummary(
        budget(
          [
            staffLine({ partnerId: 'P1' }), // 3.000.000
            realLine(500_000, { partnerId: 'P1', category: 'OPERATING' }),
            staffLine({ partnerId: 'P2', annualGrossCost: 8_600_000, hours: 172 }), // 860.000
            realLine(2_000_000, { partnerId: 'P2', category: 'INVESTMENTS' }),
          ],
          [partner('P1'), partner('P2')],
        ),
        rulesWith(),
        NO_CAP,
      );
      const [p1, p2] = s.partners;
      expect([p1.directCosts, p1.indirectCosts, p1.eligibleCosts]).toEqual([3_500_000, 450_000, 3_950_000]);
      expect([p2.directCosts, p2.indirectCosts, p2.eligibleCosts]).toEqual([2_860_000, 129_000, 2_989_000]);
      expect(s.totals.byCategory.map((c) => [c.code, c.directCosts])).toEqual([
        ['STAFF', 3_860_000],
        ['OPERATING', 500_000],
        ['EXTERNAL_SERVICES', 0],
        ['INVESTMENTS', 2_000_000],
      ]);
      expect(s.totals.indirectCosts).toBe(579_000);
      expect(s.totals.eligibleCosts).toBe(6_939_000);
    });
  });

  describe('VAT (CPR art. 64: eligible below € 5.000.000 including VAT)', () => {
    it('counts VAT when the total is below € 5M', () => {
      const s = computeBudgetSummary(budget([realLine(121_000, { vatIncluded: true, vatAmount: 21_000 })]), rulesWith(), NO_CAP);
      expect(s.vatEligible).toBe(true);
      expect(s.totals.eligibleCosts).toBe(121_000);
      expect(s.findings).toEqual([]);
    });

    it('still counts VAT one cent below the threshold', () => {
      const s = computeBudgetSummary(
        budget([realLine(499_999_999, { vatIncluded: true, vatAmount: 1_000 })]),
        rulesWith(),
        NO_CAP,
      );
      expect(s.vatEligible).toBe(true);
      expect(s.totals.eligibleCosts).toBe(499_999_999);
    });

    it('leaves VAT out at € 5M and above, and reports each line that declares it', () => {
      const s = computeBudgetSummary(
        budget([realLine(605_000_000, { category: 'INVESTMENTS', vatIncluded: true, vatAmount: 105_000_000 })]),
        rulesWith(),
        NO_CAP,
      );
      expect(s.vatEligible).toBe(false);
      expect(s.totalCostIncludingVat).toBe(605_000_000);
      expect(s.totals.directCosts).toBe(500_000_000);
      expect(s.totals.vatExcluded).toBe(105_000_000);
      expect(s.lines[0]).toMatchObject({ directCost: 500_000_000, declaredVat: 105_000_000, eligibleVat: 0, vatExcluded: 105_000_000 });
      expect(s.subsidy).toBe(200_000_000);
      // Excluded, with a warning: the proposal can be submitted as typed.
      expect(s.findings).toEqual([
        expect.objectContaining({ code: 'VAT_NOT_ELIGIBLE', severity: 'warning', field: 'lines[0].vatAmount' }),
      ]);
      expect(s.findings[0].message).toContain('is excluded from the eligible costs');
    });

    it('never counts recoverable VAT, even in a small operation', () => {
      // € 12.100 invoice with € 2.100 recoverable VAT, and € 6.050 with € 1.050 VAT that is not:
      // eligible 10.000 + 6.050 = 16.050; declared VAT 3.150, eligible 1.050, excluded 2.100.
      const s = computeBudgetSummary(
        budget([realLine(1_210_000, { vatIncluded: true, vatAmount: 210_000, vatRecoverable: true }), realLine(605_000, { vatIncluded: true, vatAmount: 105_000 })]),
        rulesWith(),
        NO_CAP,
      );
      expect(s.vatEligible).toBe(true);
      expect(s.totalCostIncludingVat).toBe(1_815_000);
      expect(s.totals).toMatchObject({ directCosts: 1_605_000, declaredVat: 315_000, eligibleVat: 105_000, vatExcluded: 210_000 });
      expect(s.lines.map((l) => [l.directCost, l.eligibleVat, l.vatExcluded])).toEqual([
        [1_000_000, 0, 210_000],
        [605_000, 105_000, 0],
      ]);
      expect(s.findings).toEqual([]);
    });

    it('counts the flat-rate indirect costs in the operation total that decides on VAT', () => {
      // Direct 3.000.000 + 496.600.000 = 499.600.000, indirect 450.000: total 500.050.000.
      const s = computeBudgetSummary(
        budget([staffLine(), realLine(496_600_000, { vatIncluded: true, vatAmount: 1_000_000 })]),
        rulesWith(),
        NO_CAP,
      );
      expect(s.totalCostIncludingVat).toBe(500_050_000);
      expect(s.vatEligible).toBe(false);
      expect(s.totals.eligibleCosts).toBe(499_050_000);
    });

    it('only warns when the operation is above € 5M but declares no VAT', () => {
      const s = computeBudgetSummary(budget([realLine(600_000_000)]), rulesWith(), NO_CAP);
      expect(s.findings).toEqual([expect.objectContaining({ code: 'VAT_NOT_ELIGIBLE', severity: 'warning' })]);
      expect(s.totals.eligibleCosts).toBe(600_000_000);
    });
  });

  describe('own contribution and funding sources', () => {
    // 90 % subsidy allowed, but at least 15 % own contribution.
    const rules = rulesWith({ maxRate: { numerator: 9, denominator: 10 }, minOwnContribution: { numerator: 15, denominator: 100 } });

    it('reports an own contribution below the minimum', () => {
      const s = computeBudgetSummary(budget([realLine(1_000_000)]), rules, NO_CAP);
      expect(s.subsidy).toBe(900_000);
      expect(s.ownContribution).toBe(100_000);
      expect(s.findings).toEqual([
        {
          code: 'OWN_CONTRIBUTION_BELOW_MINIMUM',
          severity: 'error',
          field: 'requestedSubsidy',
          message: 'The own contribution € 1.000,00 is below the minimum of 15 % of eligible costs (€ 1.500,00)',
        },
      ]);
    });

    it('accepts an own contribution of exactly the minimum', () => {
      const s = computeBudgetSummary(budget([realLine(1_000_000)], [partner()], 850_000), rules, NO_CAP);
      expect(s.ownContribution).toBe(150_000);
      expect(s.findings).toEqual([]);
    });

    it('compares exactly: 15 % of 1.000.001 cents needs 150.001 cents, not 150.000', () => {
      const short = computeBudgetSummary(budget([realLine(1_000_001)], [partner()], 850_001), rules, NO_CAP);
      expect(short.ownContribution).toBe(150_000);
      expect(codes(short)).toEqual(['OWN_CONTRIBUTION_BELOW_MINIMUM']);
      const enough = computeBudgetSummary(budget([realLine(1_000_001)], [partner()], 850_000), rules, NO_CAP);
      expect(enough.ownContribution).toBe(150_001);
      expect(codes(enough)).toEqual([]);
    });

    it('reduces the subsidy to what the funding sources can pay', () => {
      const capped = rulesWith({
        maxRate: { numerator: 1, denominator: 2 },
        fundingSources: [{ code: 'EFRO', name: 'EFRO', maxRate: { numerator: 2, denominator: 5 } }],
      });
      const s = computeBudgetSummary(budget([realLine(1_000_000)]), capped, NO_CAP);
      expect(s.maxSubsidy).toBe(500_000);
      expect(s.subsidy).toBe(400_000);
      expect(s.fundingSources).toEqual([{ code: 'EFRO', name: 'EFRO', amount: 400_000 }]);
      expect(s.ownContribution).toBe(600_000);
      expect(s.findings).toEqual([
        expect.objectContaining({ code: 'FUNDING_SOURCES_INSUFFICIENT', severity: 'error', message: expect.stringContaining('€ 1.000,00') }),
      ]);
    });
  });

  describe('structural findings', () => {
    it('reports an empty budget', () => {
      const s = computeBudgetSummary(budget([]), labsRules(), LABS_CAP);
      expect(codes(s)).toEqual(['PARTNER_WITHOUT_LINES', 'EMPTY_BUDGET']);
      expect(s.subsidy).toBe(0);
      expect(s.effectiveRate).toEqual({ numerator: 0, denominator: 1 });
    });

    it('warns about a partner without lines', () => {
      const s = computeBudgetSummary(budget([realLine(1_000)], [partner('P1'), partner('P2')]), rulesWith(), NO_CAP);
      expect(s.findings).toEqual([
        { code: 'PARTNER_WITHOUT_LINES', severity: 'warning', field: 'partners[1]', message: 'Partner Partner P2 has no budget lines' },
      ]);
    });

    it('leaves a line of an unknown partner out of every total', () => {
      const s = computeBudgetSummary(budget([realLine(1_000), realLine(5_000, { partnerId: 'NOPE' })]), rulesWith(), NO_CAP);
      expect(errors(s)).toEqual([expect.objectContaining({ code: 'UNKNOWN_PARTNER', field: 'lines[1].partnerId' })]);
      expect(s.lines[1]).toEqual({ lineId: expect.any(String), counted: false, directCost: 0, declaredVat: 0, eligibleVat: 0, vatExcluded: 0 });
      expect(s.totals.eligibleCosts).toBe(1_000);
    });

    it('reports a category the call does not have', () => {
      const s = computeBudgetSummary(budget([realLine(1_000, { category: 'TRAVEL' })]), rulesWith(), NO_CAP);
      expect(errors(s)).toEqual([
        expect.objectContaining({ code: 'UNKNOWN_CATEGORY', field: 'lines[0].category' }),
        expect.objectContaining({ code: 'EMPTY_BUDGET' }),
      ]);
    });

    it('reports a staff line in a real-cost category', () => {
      const s = computeBudgetSummary(budget([staffLine({ category: 'OPERATING' }), realLine(1)]), rulesWith(), NO_CAP);
      expect(s.findings).toEqual([
        {
          code: 'UNKNOWN_CATEGORY',
          severity: 'error',
          field: 'lines[0].category',
          message: 'OPERATING is a REAL category; a STAFF line cannot use it',
        },
      ]);
    });

    it('reports duplicate partner and line ids', () => {
      const line = realLine(1_000);
      const s = computeBudgetSummary(budget([line, { ...line }], [partner('P1'), partner('P1')]), rulesWith(), NO_CAP);
      expect(s.findings.map((f) => [f.code, f.field])).toEqual([
        ['DUPLICATE_PARTNER_ID', 'partners[1].id'],
        ['DUPLICATE_LINE_ID', 'lines[1].id'],
      ]);
    });

    it.each([
      ['a VAT amount above the amount', realLine(100, { vatIncluded: true, vatAmount: 101 }), 'lines[0].vatAmount'],
      ['VAT without vatIncluded', realLine(100, { vatIncluded: false, vatAmount: 21 }), 'lines[0].vatAmount'],
      ['a negative amount', realLine(-1), 'lines[0].amount'],
      ['fractional cents', realLine(10.5), 'lines[0].amount'],
      ['negative hours', staffLine({ hours: -1 }), 'lines[0].hours'],
      ['fractional hours', staffLine({ hours: 7.5 }), 'lines[0].hours'],
      ['a part-time fraction of 0', staffLine({ fte: { numerator: 0, denominator: 1 } }), 'lines[0].fte'],
      ['a part-time fraction above 1', staffLine({ fte: { numerator: 3, denominator: 2 } }), 'lines[0].fte'],
      ['a negative gross cost', staffLine({ annualGrossCost: -5 }), 'lines[0].annualGrossCost'],
    ])('reports %s and does not count the line', (_what, line, field) => {
      const s = computeBudgetSummary(budget([line]), rulesWith(), NO_CAP);
      expect(s.findings[0]).toMatchObject({ code: 'INVALID_LINE_VALUE', severity: 'error', field });
      expect(s.lines[0].counted).toBe(false);
    });

    it('treats an invalid requested subsidy as asking the maximum', () => {
      const s = computeBudgetSummary(budget([realLine(1_000)], [partner()], -5), rulesWith(), NO_CAP);
      expect(codes(s)).toEqual(['INVALID_REQUESTED_SUBSIDY']);
      expect(s.subsidy).toBe(400);
    });
  });
});
