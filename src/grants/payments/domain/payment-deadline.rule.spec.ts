import { paymentDeadline, paymentDueDate } from './payment-deadline.rule';

describe('payment deadline (CPR art. 74)', () => {
  it('falls 80 days after the complete claim, across the year end', () => {
    expect(paymentDueDate('2021-12-15', 80)).toBe('2022-03-05');
    expect(paymentDueDate('2023-12-15', 80)).toBe('2024-03-04'); // 2024 is a leap year
    expect(paymentDueDate('2021-12-15', 60)).toBe('2022-02-13');
  });

  it('counts the days left and flags an unpaid claim after the due date', () => {
    const claim = { completeClaimDate: '2021-12-15', deadlineDays: 80 };
    expect(paymentDeadline(claim, '2021-12-15')).toEqual({ dueDate: '2022-03-05', daysLeft: 80, overdue: false, paidLate: false });
    expect(paymentDeadline(claim, '2022-03-05')).toMatchObject({ daysLeft: 0, overdue: false });
    expect(paymentDeadline(claim, '2022-03-06')).toMatchObject({ daysLeft: -1, overdue: true });
  });

  it('is no longer overdue once paid, but remembers a late payment', () => {
    expect(paymentDeadline({ completeClaimDate: '2021-12-15', deadlineDays: 80, paidOn: '2022-03-05' }, '2022-04-01')).toMatchObject({
      overdue: false,
      paidLate: false,
    });
    expect(paymentDeadline({ completeClaimDate: '2021-12-15', deadlineDays: 80, paidOn: '2022-03-07' }, '2022-04-01')).toMatchObject({
      overdue: false,
      paidLate: true,
    });
  });

  it('refuses invalid input', () => {
    expect(() => paymentDueDate('2021-12-32', 80)).toThrow(RangeError);
    expect(() => paymentDueDate('2021-12-15', -1)).toThrow(RangeError);
    expect(() => paymentDeadline({ completeClaimDate: '2021-12-15', deadlineDays: 80, paidOn: 'yesterday' }, '2022-01-01')).toThrow(RangeError);
  });
});
