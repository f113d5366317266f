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

// Belgian IBANs: see iban.rule.ts (ISO 13616 for every country, the national check for BE).
