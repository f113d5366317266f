import { Cents } from '../money/money';
import { toBrussels } from '../time/brussels';

/**
 * Dutch (nl-BE) presentation of amounts and dates (domain brief, section 3). Exact on whole
 * cents: this splits euros from cents and never rounds.
 */
export function formatEuro(cents: Cents): string {
  const value = BigInt(cents);
  const abs = value < 0n ? -value : value;
  const euros = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `€ ${value < 0n ? '-' : ''}${euros},${rest}`;
}

/** Cents as euro with two decimals and a decimal comma, no symbol: 99900000 → 999000,00 */
export function formatEuroPlain(cents: Cents): string {
  // Exact for whole cents in the safe range: the remainder is exact, and so is the division
  // of a multiple of 100. (Exports call this millions of times; BigInt was a third slower.)
  const abs = Math.abs(cents);
  const rest = abs % 100;
  return `${cents < 0 ? '-' : ''}${(abs - rest) / 100},${rest < 10 ? '0' : ''}${rest}`;
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** '2020-06-27' → '27 juni 2020' */
export function formatDateLong(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** '2020-06-27' → '27/06/2020' */
export function formatDateShort(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** A rate as a Dutch percentage with up to two decimals, rounded down: 333/500 → '66,6 %' */
export function formatPercent(numerator: number, denominator: number): string {
  const hundredths = (BigInt(numerator) * 10_000n) / BigInt(denominator);
  const whole = hundredths / 100n;
  const rest = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return `${whole}${rest ? `,${rest}` : ''} %`;
}

/** An instant as Brussels local date and time to the minute, for messages: '14 oktober 2020 om 17:00'. */
export function formatInstantLong(instant: Date): string {
  const local = toBrussels(instant);
  return `${formatDateLong(local)} om ${local.slice(11, 16)}`;
}
