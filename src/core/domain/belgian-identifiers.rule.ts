/**
 * Belgian identifiers (domain brief, "Belgian identifiers").
 * Enterprise number (KBO/BCE): 10 digits, first digit 0 or 1, last two digits equal
 * 97 − (first eight mod 97). Old nine-digit numbers get a leading 0.
 */
export type IdentifierCheck = { ok: true; value: string } | { ok: false; reason: string };

export function normaliseEnterpriseNumber(input: string): IdentifierCheck {
  const compact = input.replace(/^\s*BE/i, '').replace(/[\s.\-]/g, '');
  if (!/^\d+$/.test(compact)) return { ok: false, reason: 'may contain only digits, dots, spaces and a BE prefix' };
  const digits = compact.length === 9 ? `0${compact}` : compact;
  if (digits.length !== 10) return { ok: false, reason: 'must have 10 digits' };
  if (digits[0] !== '0' && digits[0] !== '1') return { ok: false, reason: 'must start with 0 or 1' };
  const body = Number(digits.slice(0, 8));
  const check = Number(digits.slice(8));
  if (97 - (body % 97) !== check) return { ok: false, reason: 'fails the mod-97 check' };
  return { ok: true, value: digits };
}

export function isEnterpriseNumber(input: string): boolean {
  return normaliseEnterpriseNumber(input).ok;
}

/** 0566988259 → 0566.988.259 */
export function formatEnterpriseNumber(digits: string): string {
  return `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}

/** VAT number = "BE" + enterprise number. */
export function normaliseVatNumber(input: string): IdentifierCheck {
  if (!/^\s*BE/i.test(input)) return { ok: false, reason: 'must start with BE' };
  const result = normaliseEnterpriseNumber(input);
  return result.ok ? { ok: true, value: `BE${result.value}` } : result;
}

/**
 * Belgian IBAN: BE + 2 check digits + 12 digits; ISO 13616 mod 97 = 1, and the last two
 * digits are the first ten mod 97 (97 when that is 0).
 */
export function normaliseBelgianIban(input: string): IdentifierCheck {
  const iban = input.replace(/\s/g, '').toUpperCase();
  if (!/^BE\d{14}$/.test(iban)) return { ok: false, reason: 'must be BE followed by 14 digits' };
  const bban = iban.slice(4);
  const national = Number(bban.slice(0, 10)) % 97 || 97;
  if (national !== Number(bban.slice(10))) return { ok: false, reason: 'fails the Belgian account check' };
  // Move country and check digits to the end, letters to numbers (B=11, E=14).
  const rearranged = `${bban}1114${iban.slice(2, 4)}`;
  let remainder = 0;
  for (const ch of rearranged) remainder = (remainder * 10 + Number(ch)) % 97;
  if (remainder !== 1) return { ok: false, reason: 'fails the IBAN mod-97 check' };
  return { ok: true, value: iban };
}
