import fc from 'fast-check';
import { addDays, addMonths, compareDates, daysBetween, daysInMonth, isIsoDate, isLeapYear, yearOf } from './calendar-date';

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2021-04-31')).toBe(false);
    expect(isIsoDate('2021-13-01')).toBe(false);
    expect(isIsoDate('2021-1-01')).toBe(false);
    expect(isIsoDate('2021-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(20210101)).toBe(false);
  });

  it('knows month lengths and leap years', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2021, 4)).toBe(30);
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2100)).toBe(false);
  });

  describe('addMonths', () => {
    it('clamps the day to the end of the target month', () => {
      expect(addMonths('2021-01-31', 1)).toBe('2021-02-28');
      expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
      expect(addMonths('2021-01-31', 2)).toBe('2021-03-31');
      expect(addMonths('2021-03-31', 1)).toBe('2021-04-30');
      expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
      expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    });

    it('crosses year ends both ways', () => {
      expect(addMonths('2021-11-15', 3)).toBe('2022-02-15');
      expect(addMonths('2022-02-15', -3)).toBe('2021-11-15');
      expect(addMonths('2021-03-01', 24)).toBe('2023-03-01');
    });

    it('refuses fractional months and invalid dates', () => {
      expect(() => addMonths('2021-01-01', 1.5)).toThrow(RangeError);
      expect(() => addMonths('2021-02-30', 1)).toThrow(RangeError);
    });

    it('never moves the day later and keeps it when the month has it (property)', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: -600, max: 600 }), (date, months) => {
          const result = addMonths(date, months);
          const day = Number(date.slice(8));
          const resultDay = Number(result.slice(8));
          const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
          return monthIndex(result) - monthIndex(date) === months && (resultDay === day || (resultDay < day && resultDay >= 28));
        }),
      );
    });
  });

  describe('addDays and daysBetween', () => {
    it('crosses month, year and leap-day boundaries', () => {
      expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
      expect(addDays('2022-01-01', -1)).toBe('2021-12-31');
      expect(addDays('2021-12-15', 80)).toBe('2022-03-05');
      expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
      expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
      // Brussels changes to summer time on this date; calendar days are not affected.
      expect(daysBetween('2021-03-27', '2021-03-29')).toBe(2);
    });

    it('are inverse to each other (property)', () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: -20_000, max: 20_000 }), (date, days) => {
          const later = addDays(date, days);
          return daysBetween(date, later) === days && compareDates(later, date) === Math.sign(days);
        }),
      );
    });

    it('order like the strings do (property)', () => {
      fc.assert(fc.property(isoDate, isoDate, (a, b) => compareDates(a, b) === (a < b ? -1 : a > b ? 1 : 0)));
    });
  });

  it('reads the year', () => {
    expect(yearOf('2023-03-15')).toBe(2023);
  });
});
