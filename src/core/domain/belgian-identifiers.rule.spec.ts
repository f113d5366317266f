import fc from 'fast-check';
import {
  formatEnterpriseNumber,
  normaliseEnterpriseNumber,
  normaliseVatNumber,
} from './belgian-identifiers.rule';

describe('enterprise number', () => {
  it.each(['0566.988.259', '0566988259', 'BE 0566 988 259', 'be0566.988.259', '566988259'])(
    'accepts and normalises %s',
    (input) => {
      expect(normaliseEnterpriseNumber(input)).toEqual({ ok: true, value: '0566988259' });
    },
  );

  it('refuses a wrong check digit', () => {
    expect(normaliseEnterpriseNumber('0566.988.258')).toEqual({ ok: false, reason: 'fails the mod-97 check' });
  });

  it('refuses a number that starts with 2..9', () => {
    expect(normaliseEnterpriseNumber('2566988259')).toMatchObject({ ok: false, reason: 'must start with 0 or 1' });
  });

  it('refuses wrong lengths and letters', () => {
    expect(normaliseEnterpriseNumber('05669882')).toMatchObject({ ok: false });
    expect(normaliseEnterpriseNumber('0566A88259')).toMatchObject({ ok: false });
  });

  it('accepts every number built by the rule (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19_999_999 }), (body) => {
        const eight = String(body).padStart(8, '0');
        const digits = `${eight}${String(97 - (body % 97)).padStart(2, '0')}`;
        return normaliseEnterpriseNumber(digits).ok;
      }),
    );
  });

  it('formats with dots', () => {
    expect(formatEnterpriseNumber('0566988259')).toBe('0566.988.259');
  });

  it('checks VAT numbers as BE + enterprise number', () => {
    expect(normaliseVatNumber('BE 0566.988.259')).toEqual({ ok: true, value: 'BE0566988259' });
    expect(normaliseVatNumber('0566.988.259')).toMatchObject({ ok: false });
  });
});
