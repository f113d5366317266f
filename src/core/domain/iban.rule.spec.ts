import fc from 'fast-check';
import { belgianAccountCheck, compactIban, formatIban, ibanRemainder, IBAN_LENGTHS, normaliseIban } from './iban.rule';

/*
 * The figures, by hand (ISO 7064 MOD 97-10, piece-wise: nine digits at a time, the remainder
 * carried in front of the next piece).
 *
 * BE68 5390 0754 7034: BBAN 539007547034, then B=11 E=14 and the check digits 68:
 *   539007547 = 97 × 5556778 + 81
 *   81 0341114 → 810341114 = 97 × 8354032 + 10
 *   10 68 → 1068 = 97 × 11 + 1                         → remainder 1: valid
 * Belgian national check: 5390075470 = 97 × 55567788 + 34 → last two digits 34: valid.
 *
 * BE68 5390 0754 7035 (last digit changed):
 *   539007547 → 81; 810351114 = 97 × 8354135 + 19; 1968 = 97 × 20 + 28 → remainder 28: invalid.
 *
 * BE41 5390 0754 7035 (the same account with check digits recomputed for it):
 *   … 19; 1941 = 97 × 20 + 1 → the IBAN check passes, but 5390075470 mod 97 = 34 ≠ 35:
 *   only the Belgian national check catches it.
 *
 * BE54 0970 0000 0097: 0970000000 = 97 × 10000000 + 0 → the national check digits are 97.
 *   097000000 = 97 × 1000000 + 0; 009711145 → 9711145 = 97 × 100114 + 87; 874 = 97 × 9 + 1.
 */
describe('IBAN (ISO 13616)', () => {
  it('accepts the domain brief example, with spaces and lower case, in the electronic format', () => {
    expect(normaliseIban('BE68 5390 0754 7034')).toEqual({ ok: true, value: 'BE68539007547034' });
    expect(normaliseIban(' be68 5390 0754 7034 ')).toEqual({ ok: true, value: 'BE68539007547034' });
    expect(normaliseIban('be68539007547034')).toEqual({ ok: true, value: 'BE68539007547034' });
  });

  it('computes the remainders worked out above', () => {
    expect(ibanRemainder('BE68539007547034')).toBe(1);
    expect(ibanRemainder('BE68539007547035')).toBe(28);
    expect(ibanRemainder('BE41539007547035')).toBe(1);
    expect(ibanRemainder('BE54097000000097')).toBe(1);
  });

  it('refuses BE68 5390 0754 7035 on the IBAN check', () => {
    expect(normaliseIban('BE68 5390 0754 7035')).toMatchObject({ ok: false, code: 'IBAN_CHECKSUM' });
  });

  it('refuses a Belgian IBAN whose ISO check passes but whose account number check fails', () => {
    expect(normaliseIban('BE41 5390 0754 7035')).toMatchObject({ ok: false, code: 'IBAN_NATIONAL_CHECK' });
  });

  it('takes 97 as the national check digits when the first ten digits are a multiple of 97', () => {
    expect(belgianAccountCheck('097000000097')).toBe(true);
    expect(belgianAccountCheck('097000000000')).toBe(false);
    expect(normaliseIban('BE54 0970 0000 0097')).toEqual({ ok: true, value: 'BE54097000000097' });
  });

  it('checks other countries with the generic rule and their length', () => {
    // The registry's own examples.
    expect(normaliseIban('NL91 ABNA 0417 1643 00')).toEqual({ ok: true, value: 'NL91ABNA0417164300' });
    expect(normaliseIban('DE89 3704 0044 0532 0130 00')).toMatchObject({ ok: true });
    expect(normaliseIban('GB82 WEST 1234 5698 7654 32')).toMatchObject({ ok: true });
    expect(normaliseIban('FR14 2004 1010 0505 0001 3M02 606')).toMatchObject({ ok: true });
    expect(normaliseIban('NL91 ABNA 0417 1643 0')).toMatchObject({ ok: false, code: 'IBAN_LENGTH' });
    expect(normaliseIban('NL92 ABNA 0417 1643 00')).toMatchObject({ ok: false, code: 'IBAN_CHECKSUM' });
  });

  it('refuses what is no IBAN at all', () => {
    expect(normaliseIban('')).toMatchObject({ ok: false, code: 'IBAN_FORMAT' });
    expect(normaliseIban('5390 0754 7034')).toMatchObject({ ok: false, code: 'IBAN_FORMAT' });
    expect(normaliseIban('BE68-5390-0754-7034')).toMatchObject({ ok: false, code: 'IBAN_FORMAT' });
    expect(normaliseIban('XX68 5390 0754 7034')).toMatchObject({ ok: false, code: 'IBAN_COUNTRY' });
    expect(normaliseIban('BE68 5390 0754 703')).toMatchObject({ ok: false, code: 'IBAN_LENGTH' });
  });

  it('formats in groups of four', () => {
    expect(formatIban('BE68539007547034')).toBe('BE68 5390 0754 7034');
    expect(formatIban('NL91ABNA0417164300')).toBe('NL91 ABNA 0417 1643 00');
    expect(compactIban('be68 5390\u00a00754 7034')).toBe('BE68539007547034');
  });

  it('accepts every Belgian account number with its check digits, and catches every single changed digit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999_999n }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (first, position, delta) => {
        const ten = first.toString().padStart(10, '0');
        const bban = ten + String(Number(first % 97n) || 97).padStart(2, '0');
        const check = String(98n - (BigInt(`${bban}111400`) % 97n)).padStart(2, '0');
        expect(normaliseIban(`BE${check}${bban}`)).toEqual({ ok: true, value: `BE${check}${bban}` });
        const changed = bban.slice(0, position) + String((Number(bban[position]) + delta) % 10) + bban.slice(position + 1);
        expect(normaliseIban(`BE${check}${changed}`).ok).toBe(false);
      }),
    );
  });

  it('knows the length of every country it accepts', () => {
    expect(IBAN_LENGTHS.BE).toBe(16);
    for (const length of Object.values(IBAN_LENGTHS)) expect(length).toBeGreaterThanOrEqual(15);
  });
});
