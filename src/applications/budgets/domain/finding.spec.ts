import { formatEuro, hasErrors } from './finding';

describe('formatEuro', () => {
  it.each([
    [99_900_000, '€ 999.000,00'],
    [123_456_789, '€ 1.234.567,89'],
    [5, '€ 0,05'],
    [0, '€ 0,00'],
    [10_000_000_000, '€ 100.000.000,00'],
    [-150, '€ -1,50'],
  ])('formats %i cents as %s', (cents, text) => {
    expect(formatEuro(cents)).toBe(text);
  });
});

describe('hasErrors', () => {
  it('ignores warnings', () => {
    expect(hasErrors([{ code: 'X', message: 'x', severity: 'warning' }])).toBe(false);
    expect(hasErrors([{ code: 'X', message: 'x', severity: 'error' }])).toBe(true);
  });
});
