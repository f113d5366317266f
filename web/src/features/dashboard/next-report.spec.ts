import { nextReportDue } from './next-report';

describe('the next report due on the dashboard', () => {
  const period = (number: number, status: 'UPCOMING' | 'OPEN' | 'DUE' | 'OVERDUE' | 'SUBMITTED' | 'RETURNED' | 'APPROVED') => ({ number, status });

  it('is the first period whose report is not in yet', () => {
    expect(nextReportDue([period(1, 'APPROVED'), period(2, 'SUBMITTED'), period(3, 'DUE'), period(4, 'UPCOMING')])).toEqual(period(3, 'DUE'));
  });

  it('is a returned report before a later open period', () => {
    expect(nextReportDue([period(1, 'RETURNED'), period(2, 'OPEN')])).toEqual(period(1, 'RETURNED'));
  });

  it('is none when every report is in, or the calendar is not loaded', () => {
    expect(nextReportDue([period(1, 'APPROVED'), period(2, 'SUBMITTED')])).toBeNull();
    expect(nextReportDue(undefined)).toBeNull();
  });
});
