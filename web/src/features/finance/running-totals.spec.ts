import { projectDecision, type ReviewContext } from './running-totals';

const LEAD = '0566988259';
const PARTNER = '0403199702';
const context: ReviewContext = {
  costCategories: [
    { code: 'STAFF', kind: 'STAFF' },
    { code: 'OPERATING', kind: 'REAL' },
    { code: 'EXTERNAL_SERVICES', kind: 'REAL' },
  ],
  indirectCosts: { rate: { numerator: 15, denominator: 100 }, basis: 'DIRECT_STAFF' },
  grant: {
    amount: 99_900_000,
    rate: { numerator: 333, denominator: 500 },
    retentionRate: { numerator: 20, denominator: 100 },
    ledger: { paid: 0, planned: 0, advanceOutstanding: 0, finalReportApproved: false },
  },
};
// The statement of test/finance-desk.e2e-spec.ts, where the service answered 1.650.000 accepted and 1.098.900 due.
const lines = [
  { id: 'a', partner: LEAD, category: 'STAFF', kind: 'STAFF' as const, amount: 1_744_186, review: { decision: 'REDUCED' as const, acceptedAmount: 1_000_000 } },
  { id: 'b', partner: LEAD, category: 'OPERATING', kind: 'REAL' as const, amount: 150_000, review: { decision: 'REJECTED' as const, acceptedAmount: 0 } },
  { id: 'c', partner: PARTNER, category: 'EXTERNAL_SERVICES', kind: 'REAL' as const, amount: 500_000, review: null },
];

describe('projectDecision', () => {
  it('gives the figures the service answers for the same review', () => {
    const projected = projectDecision(lines, { lineId: 'c', decision: 'ACCEPTED' }, context);
    expect(projected?.totals.acceptedEligible).toBe(1_650_000);
    expect(projected?.subsidyPreview).toEqual({ gross: 1_098_900, advanceCleared: 0, capped: 0, net: 1_098_900 });
  });

  it('recomputes the flat rate on a reduced staff line and rounds down once', () => {
    const projected = projectDecision(lines, { lineId: 'a', decision: 'REDUCED', acceptedAmount: 999_999 }, context);
    // 999.999 staff, 15 % flat rate ⌊149.999,85⌋ = 149.999; nothing else accepted yet.
    expect(projected?.totals).toMatchObject({ acceptedStaff: 999_999, acceptedIndirect: 149_999, acceptedEligible: 1_149_998 });
    expect(projected?.subsidyPreview.net).toBe(Math.floor((1_149_998 * 333) / 500));
  });

  it('leaves recoverable VAT out of a reduced line in proportion, as the service does', () => {
    // € 12.100 with € 2.100 recoverable VAT, reduced to € 6.050: ⌊1.000.000 × 605.000 ÷ 1.210.000⌋ = 500.000.
    const withVat = [{ id: 'v', partner: LEAD, category: 'OPERATING', kind: 'REAL' as const, amount: 1_210_000, vatAmount: 210_000, vatRecoverable: true, vatExclusion: 'RECOVERABLE' as const, review: null }];
    const projected = projectDecision(withVat, { lineId: 'v', decision: 'REDUCED', acceptedAmount: 605_000 }, context);
    expect(projected?.totals).toMatchObject({ declaredEligible: 1_000_000, acceptedEligible: 500_000, declaredVat: 210_000, vatExcluded: 210_000 });
  });

  it('leaves a decision the service would refuse to the service', () => {
    expect(projectDecision(lines, { lineId: 'c', decision: 'REDUCED', acceptedAmount: 500_001 }, context)).toBeNull();
    expect(projectDecision(lines, { lineId: 'x', decision: 'ACCEPTED' }, context)).toBeNull();
  });
});
