import { formatEnterpriseNumber, normaliseEnterpriseNumber } from '../../core/domain/belgian-identifiers.rule';
import { PROVINCE_NAMES } from '../../core/domain/provinces';
import { canonicalJson, sha256Hex } from '../../core/crypto/canonical-json';
import { formatDateLong } from '../../core/format/nl-be';
import { brusselsDate, toBrussels } from '../../core/time/brussels';

/**
 * Presentation helpers the document renderers share, on top of core/format/nl-be. Pure
 * functions of their input: documents must come out byte for byte the same for the same data.
 */

/** The content hash a document carries in its footer and the audit log keeps: SHA-256 of the canonical JSON of its data. */
export function documentDataHash(data: unknown): string {
  return sha256Hex(canonicalJson(data));
}

/** An ISO instant or calendar date as an instant, refusing what does not parse. */
export function parseInstant(iso: string, what: string): Date {
  const date = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) {
    throw new RangeError(`${what} must be an ISO date or instant, got ${String(iso)}`);
  }
  return date;
}

/** The calendar date in Brussels of an instant ('2020-06-27' stays 27 June): '27 juni 2020'. */
export function formatBrusselsDateLong(iso: string, what = 'date'): string {
  return isCalendarDate(iso) ? formatDateLong(iso) : formatDateLong(brusselsDate(parseInstant(iso, what)));
}

/** '2020-09-30T14:59:58Z' → '30 september 2020 om 16:59:58' (Brussels time). */
export function formatInstantLong(iso: string, what = 'instant'): string {
  const local = toBrussels(parseInstant(iso, what));
  return `${formatDateLong(local.slice(0, 10))} om ${local.slice(11, 19)}`;
}

export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** '0566988259', 'BE 0566.988.259' → '0566.988.259'; anything that is not a valid number is shown as given. */
export function displayEnterpriseNumber(input: string): string {
  const result = normaliseEnterpriseNumber(input);
  return result.ok ? formatEnterpriseNumber(result.value) : input;
}

/** 'BE21' → 'Antwerpen'; a province already given by name is shown as given. */
export function displayProvince(province: string): string {
  return (PROVINCE_NAMES as Record<string, string | undefined>)[province] ?? province;
}

/** Scores in hundredths of a point with a decimal comma: 350 → '3,5', 7250 → '72,5', 300 → '3'. */
export function formatScore(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths)) throw new RangeError(`a score must be whole hundredths, got ${hundredths}`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const fraction = abs % 100;
  const whole = (abs - fraction) / 100;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole},${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}
