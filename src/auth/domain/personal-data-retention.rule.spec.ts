import { mayPseudonymise, personalDataRetainedUntil, RetentionFacts } from './personal-data-retention.rule';

const closed: RetentionFacts = { active: false, deactivatedOn: '2022-02-01', lastPaymentOn: '2023-03-15', openGrants: 0 };

describe('retention of personal data (CPR art. 82)', () => {
  it('keeps it until 31 December of the fifth year after the last payment', () => {
    expect(personalDataRetainedUntil(closed)).toBe('2028-12-31');
    expect(mayPseudonymise(closed, '2028-12-31')).toBe(false);
    expect(mayPseudonymise(closed, '2029-01-01')).toBe(true);
  });

  it('counts from the deactivation when that is later, or when nothing was paid', () => {
    expect(personalDataRetainedUntil({ ...closed, deactivatedOn: '2024-06-30' })).toBe('2029-12-31');
    expect(personalDataRetainedUntil({ ...closed, lastPaymentOn: null })).toBe('2027-12-31');
  });

  it('a payment on 31 December belongs to that year', () => {
    expect(personalDataRetainedUntil({ ...closed, deactivatedOn: '2020-01-01', lastPaymentOn: '2023-12-31' })).toBe('2028-12-31');
  });

  it('never while the account is active, never deactivated, or a grant of its organisation runs', () => {
    expect(personalDataRetainedUntil({ ...closed, active: true })).toBeNull();
    expect(personalDataRetainedUntil({ ...closed, deactivatedOn: null })).toBeNull();
    expect(personalDataRetainedUntil({ ...closed, openGrants: 1 })).toBeNull();
    expect(mayPseudonymise({ ...closed, openGrants: 1 }, '2099-01-01')).toBe(false);
  });
});
