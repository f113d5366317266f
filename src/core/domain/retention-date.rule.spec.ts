import fc from 'fast-check';
import { lastPaymentDate, mayDelete, recordsRetentionDate } from './retention-date.rule';

describe('records retention date (CPR art. 82)', () => {
  it('is 31 December of the fifth year after the last payment', () => {
    expect(recordsRetentionDate('2023-03-15')).toBe('2028-12-31');
    expect(recordsRetentionDate('2023-01-01')).toBe('2028-12-31');
    expect(recordsRetentionDate('2023-12-31')).toBe('2028-12-31');
    expect(recordsRetentionDate('2024-02-29')).toBe('2029-12-31');
  });

  it('does not exist before the first payment', () => {
    expect(recordsRetentionDate(null)).toBeNull();
  });

  it('refuses a malformed date', () => {
    expect(() => recordsRetentionDate('15/03/2023')).toThrow(RangeError);
  });

  it('takes the latest payment date', () => {
    expect(lastPaymentDate(['2022-06-30', '2023-03-15', '2021-12-31'])).toBe('2023-03-15');
    expect(lastPaymentDate([])).toBeNull();
  });

  describe('mayDelete', () => {
    it('keeps records up to and including the retention date', () => {
      expect(mayDelete('2028-12-31', '2028-12-30')).toBe(false);
      expect(mayDelete('2028-12-31', '2028-12-31')).toBe(false);
      expect(mayDelete('2028-12-31', '2029-01-01')).toBe(true);
    });

    it('never deletes when there is no retention date yet', () => {
      expect(mayDelete(null, '2099-01-01')).toBe(false);
    });

    it('never allows deletion within five full years after the payment (property)', () => {
      const date = fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
      fc.assert(
        fc.property(date, date, (paidOn, today) => {
          const allowed = mayDelete(recordsRetentionDate(paidOn), today);
          return allowed === Number(today.slice(0, 4)) > Number(paidOn.slice(0, 4)) + 5;
        }),
      );
    });
  });
});
