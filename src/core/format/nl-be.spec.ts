import { formatDateLong, formatDateShort, formatEuro, formatEuroPlain, formatPercent } from './nl-be';

describe('nl-BE formatting', () => {
  it('formats euro amounts with thousands dots and decimal comma', () => {
    expect(formatEuro(99_900_000)).toBe('€ 999.000,00');
    expect(formatEuro(500_000_000)).toBe('€ 5.000.000,00');
    expect(formatEuro(5)).toBe('€ 0,05');
    expect(formatEuro(-123_456)).toBe('€ -1.234,56');
    expect(formatEuro(10_000_000_000_01)).toBe('€ 10.000.000.000,01');
  });
  it('formats plain euro numbers for exports', () => {
    expect(formatEuroPlain(99_900_000)).toBe('999000,00');
    expect(formatEuroPlain(-5)).toBe('-0,05');
  });
  it('formats dates', () => {
    expect(formatDateLong('2020-06-27')).toBe('27 juni 2020');
    expect(formatDateShort('2020-06-27')).toBe('27/06/2020');
  });
  it('formats rates as percentages rounded down', () => {
    expect(formatPercent(999_000, 1_500_000)).toBe('66,6 %');
    expect(formatPercent(2, 5)).toBe('40 %');
    expect(formatPercent(15, 100)).toBe('15 %');
    expect(formatPercent(1, 3)).toBe('33,33 %');
  });
});
