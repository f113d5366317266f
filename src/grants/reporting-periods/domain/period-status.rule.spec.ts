import { periodStatus } from './period-status.rule';

describe('reporting period status', () => {
  const period = { startDate: '2021-11-01', endDate: '2022-02-28', dueDate: '2022-03-30' };

  it('follows the calendar while nothing is submitted', () => {
    expect(periodStatus(period, null, '2021-10-31')).toBe('UPCOMING');
    expect(periodStatus(period, null, '2021-11-01')).toBe('OPEN');
    expect(periodStatus(period, 'DRAFT', '2022-02-28')).toBe('OPEN');
    expect(periodStatus(period, 'DRAFT', '2022-03-01')).toBe('DUE');
    expect(periodStatus(period, null, '2022-03-30')).toBe('DUE');
    expect(periodStatus(period, null, '2022-03-31')).toBe('OVERDUE');
  });

  it('follows the statement once it is handed in', () => {
    expect(periodStatus(period, 'SUBMITTED', '2022-04-30')).toBe('SUBMITTED');
    expect(periodStatus(period, 'IN_REVIEW', '2022-04-30')).toBe('SUBMITTED');
    expect(periodStatus(period, 'RETURNED', '2022-04-30')).toBe('RETURNED');
    expect(periodStatus(period, 'APPROVED', '2021-12-01')).toBe('APPROVED');
  });

  it('refuses a malformed date', () => {
    expect(() => periodStatus(period, null, '2022-3-1')).toThrow(RangeError);
  });
});
