import fc from 'fast-check';
import { addDays } from '../../../core/time/calendar-date';
import { grantEndDate, ReportingCalendarEntry, reportingPeriods } from './reporting-calendar.rule';

type Row = [number, string, string, string];
const rows = (entries: ReportingCalendarEntry[]): Row[] =>
  entries.filter((e) => !e.isFinal).map((e) => [e.number, e.startDate, e.endDate, e.dueDate]);

describe('reporting calendar', () => {
  describe('grantEndDate', () => {
    it('is start + duration − 1 day', () => {
      expect(grantEndDate('2021-03-01', 24)).toBe('2023-02-28');
      expect(grantEndDate('2021-01-01', 24)).toBe('2022-12-31');
      expect(grantEndDate('2022-03-01', 24)).toBe('2024-02-29');
      expect(grantEndDate('2021-01-31', 1)).toBe('2021-02-27');
    });

    it('refuses a zero or fractional duration', () => {
      expect(() => grantEndDate('2021-03-01', 0)).toThrow(RangeError);
      expect(() => grantEndDate('2021-03-01', 2.5)).toThrow(RangeError);
    });
  });

  it('cuts a 24-month lab into six 4-month periods and a final report (labs, March 2021)', () => {
    const calendar = reportingPeriods({ startDate: '2021-03-01', durationMonths: 24, periodMonths: 4, dueDays: 30 });
    expect(rows(calendar)).toEqual([
      [1, '2021-03-01', '2021-06-30', '2021-07-30'],
      [2, '2021-07-01', '2021-10-31', '2021-11-30'],
      [3, '2021-11-01', '2022-02-28', '2022-03-30'],
      [4, '2022-03-01', '2022-06-30', '2022-07-30'],
      [5, '2022-07-01', '2022-10-31', '2022-11-30'],
      [6, '2022-11-01', '2023-02-28', '2023-03-30'],
    ]);
    expect(calendar.every((e) => e.kind === (e.isFinal ? 'FINAL' : 'PERIOD'))).toBe(true);
    expect(calendar[6]).toEqual({
      number: 7,
      kind: 'FINAL',
      isFinal: true,
      startDate: '2021-03-01',
      endDate: '2023-02-28',
      dueDate: '2023-03-30',
    });
  });

  it('clamps period starts to the month end when the grant starts on the 31st', () => {
    const calendar = reportingPeriods({ startDate: '2021-01-31', durationMonths: 24, periodMonths: 4, dueDays: 30 });
    expect(rows(calendar)).toEqual([
      [1, '2021-01-31', '2021-05-30', '2021-06-29'],
      [2, '2021-05-31', '2021-09-29', '2021-10-29'],
      // 31 September does not exist: the period starts on the 30th, and 2022 has no 29 February.
      [3, '2021-09-30', '2022-01-30', '2022-03-01'],
      [4, '2022-01-31', '2022-05-30', '2022-06-29'],
      [5, '2022-05-31', '2022-09-29', '2022-10-29'],
      [6, '2022-09-30', '2023-01-30', '2023-03-01'],
    ]);
    expect(calendar[6]).toMatchObject({ endDate: '2023-01-30', dueDate: '2023-03-01' });
  });

  it('goes from 31 January to the last day of February with monthly periods, leap year or not', () => {
    const plain = reportingPeriods({ startDate: '2021-01-31', durationMonths: 3, periodMonths: 1, dueDays: 0 });
    expect(rows(plain).map(([, start, end]) => [start, end])).toEqual([
      ['2021-01-31', '2021-02-27'],
      ['2021-02-28', '2021-03-30'],
      ['2021-03-31', '2021-04-29'],
    ]);
    const leap = reportingPeriods({ startDate: '2024-01-31', durationMonths: 2, periodMonths: 1, dueDays: 0 });
    expect(rows(leap).map(([, start]) => start)).toEqual(['2024-01-31', '2024-02-29']);
  });

  it('handles a grant starting on a leap day', () => {
    const calendar = reportingPeriods({ startDate: '2024-02-29', durationMonths: 24, periodMonths: 4, dueDays: 30 });
    expect(rows(calendar)).toEqual([
      [1, '2024-02-29', '2024-06-28', '2024-07-28'],
      [2, '2024-06-29', '2024-10-28', '2024-11-27'],
      [3, '2024-10-29', '2025-02-27', '2025-03-29'],
      [4, '2025-02-28', '2025-06-28', '2025-07-28'],
      [5, '2025-06-29', '2025-10-28', '2025-11-27'],
      [6, '2025-10-29', '2026-02-27', '2026-03-29'],
    ]);
    expect(calendar[6]).toMatchObject({ startDate: '2024-02-29', endDate: '2026-02-27', dueDate: '2026-03-29' });
  });

  it('ends with a shorter period when the duration is not a multiple of the period', () => {
    const calendar = reportingPeriods({ startDate: '2021-03-01', durationMonths: 24, periodMonths: 5, dueDays: 30 });
    expect(rows(calendar)).toEqual([
      [1, '2021-03-01', '2021-07-31', '2021-08-30'],
      [2, '2021-08-01', '2021-12-31', '2022-01-30'],
      [3, '2022-01-01', '2022-05-31', '2022-06-30'],
      [4, '2022-06-01', '2022-10-31', '2022-11-30'],
      [5, '2022-11-01', '2023-02-28', '2023-03-30'],
    ]);
    expect(calendar).toHaveLength(6);
    expect(calendar[5]).toMatchObject({ number: 6, isFinal: true });
  });

  it('ends a period on a leap day and counts due days through a leap February', () => {
    const calendar = reportingPeriods({ startDate: '2023-11-01', durationMonths: 24, periodMonths: 4, dueDays: 30 });
    expect(rows(calendar)[0]).toEqual([1, '2023-11-01', '2024-02-29', '2024-03-30']);
    expect(rows(calendar)[3]).toEqual([4, '2024-11-01', '2025-02-28', '2025-03-30']);
    // 30 days after 31 January: 1 March in a leap year, 2 March otherwise.
    const leap = reportingPeriods({ startDate: '2023-10-01', durationMonths: 8, periodMonths: 4, dueDays: 30 });
    const plain = reportingPeriods({ startDate: '2022-10-01', durationMonths: 8, periodMonths: 4, dueDays: 30 });
    expect(rows(leap)[0]).toEqual([1, '2023-10-01', '2024-01-31', '2024-03-01']);
    expect(rows(plain)[0]).toEqual([1, '2022-10-01', '2023-01-31', '2023-03-02']);
  });

  it('carries due dates across the year end', () => {
    const calendar = reportingPeriods({ startDate: '2021-09-01', durationMonths: 8, periodMonths: 4, dueDays: 30 });
    expect(rows(calendar)[0]).toEqual([1, '2021-09-01', '2021-12-31', '2022-01-30']);
  });

  it('lets the call set the final report due days apart', () => {
    const calendar = reportingPeriods({ startDate: '2021-03-01', durationMonths: 24, periodMonths: 4, dueDays: 30, finalDueDays: 90 });
    expect(calendar[5].dueDate).toBe('2023-03-30');
    expect(calendar[6].dueDate).toBe('2023-05-29');
  });

  it('has one period when the period is longer than the grant', () => {
    const calendar = reportingPeriods({ startDate: '2021-03-01', durationMonths: 3, periodMonths: 4, dueDays: 30 });
    expect(rows(calendar)).toEqual([[1, '2021-03-01', '2021-05-31', '2021-06-30']]);
  });

  it('refuses invalid parameters', () => {
    const ok = { startDate: '2021-03-01', durationMonths: 24, periodMonths: 4, dueDays: 30 };
    expect(() => reportingPeriods({ ...ok, startDate: '2021-02-29' })).toThrow(RangeError);
    expect(() => reportingPeriods({ ...ok, periodMonths: 0 })).toThrow(RangeError);
    expect(() => reportingPeriods({ ...ok, durationMonths: -1 })).toThrow(RangeError);
    expect(() => reportingPeriods({ ...ok, dueDays: -1 })).toThrow(RangeError);
    expect(() => reportingPeriods({ ...ok, dueDays: 1.5 })).toThrow(RangeError);
  });

  it('tiles the grant period without gaps or overlaps (property)', () => {
    const startDate = fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        startDate,
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 36 }),
        fc.integer({ min: 0, max: 365 }),
        (start, durationMonths, periodMonths, dueDays) => {
          const calendar = reportingPeriods({ startDate: start, durationMonths, periodMonths, dueDays });
          const periods = calendar.filter((e) => !e.isFinal);
          const final = calendar[calendar.length - 1];
          const end = grantEndDate(start, durationMonths);
          expect(periods).toHaveLength(Math.ceil(durationMonths / periodMonths));
          expect(periods[0].startDate).toBe(start);
          expect(periods[periods.length - 1].endDate).toBe(end);
          periods.forEach((p, i) => {
            expect(p.number).toBe(i + 1);
            expect(p.startDate <= p.endDate).toBe(true);
            expect(p.dueDate).toBe(addDays(p.endDate, dueDays));
            if (i > 0) expect(p.startDate).toBe(addDays(periods[i - 1].endDate, 1));
          });
          expect(final).toMatchObject({ isFinal: true, number: periods.length + 1, startDate: start, endDate: end });
          expect(final.dueDate).toBe(addDays(end, dueDays));
        },
      ),
    );
  });
});
