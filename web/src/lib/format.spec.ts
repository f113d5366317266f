import { centsToInput, formatEnterpriseNumber, formatEuro, formatInstant, formatInstantLong, parseEuro, timeLeft } from './format';

describe('web formatting (the same rules as the PDF statements)', () => {
  it('shows cents as Dutch euro amounts', () => {
    expect(formatEuro(99_900_000)).toBe('€ 999.000,00');
    expect(formatEuro(5)).toBe('€ 0,05');
    expect(formatEuro(-123_456)).toBe('€ -1.234,56');
  });

  it('shows instants in Brussels time, summer and winter', () => {
    expect(formatInstant('2020-09-30T15:00:00Z')).toBe('30/09/2020 17:00');
    expect(formatInstant('2020-12-31T23:30:00Z')).toBe('01/01/2021 00:30');
    expect(formatInstantLong('2020-06-27T08:00:00Z')).toBe('27 juni 2020, 10:00');
  });

  it('reads euro text as typed by people', () => {
    expect(parseEuro('1.500.000')).toBe(150_000_000);
    expect(parseEuro('1500000,5')).toBe(150_000_050);
    expect(parseEuro('€ 12,34')).toBe(1234);
    expect(parseEuro('12.34')).toBeNull();
    expect(parseEuro('1,234')).toBeNull();
    expect(parseEuro('abc')).toBeNull();
    expect(parseEuro('')).toBeNull();
  });

  it('round-trips cents through the edit text', () => {
    for (const cents of [0, 1, 99, 100, 150_000_000, 99_900_012]) expect(parseEuro(centsToInput(cents))).toBe(cents);
  });

  it('writes enterprise numbers in the KBO form', () => {
    expect(formatEnterpriseNumber('0566988259')).toBe('0566.988.259');
    expect(formatEnterpriseNumber('BE 0566.988.259')).toBe('0566.988.259');
    expect(formatEnterpriseNumber('12345')).toBe('12345');
  });

  it('counts the time left until a deadline', () => {
    const now = new Date('2020-09-27T12:00:00Z');
    expect(timeLeft('2020-09-30T15:00:00Z', now)).toEqual({ days: 3, hours: 3, passed: false });
    expect(timeLeft('2020-09-27T11:00:00Z', now).passed).toBe(true);
  });
});
