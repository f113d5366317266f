import { addVat, operationAllowsVat, splitVat } from './vat.rule';

describe('VAT eligibility (CPR art. 64(1)(c))', () => {
  const threshold = 500_000_000; // € 5.000.000

  it('allows VAT only for an operation strictly below € 5.000.000 including VAT', () => {
    expect(operationAllowsVat(499_999_999, threshold)).toBe(true);
    expect(operationAllowsVat(500_000_000, threshold)).toBe(false);
    expect(operationAllowsVat(500_000_001, threshold)).toBe(false);
  });

  it('counts non-recoverable VAT of a small operation', () => {
    // An invoice of € 12.100 with € 2.100 VAT (21 % of € 10.000), not recoverable.
    expect(splitVat(210_000, false, true)).toEqual({ declared: 210_000, eligible: 210_000, excluded: 0, reason: null });
  });

  it('leaves recoverable VAT out whatever the operation, named as recoverable', () => {
    expect(splitVat(210_000, true, true)).toEqual({ declared: 210_000, eligible: 0, excluded: 210_000, reason: 'RECOVERABLE' });
    expect(splitVat(210_000, true, false)).toEqual({ declared: 210_000, eligible: 0, excluded: 210_000, reason: 'RECOVERABLE' });
  });

  it('leaves all VAT out of an operation at or above the threshold', () => {
    expect(splitVat(105_000, false, false)).toEqual({ declared: 105_000, eligible: 0, excluded: 105_000, reason: 'OPERATION_ABOVE_THRESHOLD' });
  });

  it('has nothing to split without VAT', () => {
    expect(splitVat(0, true, false)).toEqual({ declared: 0, eligible: 0, excluded: 0, reason: null });
  });

  it('refuses negative or fractional cents', () => {
    expect(() => splitVat(-1, false, true)).toThrow(RangeError);
    expect(() => splitVat(1.5, false, true)).toThrow(RangeError);
  });

  it('adds lines up: € 2.100 eligible + € 2.100 recoverable + € 630 eligible', () => {
    const lines = [splitVat(210_000, false, true), splitVat(210_000, true, true), splitVat(63_000, false, true)];
    expect(addVat(lines)).toEqual({ declared: 483_000, eligible: 273_000, excluded: 210_000 });
  });
});
