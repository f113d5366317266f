/**
 * Calendar dates as 'YYYY-MM-DD' strings. Grant periods, due dates and retention dates are
 * days, not instants, so they are computed on the UTC calendar with no time zone involved;
 * callers turn "now" into a date once, at the edge (core/time/brussels.ts `brusselsDate`).
 * ISO strings of this form also sort and compare correctly as plain strings.
 */
export type IsoDate = string;

interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function assertIsoDate(value: string, what = 'date'): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got '${value}'`);
  return value;
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Adds whole months, clamping the day to the end of the target month:
 * 2021-01-31 + 1 → 2021-02-28, 2024-02-29 + 12 → 2025-02-28. Always count from the original
 * date (start + k months), never chain, or 31 March would drift to 28 March.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assertWhole(months, 'months');
  const { year, month, day } = parse(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return format({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  assertWhole(days, 'days');
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const diff = daysBetween(b, a);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

export function yearOf(date: IsoDate): number {
  return parse(date).year;
}

function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parse(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromEpochDay(epochDay: number): IsoDate {
  const d = new Date(epochDay * MS_PER_DAY);
  return format({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

function parse(date: IsoDate): DateParts {
  assertIsoDate(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function format({ year, month, day }: DateParts): IsoDate {
  const result = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // Arithmetic may not leave the range that parse accepts, or results could not be read back.
  return assertIsoDate(result, 'resulting date');
}

function assertWhole(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number, got ${value}`);
}
