import { once } from 'node:events';
import { PassThrough, Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { assertColumns, calendarDate, ExportColumn, ExportRows, ExportValue, textValue, wholeNumber } from './export-columns';

/**
 * XLSX exports with exceljs's streaming writer: rows are written and committed one by one,
 * numbers as numbers (euros with a € format, cents and counts as integers), dates as real
 * dates, the header row bold and frozen, and a totals row of SUM formulas that also carry
 * their exact value (added up in cents), so viewers that do not recalculate show it too.
 */
export interface XlsxOptions {
  sheetName?: string;
  /** Label of the totals row, in the first column that is not totalled; default 'Totaal'. */
  totalsLabel?: string;
  creator?: string;
  /** Workbook creation date in the document properties; default now. */
  created?: Date;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EURO_FORMAT = '#,##0.00 "€"';
export const DATE_FORMAT = 'dd/mm/yyyy';

const DEFAULT_WIDTH: Readonly<Record<ExportColumn['type'], number>> = { text: 30, euro: 16, cents: 14, integer: 10, date: 12 };
const NUMBER_FORMAT: Readonly<Record<ExportColumn['type'], string | undefined>> = {
  text: undefined,
  euro: EURO_FORMAT,
  cents: '0',
  integer: '0',
  date: DATE_FORMAT,
};
/** Rows between checks for back-pressure from the output. */
const YIELD_EVERY = 500;

/** Streams the workbook to `output` (ending it) and resolves when it is written. */
export async function writeXlsx(columns: readonly ExportColumn[], rows: ExportRows, output: Writable, options: XlsxOptions = {}): Promise<void> {
  assertColumns(columns);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = options.creator ?? 'efro-grants';
  workbook.created = options.created ?? new Date();
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Export', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  sheet.columns = columns.map((c) => {
    const numFmt = NUMBER_FORMAT[c.type];
    return {
      key: c.key,
      width: c.width ?? Math.max(DEFAULT_WIDTH[c.type], c.header.length + 2),
      style: numFmt ? { numFmt } : {},
    };
  });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();

  const totals = columns.map(() => 0n);
  let count = 0;
  for await (const row of rows) {
    const values = columns.map((c, i): ExcelJS.CellValue => {
      if (!c.total) return cellValue(c, row[c.key]);
      const whole = wholeNumber(row[c.key], c);
      if (whole === null) return null;
      totals[i] += BigInt(whole);
      return c.type === 'euro' ? whole / 100 : whole;
    });
    sheet.addRow(values).commit();
    count++;
    if (count % YIELD_EVERY === 0) await backPressure(output);
  }

  if (columns.some((c) => c.total)) {
    const lastRow = count + 1;
    const labelAt = columns.findIndex((c) => !c.total);
    const cells = columns.map((c, i): ExcelJS.CellValue => {
      if (c.total) {
        const result = c.type === 'euro' ? Number(totals[i]) / 100 : Number(totals[i]);
        if (count === 0) return result;
        const letter = columnLetter(i + 1);
        return { formula: `SUM(${letter}2:${letter}${lastRow})`, result };
      }
      return i === labelAt ? (options.totalsLabel ?? 'Totaal') : null;
    });
    const totalsRow = sheet.addRow(cells);
    totalsRow.font = { bold: true };
    totalsRow.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** The workbook as a readable stream; an error while writing destroys the stream with it. */
export function xlsxStream(columns: readonly ExportColumn[], rows: ExportRows, options: XlsxOptions = {}): Readable {
  assertColumns(columns);
  const output = new PassThrough();
  writeXlsx(columns, rows, output, options).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

function cellValue(column: ExportColumn, value: ExportValue): ExcelJS.CellValue {
  switch (column.type) {
    case 'text':
      return value === null || value === undefined ? null : textValue(value);
    case 'euro': {
      const cents = wholeNumber(value, column);
      return cents === null ? null : cents / 100;
    }
    case 'cents':
    case 'integer':
      return wholeNumber(value, column);
    case 'date': {
      const date = calendarDate(value, column);
      if (date === null) return null;
      // Midnight UTC: exceljs turns a Date into a spreadsheet serial in UTC, so this is the whole day.
      return new Date(`${date}T00:00:00Z`);
    }
  }
}

/** Waits while the output is full, and lets the zip stream catch up with a synchronous row source. */
async function backPressure(output: Writable): Promise<void> {
  if (output.writableNeedDrain) await once(output, 'drain');
  else await new Promise<void>((resolve) => setImmediate(resolve));
}

/** 1 → A, 27 → AA */
export function columnLetter(n: number): string {
  let letters = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) letters = String.fromCharCode(65 + ((i - 1) % 26)) + letters;
  return letters;
}
