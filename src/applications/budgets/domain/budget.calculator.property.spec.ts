import fc from 'fast-check';
import { CallRules, FundingSource, IndirectCostRule } from '../../../calls/domain/call-rules';
import { Cents, Rate } from '../../../core/money/money';
import { computeBudgetSummary } from './budget.calculator';
import { BudgetInput, BudgetLine, BudgetSummary } from './budget.types';
import { partner, realLine, rulesWith, staffLine } from './testing/budget.factory';

// Invariants of the budget engine over random budgets: up to 8 lines of at most
// € 12.500.000 each, so totals reach € 100.000.000 (10^10 cents).

const MAX_LINE: Cents = 1_250_000_000;
const MAX_TOTAL: Cents = 10_000_000_000;

const rateArb = (maxDenominator: number, minNumerator = 0): fc.Arbitrary<Rate> =>
  fc
    .integer({ min: Math.max(1, minNumerator), max: maxDenominator })
    .chain((denominator) => fc.record({ numerator: fc.integer({ min: minNumerator, max: denominator }), denominator: fc.constant(denominator) }));

const indirectArb: fc.Arbitrary<IndirectCostRule | null> = fc.constantFrom(
  null,
  { rate: { numerator: 15, denominator: 100 }, basis: 'DIRECT_STAFF' as const },
  { rate: { numerator: 7, denominator: 100 }, basis: 'DIRECT_COSTS' as const },
);

/** EFRO capped, then Flanders for the rest; sometimes no Flanders, so the rest may not fit. */
const sourcesArb: fc.Arbitrary<FundingSource[]> = fc
  .tuple(rateArb(100), fc.boolean())
  .map(([efro, withRest]) => [
    { code: 'EFRO', name: 'EFRO', maxRate: efro },
    ...(withRest ? [{ code: 'VLAANDEREN', name: 'Vlaanderen', maxRate: null }] : []),
  ]);

const rulesArb: fc.Arbitrary<CallRules> = fc
  .record({
    maxRate: rateArb(1_500_000),
    minOwnContribution: rateArb(100),
    fundingSources: sourcesArb,
    indirectCosts: indirectArb,
  })
  .map((overrides) => rulesWith(overrides));

const partnerCount = 3;

const staffArb: fc.Arbitrary<BudgetLine> = fc
  .record({
    partner: fc.integer({ min: 0, max: partnerCount - 1 }),
    year: fc.integer({ min: 2021, max: 2023 }),
    function: fc.constantFrom('Onderzoeker', 'Labmanager'),
    annualGrossCost: fc.integer({ min: 0, max: 30_000_000 }),
    hours: fc.integer({ min: 0, max: 1_800 }),
    fte: rateArb(10, 1),
  })
  .map(({ partner: p, ...r }) => staffLine({ ...r, partnerId: `P${p + 1}` }));

const realArb = (withVat: boolean, maxAmount = MAX_LINE): fc.Arbitrary<BudgetLine> =>
  fc
    .record({
      partner: fc.integer({ min: 0, max: partnerCount - 1 }),
      category: fc.constantFrom('OPERATING', 'EXTERNAL_SERVICES', 'INVESTMENTS'),
      amount: fc.integer({ min: 0, max: maxAmount }),
      vatShare: withVat ? fc.option(fc.integer({ min: 0, max: 21 }), { nil: null }) : fc.constant(null),
    })
    .map(({ partner: p, category, amount, vatShare }) =>
      realLine(amount, {
        partnerId: `P${p + 1}`,
        category,
        vatIncluded: vatShare !== null,
        vatAmount: vatShare === null ? 0 : Math.floor((amount * vatShare) / 121),
      }),
    );

const linesArb = (withVat: boolean): fc.Arbitrary<BudgetLine[]> =>
  fc
    .array(fc.oneof(staffArb, realArb(withVat)), { maxLength: 8 })
    .map((lines) => lines.map((l, i) => ({ ...l, id: `L${i}` })));

const partners = Array.from({ length: partnerCount }, (_, i) => partner(`P${i + 1}`));
const requestedArb = fc.option(fc.integer({ min: 0, max: MAX_TOTAL }), { nil: null });
const capArb = fc.integer({ min: 0, max: MAX_TOTAL });

const budgetArb = (withVat = true): fc.Arbitrary<BudgetInput> =>
  fc.record({ partners: fc.constant(partners), lines: linesArb(withVat), requestedSubsidy: requestedArb });

const total = (values: readonly Cents[]): bigint => values.reduce((a, v) => a + BigInt(v), 0n);
const big = BigInt;

function subsidyInvariants(s: BudgetSummary, rules: CallRules, cap: Cents): void {
  const eligible = s.totals.eligibleCosts;
  expect(s.subsidy).toBeGreaterThanOrEqual(0);
  expect(s.subsidy).toBeLessThanOrEqual(cap);
  expect(big(s.subsidy) * big(rules.maxRate.denominator) <= big(eligible) * big(rules.maxRate.numerator)).toBe(true);
  expect(s.subsidy).toBeLessThanOrEqual(s.requestedSubsidy);
  expect(big(s.subsidy) + big(s.ownContribution)).toBe(big(eligible));
  expect(total(s.fundingSources.map((f) => f.amount))).toBe(big(s.subsidy));
  rules.fundingSources.forEach((src, i) => {
    const amount = big(s.fundingSources[i].amount);
    expect(amount >= 0n).toBe(true);
    if (src.maxRate) expect(amount * big(src.maxRate.denominator) <= big(eligible) * big(src.maxRate.numerator)).toBe(true);
  });
  if (eligible > 0) {
    expect(big(s.subsidy) * big(s.effectiveRate.denominator)).toBe(big(s.effectiveRate.numerator) * big(eligible));
  }
}

function reconciliationInvariants(s: BudgetSummary): void {
  const t = s.totals;
  expect(total(s.partners.map((p) => p.eligibleCosts))).toBe(big(t.eligibleCosts));
  expect(total(s.partners.map((p) => p.indirectCosts))).toBe(big(t.indirectCosts));
  expect(total(t.byCategory.map((c) => c.directCosts)) + big(t.indirectCosts)).toBe(big(t.eligibleCosts));
  expect(total(s.lines.filter((l) => l.counted).map((l) => l.directCost))).toBe(big(t.directCosts));
  expect(total(s.lines.map((l) => l.vatExcluded))).toBe(big(t.vatExcluded));
  for (const p of s.partners) {
    expect(total(p.byCategory.map((c) => c.directCosts))).toBe(big(p.directCosts));
    expect(big(p.directCosts) + big(p.indirectCosts)).toBe(big(p.eligibleCosts));
  }
  t.byCategory.forEach((c, k) => {
    expect(total(s.partners.map((p) => p.byCategory[k].directCosts))).toBe(big(c.directCosts));
  });
}

describe('computeBudgetSummary (properties)', () => {
  it('respects cap, rate, request, sources and own contribution = eligible − subsidy', () => {
    fc.assert(
      fc.property(budgetArb(), rulesArb, capArb, (input, rules, cap) => {
        subsidyInvariants(computeBudgetSummary(input, rules, cap), rules, cap);
      }),
    );
  });

  it('counts every line once: partners, categories, lines and total reconcile', () => {
    fc.assert(
      fc.property(budgetArb(), rulesArb, capArb, (input, rules, cap) => {
        reconciliationInvariants(computeBudgetSummary(input, rules, cap));
      }),
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(
        budgetArb().chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.lines], { minLength: input.lines.length }))),
        rulesArb,
        capArb,
        ([input, shuffled], rules, cap) => {
          const a = computeBudgetSummary(input, rules, cap);
          const b = computeBudgetSummary({ ...input, lines: shuffled }, rules, cap);
          expect(b.totals).toEqual(a.totals);
          expect(b.partners).toEqual(a.partners);
          expect(b.subsidy).toBe(a.subsidy);
          expect(b.fundingSources).toEqual(a.fundingSources);
        },
      ),
    );
  });

  it('never lowers the subsidy when eligible costs grow', () => {
    fc.assert(
      fc.property(budgetArb(), fc.oneof(staffArb, realArb(true)), rulesArb, capArb, (input, extra, rules, cap) => {
        const a = computeBudgetSummary(input, rules, cap);
        const b = computeBudgetSummary({ ...input, lines: [...input.lines, { ...extra, id: 'EXTRA' }] }, rules, cap);
        // With VAT a new line can push the operation over € 5M and lower eligible costs;
        // the subsidy may then drop, but only then.
        if (b.totals.eligibleCosts >= a.totals.eligibleCosts) expect(b.subsidy).toBeGreaterThanOrEqual(a.subsidy);
      }),
    );
  });

  it('grows eligible costs and never lowers the subsidy when a line without VAT is added', () => {
    fc.assert(
      fc.property(budgetArb(false), fc.oneof(staffArb, realArb(false)), rulesArb, capArb, (input, extra, rules, cap) => {
        const a = computeBudgetSummary(input, rules, cap);
        const b = computeBudgetSummary({ ...input, lines: [...input.lines, { ...extra, id: 'EXTRA' }] }, rules, cap);
        expect(b.totals.eligibleCosts).toBeGreaterThanOrEqual(a.totals.eligibleCosts);
        expect(b.subsidy).toBeGreaterThanOrEqual(a.subsidy);
      }),
    );
  });

  it('leaves a line of an unknown partner out of every total', () => {
    fc.assert(
      fc.property(budgetArb(), realArb(true), rulesArb, capArb, (input, stray, rules, cap) => {
        const a = computeBudgetSummary(input, rules, cap);
        const b = computeBudgetSummary({ ...input, lines: [...input.lines, { ...stray, id: 'STRAY', partnerId: 'NOPE' }] }, rules, cap);
        expect(b.totals).toEqual(a.totals);
        expect(b.findings.map((f) => f.code)).toContain('UNKNOWN_PARTNER');
      }),
    );
  });

  it('is exact up to € 100.000.000: eligible and subsidy match a BigInt computation', () => {
    fc.assert(
      fc.property(
        fc.array(realArb(false, MAX_LINE), { minLength: 1, maxLength: 8 }),
        rateArb(1_500_000),
        capArb,
        requestedArb,
        (lines, maxRate, cap, requestedSubsidy) => {
          const rules = rulesWith({ maxRate, indirectCosts: null, fundingSources: [{ code: 'X', name: 'X', maxRate: null }] });
          const s = computeBudgetSummary({ partners, lines, requestedSubsidy }, rules, cap);
          const eligible = total(lines.map((l) => (l.kind === 'REAL' ? l.amount : 0)));
          const byRate = (eligible * big(maxRate.numerator)) / big(maxRate.denominator);
          const max = byRate < big(cap) ? byRate : big(cap);
          const expected = requestedSubsidy !== null && big(requestedSubsidy) < max ? big(requestedSubsidy) : max;
          expect(big(s.totals.eligibleCosts)).toBe(eligible);
          expect(big(s.maxSubsidy)).toBe(max);
          expect(big(s.subsidy)).toBe(expected);
        },
      ),
    );
  });

  it('applies VAT only below the threshold and accounts for all declared VAT otherwise', () => {
    fc.assert(
      fc.property(budgetArb(), rulesArb, (input, rules) => {
        const s = computeBudgetSummary(input, rules, MAX_TOTAL);
        const declaredVat = total(input.lines.map((l) => (l.kind === 'REAL' ? l.vatAmount : 0)));
        expect(s.vatEligible).toBe(s.totalCostIncludingVat < rules.vatEligibilityThreshold);
        expect(big(s.totals.vatExcluded)).toBe(s.vatEligible ? 0n : declaredVat);
        // Excluded VAT never blocks submission: one warning per line that declares it.
        expect(s.findings.filter((f) => f.code === 'VAT_NOT_ELIGIBLE' && f.severity === 'error')).toEqual([]);
        const vatWarnings = s.findings.filter((f) => f.code === 'VAT_NOT_ELIGIBLE' && f.field !== undefined).length;
        expect(vatWarnings).toBe(s.vatEligible ? 0 : input.lines.filter((l) => l.kind === 'REAL' && l.vatAmount > 0).length);
        expect(big(s.totals.declaredVat)).toBe(declaredVat);
        expect(s.totals.declaredVat).toBe(s.totals.eligibleVat + s.totals.vatExcluded);
      }),
    );
  });

  it('reports a too low own contribution exactly when own × den < min × eligible', () => {
    fc.assert(
      fc.property(budgetArb(), rulesArb, capArb, (input, rules, cap) => {
        const s = computeBudgetSummary(input, rules, cap);
        const min = rules.minOwnContribution;
        const below =
          s.totals.eligibleCosts > 0 &&
          big(s.ownContribution) * big(min.denominator) < big(min.numerator) * big(s.totals.eligibleCosts);
        expect(s.findings.some((f) => f.code === 'OWN_CONTRIBUTION_BELOW_MINIMUM')).toBe(below);
      }),
    );
  });
});
