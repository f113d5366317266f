import { preselectionList } from './preselection.rule';

// Amounts are cents, figures by hand.
describe('preselectionList', () => {
  const entries = [
    { applicationId: 'c', rank: 3, outcome: 'AWARD' as const, amount: 150_000_000 },
    { applicationId: 'a', rank: 1, outcome: 'AWARD' as const, amount: 300_000_000 },
    { applicationId: 'b', rank: 2, outcome: 'RESERVE' as const, amount: 0 },
    { applicationId: 'd', rank: 4, outcome: 'REJECT' as const, amount: 0 },
  ];

  it('puts forward the awarded entries in ranking order, numbered from 1, with matching 1:1', () => {
    expect(preselectionList(entries, { code: 'VLAANDEREN', name: 'Vlaamse matching', minRatio: { numerator: 1, denominator: 1 } })).toEqual([
      { applicationId: 'a', rank: 1, contribution: 300_000_000, matching: 300_000_000 },
      { applicationId: 'c', rank: 2, contribution: 150_000_000, matching: 150_000_000 },
    ]);
  });

  it('rounds the matching down (2/3 of € 1.500.000,01 is € 1.000.000,00) and is 0 without a matching rule', () => {
    const odd = [{ applicationId: 'a', rank: 1, outcome: 'AWARD' as const, amount: 150_000_001 }];
    expect(preselectionList(odd, { code: 'M', name: 'M', minRatio: { numerator: 2, denominator: 3 } })[0].matching).toBe(100_000_000);
    expect(preselectionList(odd, null)[0].matching).toBe(0);
  });
});
