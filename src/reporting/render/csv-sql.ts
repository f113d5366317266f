import { pipeline, Readable, Transform, TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { csvFields, csvLine, CSV_SEPARATOR, CsvOptions } from './csv';
import { assertColumns, ExportColumn } from './export-columns';

/**
 * CSV exports written by PostgreSQL's COPY, byte for byte what `csvStream` writes for the same
 * rows (checked against it on a real server in test/reporting.e2e-spec.ts).
 *
 * Why: a million-row export spent most of its time turning driver values into Dutch text, field
 * by field, on the event loop. COPY formats and quotes in C, in parallel workers where the plan
 * allows, and streams without a round trip per batch; the service only adds the byte order
 * mark, the header line and CRLF line ends.
 *
 * Division of the work: the select list below turns each value into its Dutch text (amounts,
 * dates, defused formulas); COPY's CSV mode adds the separator and RFC 4180 quoting, which are
 * the rules `csvField` follows (quote a field holding ';', '"', CR or LF; double its quotes).
 * COPY quotes an empty string, so empty text is sent as NULL, which it writes as nothing.
 */
export interface SqlExportColumn extends ExportColumn {
  /** The SQL expression of the value: text, a whole number of cents or units, or a `date`. */
  sql: string;
}

/** COPY's options for CSV as csv.ts writes it (bar the line ends, which `csvFromCopy` fixes). */
const COPY_CSV = `(FORMAT csv, DELIMITER '${CSV_SEPARATOR}', QUOTE '"', ESCAPE '"')`;

/** `COPY (select) TO STDOUT` in CSV; `select` must not hold bind parameters (COPY takes none). */
export function copyCsvSql(select: string): string {
  return `COPY (${select}) TO STDOUT WITH ${COPY_CSV}`;
}

/** The select list of the CSV fields: one per column, plus a cents field after each euro column. */
export function csvSelectList(columns: readonly SqlExportColumn[], options: CsvOptions = {}): string {
  assertColumns(columns);
  const escapeFormulas = options.escapeFormulas ?? true;
  const fields: string[] = [];
  for (const column of columns) {
    const value = `(${column.sql})`;
    switch (column.type) {
      case 'text':
        fields.push(textField(`${value}::text`, escapeFormulas));
        break;
      case 'euro':
        fields.push(euroField(`${value}::bigint`));
        if (options.centsColumns ?? true) fields.push(`${value}::bigint`);
        break;
      case 'cents':
      case 'integer':
        fields.push(`${value}::bigint`);
        break;
      case 'date':
        fields.push(`to_char(${value}::date, 'DD/MM/YYYY')`);
        break;
    }
  }
  return fields.join(', ');
}

/** Text as `csvFields` shows it: formulas (=, +, -, @, tab, CR first) defused with an apostrophe. */
function textField(text: string, escapeFormulas: boolean): string {
  // ascii() is the first character's code point: one call, where left() would copy a string.
  return escapeFormulas ? `CASE WHEN ascii(${text}) IN (61, 43, 45, 64, 9, 13) THEN '''' || ${text} ELSE NULLIF(${text}, '') END` : `NULLIF(${text}, '')`;
}

/** `formatEuroPlain`: whole euros, a decimal comma and two cent digits; integer arithmetic only. */
function euroField(cents: string): string {
  const digits = (c: string) => `(${c} / 100)::text || ',' || lpad((${c} % 100)::text, 2, '0')`;
  return `CASE WHEN ${cents} < 0 THEN '-' || ${digits(`(-${cents})`)} ELSE ${digits(cents)} END`;
}

/**
 * The CSV file from COPY's output: the byte order mark and header line as `csvStream` writes
 * them, then COPY's lines with CRLF ends. A line feed inside a quoted field is data and stays.
 * Destroying the result destroys `copy`, which aborts the COPY.
 */
export function csvFromCopy(columns: readonly ExportColumn[], copy: Readable, options: CsvOptions = {}, done?: (error: Error | null) => void): Readable {
  const header = (options.bom ?? true ? '\uFEFF' : '') + csvLine(csvFields(columns, options).map((f) => f.header));
  return pipeline(copy, new CrlfLineEnds(header), (error) => done?.(error ?? null));
}

/**
 * LF → CRLF outside quoted fields, the quoting state carried from chunk to chunk.
 *
 * It hands out strings, not buffers (an object-mode readable side): the socket writes a string
 * from memory it frees as soon as the write completes, while a buffer per chunk is memory V8
 * only reclaims at its next collection, and a fast export outran that by tens of megabytes.
 */
export class CrlfLineEnds extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private quoted = false;
  private prefix: string | null;

  constructor(prefix = '') {
    super({ readableObjectMode: true });
    this.prefix = prefix;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const text = this.decoder.write(chunk);
    const out = this.convert(text);
    callback(null, out === '' ? undefined : out);
  }

  override _flush(callback: TransformCallback): void {
    const out = this.convert(this.decoder.end());
    callback(null, out === '' ? undefined : out);
  }

  private convert(text: string): string {
    let out = this.prefix ?? '';
    this.prefix = null;
    let start = 0;
    let i = 0;
    let quote = text.indexOf('"');
    for (;;) {
      if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
      if (this.quoted) {
        // A doubled quote closes and reopens: the state stays right without looking ahead.
        if (quote === -1) break;
        this.quoted = false;
        i = quote + 1;
        continue;
      }
      const newline = text.indexOf('\n', i);
      if (quote !== -1 && (newline === -1 || quote < newline)) {
        this.quoted = true;
        i = quote + 1;
        continue;
      }
      if (newline === -1) break;
      out += text.slice(start, newline) + '\r\n';
      start = i = newline + 1;
    }
    return start === 0 ? out + text : out + text.slice(start);
  }
}
