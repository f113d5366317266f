import { Readable } from 'node:stream';
import { formatDateShort, formatEuroPlain } from '../../core/format/nl-be';
import { assertColumns, batchesOf, calendarDate, ExportColumn, ExportRow, ExportRows, textValue, wholeNumber } from './export-columns';

/**
 * CSV exports as Excel in Belgium opens them: UTF-8 with a byte order mark, ';' between
 * fields (the comma is the decimal mark), CRLF line ends, quoting per RFC 4180. Amounts are
 * euros with a decimal comma ('999000,00'), dates dd/mm/yyyy.
 *
 * Streaming: rows are pulled from the source only as fast as the consumer reads, a chunk
 * of about `chunkSize` characters at a time, so memory stays flat for any number of rows.
 */
export interface CsvOptions {
  /** Follow every euro column by '<header> (cent)' with the same amount in cents; default true. */
  centsColumns?: boolean;
  /** Start with a UTF-8 byte order mark (Excel needs it to read UTF-8); default true. */
  bom?: boolean;
  /** Prefix text that Excel would read as a formula (=, +, -, @) with an apostrophe; default true. */
  escapeFormulas?: boolean;
  /** Characters gathered per chunk; default 64 KiB. */
  chunkSize?: number;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const CSV_SEPARATOR = ';';
export const CSV_NEWLINE = '\r\n';

interface CsvField {
  header: string;
  format: (row: ExportRow) => string;
}

export function csvStream(columns: readonly ExportColumn[], rows: ExportRows, options: CsvOptions = {}): Readable {
  assertColumns(columns);
  const fields = csvFields(columns, options);
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const bom = options.bom ?? true;
  const formats = fields.map((f) => f.format);
  const line = (row: ExportRow): string => {
    let text = csvField(formats[0](row));
    for (let i = 1; i < formats.length; i++) text += CSV_SEPARATOR + csvField(formats[i](row));
    return text + CSV_NEWLINE;
  };
  async function* chunks(): AsyncGenerator<string> {
    let chunk = (bom ? '\uFEFF' : '') + csvLine(fields.map((f) => f.header));
    for await (const batch of batchesOf(rows)) {
      for (const row of batch) {
        chunk += line(row);
        if (chunk.length >= chunkSize) {
          yield chunk;
          chunk = '';
        }
      }
    }
    if (chunk !== '') yield chunk;
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The fields of each line: one per column, plus a cents field after each euro column. */
export function csvFields(columns: readonly ExportColumn[], options: CsvOptions = {}): CsvField[] {
  const escapeFormulas = options.escapeFormulas ?? true;
  const fields: CsvField[] = [];
  for (const column of columns) {
    const { key } = column;
    switch (column.type) {
      case 'text':
        fields.push({
          header: column.header,
          format: (row) => {
            const text = textValue(row[key]);
            return escapeFormulas && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
          },
        });
        break;
      case 'euro': {
        const amount = (row: ExportRow): number | null => wholeNumber(row[key], column);
        fields.push({ header: column.header, format: (row) => plain(amount(row), formatEuroPlain) });
        if (options.centsColumns ?? true) {
          fields.push({ header: `${column.header} (cent)`, format: (row) => plain(amount(row), String) });
        }
        break;
      }
      case 'cents':
      case 'integer':
        fields.push({ header: column.header, format: (row) => plain(wholeNumber(row[key], column), String) });
        break;
      case 'date':
        fields.push({ header: column.header, format: (row) => plain(calendarDate(row[key], column), formatDateShort) });
        break;
    }
  }
  return fields;
}

export function csvLine(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += CSV_SEPARATOR;
    line += csvField(values[i]);
  }
  return line + CSV_NEWLINE;
}

/** RFC 4180: a field with a separator, a quote or a line break goes in quotes, its quotes doubled. */
export function csvField(value: string): string {
  return QUOTE_NEEDED.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const QUOTE_NEEDED = /[";\r\n]/;

function plain<T>(value: T | null, format: (value: T) => string): string {
  return value === null ? '' : format(value);
}
