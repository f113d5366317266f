import { Cents } from '../../core/money/money';
import { brusselsDate } from '../../core/time/brussels';
import { isCalendarDate } from './format';

/**
 * The columns of a CSV or XLSX export. `euro` and `cents` columns both take whole cents;
 * `euro` shows them as euros, `cents` as the integer. `date` takes an ISO date, an ISO
 * instant or a Date; instants are shown as their calendar date in Brussels.
 */
export type ExportColumnType = 'text' | 'euro' | 'cents' | 'integer' | 'date';

export interface ExportColumn {
  /** Dutch header, as the caller words it. */
  header: string;
  /** The row property this column shows. */
  key: string;
  type: ExportColumnType;
  /** Add the column up in the totals row (XLSX); numeric columns only. */
  total?: boolean;
  /** XLSX column width in characters; a default per type otherwise. */
  width?: number;
}

export type ExportValue = string | number | bigint | Date | null | undefined;
export type ExportRow = Readonly<Record<string, ExportValue>>;
/** Rows already grouped, as a database cursor hands them out: one await per batch, not per row. */
export class RowBatches {
  constructor(readonly source: AsyncIterable<readonly ExportRow[]>) {}
}

export type ExportRows = Iterable<ExportRow> | AsyncIterable<ExportRow> | RowBatches;

/** Any row source as batches, so writers loop synchronously within a batch. */
export async function* batchesOf(rows: ExportRows): AsyncGenerator<readonly ExportRow[]> {
  if (rows instanceof RowBatches) {
    yield* rows.source;
  } else if (Symbol.iterator in rows) {
    yield Array.isArray(rows) ? (rows as ExportRow[]) : [...(rows as Iterable<ExportRow>)];
  } else {
    for await (const row of rows) yield [row];
  }
}

export function assertColumns(columns: readonly ExportColumn[]): void {
  if (columns.length === 0) throw new RangeError('an export needs at least one column');
  for (const c of columns) {
    if (c.total && !isNumericType(c.type)) throw new RangeError(`column ${c.key}: only numeric columns can be totalled`);
  }
}

export function isNumericType(type: ExportColumnType): boolean {
  return type === 'euro' || type === 'cents' || type === 'integer';
}

/** A whole number (cents or a count) from a number, a bigint or a numeric string (pg bigint). */
export function wholeNumber(value: ExportValue, column: ExportColumn): Cents | null {
  if (value === null || value === undefined || value === '') return null;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) n = Number(value);
  else throw new RangeError(`column ${column.key}: expected a whole number, got ${String(value)}`);
  if (!Number.isSafeInteger(n)) throw new RangeError(`column ${column.key}: ${String(value)} is not a whole number in the exact range`);
  return n;
}

/** The calendar date (YYYY-MM-DD) a date value stands for. */
export function calendarDate(value: ExportValue, column: ExportColumn): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new RangeError(`column ${column.key}: expected a date, got ${String(value)}`);
  return brusselsDate(date);
}

export function textValue(value: ExportValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
