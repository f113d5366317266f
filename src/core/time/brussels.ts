/** Europe/Brussels is only for the edges: listings and documents. Instants stay UTC inside. */
export const BRUSSELS = 'Europe/Brussels';

const OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
};
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...OPTIONS, timeZone });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Intl's formatToParts is slow; the same few instants (call deadlines) recur in every listing. */
const memo = new Map<string, string>();

/** 2020-09-30T15:00:00Z → 2020-09-30T17:00:00+02:00 */
export function toBrussels(instant: Date, timeZone = BRUSSELS): string {
  const key = `${timeZone}|${instant.getTime()}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const text = format(instant, timeZone);
  if (memo.size >= 10_000) memo.clear();
  memo.set(key, text);
  return text;
}

function format(instant: Date, timeZone: string): string {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName.replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in Brussels. */
export function brusselsDate(instant: Date, timeZone = BRUSSELS): string {
  return toBrussels(instant, timeZone).slice(0, 10);
}
