import { formatDateLong, formatDateShort, formatEuro, formatPercent } from '@shared/format/nl-be';
import { formatEnterpriseNumber as formatDigits, normaliseEnterpriseNumber } from '@shared/domain/belgian-identifiers.rule';
import { toBrussels } from '@shared/time/brussels';

/**
 * Presentation of amounts, dates and instants: the same functions as the PDF statements
 * (src/core/format/nl-be.ts), so a screen and a document never show an amount differently.
 * Amounts stay integer cents until they are shown here.
 */
export { formatDateLong, formatDateShort, formatEuro, formatPercent };

/** An instant in Brussels time: '30/09/2020 17:00'. */
export function formatInstant(iso: string | Date): string {
  const local = toBrussels(typeof iso === 'string' ? new Date(iso) : iso);
  return `${formatDateShort(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** An instant with its date written out: '30 september 2020, 17:00'. */
export function formatInstantLong(iso: string | Date): string {
  const local = toBrussels(typeof iso === 'string' ? new Date(iso) : iso);
  return `${formatDateLong(local.slice(0, 10))}, ${local.slice(11, 16)}`;
}

/** Whole days and hours from `now` until `until`, for "nog 3 dagen"; negative once passed. */
export function timeLeft(until: string | Date, now: Date = new Date()): { days: number; hours: number; passed: boolean } {
  const ms = new Date(until).getTime() - now.getTime();
  const passed = ms <= 0;
  const abs = Math.abs(ms);
  return { days: Math.floor(abs / 86_400_000), hours: Math.floor((abs % 86_400_000) / 3_600_000), passed };
}

/** Euro text typed by a person ('1.500.000', '1500000,50', '€ 12,5') → cents, or null if it is not an amount. */
export function parseEuro(text: string): number | null {
  const cleaned = text.replace(/[€\s]/g, '');
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split(',');
  const cents = Number(whole.replace(/\./g, '')) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents as the text an amount field shows for editing: 150000000 → '1500000,00'. */
export function centsToInput(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** '0566988259' → '0566.988.259'; what is not a valid number is shown as given. */
export function formatEnterpriseNumber(input: string): string {
  const checked = normaliseEnterpriseNumber(input);
  return checked.ok ? formatDigits(checked.value) : input;
}

/** A score: 3.5 → '3,5' (nl-BE) or '3.5' (en). */
export function formatScoreValue(value: number, language: string): string {
  const text = String(Math.round(value * 100) / 100);
  return language.startsWith('nl') ? text.replace('.', ',') : text;
}
