import { computeBudgetSummary } from './budget.calculator';
import { BudgetSummary } from './budget.types';
import { matchingCofinancing } from './subsidy.rule';
import { budget, EDIH_CAP, edihRules, LABS_CAP, labsRules, realLine, staffLine } from './testing/budget.factory';

// EDIH preselection (domain brief §1): € 0,5–1 million per hub per year, EU share at most 50 %,
// the member state at least as much. Every figure below is computed by hand; amounts are cents.

// Costs of € 5.000.000 and more bring the VAT warning (art. 64); only errors are looked at here.
const errors = (s: BudgetSummary) => s.findings.filter((f) => f.severity === 'error');
const codes = (s: BudgetSummary): string[] => errors(s).map((f) => f.code);
const years = (s: BudgetSummary) => s.contributionByYear.map((y) => [y.year, y.eligibleCosts, y.contribution]);

describe('yearly band and matching cofinancing', () => {
  it('€ 2.000.000 a year for three years: Digital Europe € 3.000.000 (€ 1.000.000 a year), Flanders matches € 3.000.000, own € 0', () => {
    const s = computeBudgetSummary(
      budget([realLine(200_000_000, { year: 2021 }), realLine(200_000_000, { year: 2022 }), realLine(200_000_000, { year: 2023 })]),
      edihRules(),
      EDIH_CAP,
    );
    expect(s.totals.eligibleCosts).toBe(600_000_000);
    // min(½ × 6.000.000, 3.000.000) = 3.000.000
    expect(s.subsidy).toBe(300_000_000);
    expect(s.fundingSources).toEqual([{ code: 'DIGITAL_EUROPE', name: 'Digital Europe Programme', amount: 300_000_000 }]);
    expect(s.matchingCofinancing).toEqual({ code: 'VLAANDEREN', name: 'Vlaamse matching', amount: 300_000_000 });
    expect(s.ownContribution).toBe(0);
    expect(years(s)).toEqual([
      [2021, 200_000_000, 100_000_000],
      [2022, 200_000_000, 100_000_000],
      [2023, 200_000_000, 100_000_000],
    ]);
    expect(errors(s)).toEqual([]);
  });

  it('asking € 1.800.000 on € 6.000.000: € 600.000 a year, matching € 1.800.000, own contribution € 2.400.000', () => {
    const s = computeBudgetSummary(
      budget([realLine(200_000_000, { year: 2021 }), realLine(200_000_000, { year: 2022 }), realLine(200_000_000, { year: 2023 })], undefined, 180_000_000),
      edihRules(),
      EDIH_CAP,
    );
    expect(s.subsidy).toBe(180_000_000);
    expect(s.matchingCofinancing?.amount).toBe(180_000_000);
    // 6.000.000 − 1.800.000 − 1.800.000
    expect(s.ownContribution).toBe(240_000_000);
    expect(s.contributionByYear.map((y) => y.contribution)).toEqual([60_000_000, 60_000_000, 60_000_000]);
    expect(errors(s)).toEqual([]);
  });

  it('names the year above the maximum and the year below the minimum', () => {
    // 3.000.000 + 2.000.000 + 500.000 = 5.500.000 eligible; contribution min(2.750.000, 3.000.000) = 2.750.000.
    const s = computeBudgetSummary(
      budget([realLine(300_000_000, { year: 2021 }), realLine(200_000_000, { year: 2022 }), realLine(50_000_000, { year: 2023 })]),
      edihRules(),
      EDIH_CAP,
    );
    expect(s.subsidy).toBe(275_000_000);
    // 2021: 2.750.000 × 3/5,5 = 1.500.000; 2022: × 2/5,5 = 1.000.000; 2023: × 0,5/5,5 = 250.000.
    expect(years(s)).toEqual([
      [2021, 300_000_000, 150_000_000],
      [2022, 200_000_000, 100_000_000],
      [2023, 50_000_000, 25_000_000],
    ]);
    expect(codes(s)).toEqual(['CONTRIBUTION_ABOVE_YEARLY_MAXIMUM', 'CONTRIBUTION_BELOW_YEARLY_MINIMUM']);
    expect(errors(s)[0].message).toBe('The contribution for 2021 (€ 1.500.000,00) is above the maximum of € 1.000.000,00 per project year');
    expect(errors(s)[1].message).toBe('The contribution for 2023 (€ 250.000,00) is below the minimum of € 500.000,00 per project year');
    expect(errors(s).every((f) => f.severity === 'error' && f.field === 'requestedSubsidy')).toBe(true);
    expect(errors(s).map((f) => f.params)).toEqual([
      { year: 2021, contribution: 150_000_000, limit: 100_000_000 },
      { year: 2023, contribution: 25_000_000, limit: 50_000_000 },
    ]);
  });

  it('spreads the contribution over the years rounding down each year, never above the whole', () => {
    // € 1 in 2021 and € 2 in 2022; asking 1,00: ⌊100 × 100/300⌋ = 33 and ⌊100 × 200/300⌋ = 66 cents.
    const s = computeBudgetSummary(
      budget([realLine(100, { year: 2021 }), realLine(200, { year: 2022 })], undefined, 100),
      edihRules({ yearlyContribution: { min: 0, max: 100 } }),
      EDIH_CAP,
    );
    expect(s.contributionByYear.map((y) => y.contribution)).toEqual([33, 66]);
    expect(errors(s)).toEqual([]);
  });

  it('counts flat-rate indirect costs in the year of the staff costs', () => {
    // 2021: 1.720 h × € 86.000 / 1.720 = € 86.000 staff + 15 % = € 98.900; 2022: € 100.000 real costs.
    // Contribution ⌊½ × 198.900⌋ = 99.450: 2021 ⌊99.450 × 98.900/198.900⌋ = 49.450, 2022 ⌊99.450 × 100.000/198.900⌋ = 50.000.
    const s = computeBudgetSummary(
      budget([staffLine({ year: 2021, annualGrossCost: 8_600_000, hours: 1720 }), realLine(10_000_000, { year: 2022 })]),
      edihRules({ yearlyContribution: { min: 0, max: 100_000_000 } }),
      EDIH_CAP,
    );
    expect(s.totals.eligibleCosts).toBe(19_890_000);
    expect(s.subsidy).toBe(9_945_000);
    expect(years(s)).toEqual([
      [2021, 9_890_000, 4_945_000],
      [2022, 10_000_000, 5_000_000],
    ]);
  });

  it('matching above what the costs leave is an error, and the matching is held to that room', () => {
    // Matching 3/2 × 3.000.000 = 4.500.000, but 6.000.000 − 3.000.000 leaves 3.000.000.
    const s = computeBudgetSummary(
      budget([realLine(200_000_000, { year: 2021 }), realLine(200_000_000, { year: 2022 }), realLine(200_000_000, { year: 2023 })]),
      edihRules({ matchingCofinancing: { code: 'VLAANDEREN', name: 'Vlaamse matching', minRatio: { numerator: 3, denominator: 2 } } }),
      EDIH_CAP,
    );
    expect(codes(s)).toEqual(['MATCHING_COFINANCING_INSUFFICIENT']);
    expect(errors(s)[0].message).toBe('Vlaamse matching must be at least € 4.500.000,00, but the eligible costs leave only € 3.000.000,00 beside the contribution');
    expect(s.matchingCofinancing?.amount).toBe(300_000_000);
    expect(s.ownContribution).toBe(0);
  });

  it('rounds the matching down in the one function: 2/3 of € 0,10 is 6 cents', () => {
    expect(matchingCofinancing(10, { numerator: 2, denominator: 3 })).toBe(6);
    expect(matchingCofinancing(300_000_000, { numerator: 1, denominator: 1 })).toBe(300_000_000);
  });

  it('the labs call has neither: the whole rest is the own contribution, as before', () => {
    const s = computeBudgetSummary(budget([realLine(150_000_000, { year: 2021 }), realLine(10_000_000, { year: 2022 })]), labsRules(), LABS_CAP);
    expect(s.matchingCofinancing).toBeNull();
    expect(s.contributionByYear).toEqual([]);
    // 1.600.000 − 999.000
    expect(s.ownContribution).toBe(60_100_000);
  });
});
