/**
 * IBAN (ISO 13616-1:2020): country code, two check digits and the country's BBAN, whose length
 * the SWIFT IBAN registry fixes per country. Valid when the digits of BBAN + country + check
 * (letters as 10..35) leave 1 mod 97 (ISO 7064 MOD 97-10). A Belgian IBAN must also pass the
 * national check of its 12-digit account number (domain brief, "Belgian identifiers"): the last
 * two digits are the first ten mod 97, or 97 when that is 0.
 */
export type IbanCheck =
  | { ok: true; value: string }
  | { ok: false; code: IbanProblem; reason: string };

export type IbanProblem = 'IBAN_FORMAT' | 'IBAN_COUNTRY' | 'IBAN_LENGTH' | 'IBAN_CHECKSUM' | 'IBAN_NATIONAL_CHECK';

/** Total IBAN length per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};

/** Spaces and lower case as people type them → the electronic format (`BE68539007547034`). */
export function compactIban(input: string): string {
  return input.replace(/[\s\u00a0]/g, '').toUpperCase();
}

export function normaliseIban(input: string): IbanCheck {
  const iban = compactIban(input);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) {
    return { ok: false, code: 'IBAN_FORMAT', reason: 'an IBAN is a country code, two check digits and letters or digits' };
  }
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return { ok: false, code: 'IBAN_COUNTRY', reason: `${country} does not use IBANs` };
  if (iban.length !== length) return { ok: false, code: 'IBAN_LENGTH', reason: `an IBAN of ${country} has ${length} characters, not ${iban.length}` };
  if (ibanRemainder(iban) !== 1) return { ok: false, code: 'IBAN_CHECKSUM', reason: 'fails the IBAN check (ISO 13616 mod 97)' };
  if (country === 'BE') {
    if (!/^\d{12}$/.test(iban.slice(4))) return { ok: false, code: 'IBAN_FORMAT', reason: 'a Belgian account number has 12 digits' };
    if (!belgianAccountCheck(iban.slice(4))) return { ok: false, code: 'IBAN_NATIONAL_CHECK', reason: 'fails the Belgian account number check (mod 97)' };
  }
  return { ok: true, value: iban };
}

export function isIban(input: string): boolean {
  return normaliseIban(input).ok;
}

/** ISO 7064 MOD 97-10 over BBAN + country + check digits, letters A=10 … Z=35, digit by digit. */
export function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : Number(ch);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** A Belgian account number (12 digits): the last two are the first ten mod 97, 97 for 0. */
export function belgianAccountCheck(bban: string): boolean {
  const expected = Number(bban.slice(0, 10)) % 97 || 97;
  return expected === Number(bban.slice(10));
}

/** The paper format, in groups of four: `BE68 5390 0754 7034`. */
export function formatIban(iban: string): string {
  return compactIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}
