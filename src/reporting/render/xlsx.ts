import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { assertColumns, batchesOf, calendarDate, ExportColumn, ExportRow, ExportRows, textValue, wholeNumber } from './export-columns';

/**
 * XLSX exports written as a stream: the worksheet XML is generated row by row straight into a
 * streaming zip (yazl), so memory stays flat however many rows there are. exceljs's
 * "streaming" writer zips with JSZip, which holds the whole sheet until the end (about
 * 600 MB for a million cost lines, measured), hence this small writer of the few parts an
 * XLSX needs. Numbers are numbers (euros with a € format, cents and counts as integers),
 * dates are real dates, the header row is bold and frozen, and a totals row of SUM formulas
 * carries its exact value (added up in cents) for viewers that do not recalculate.
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

/** Cell style ids in styles.xml below. */
const STYLE = { plain: 0, bold: 1, euro: 2, integer: 3, date: 4, boldEuro: 5, boldInteger: 6 } as const;
const COLUMN_STYLE: Readonly<Record<ExportColumn['type'], number>> = {
  text: STYLE.plain,
  euro: STYLE.euro,
  cents: STYLE.integer,
  integer: STYLE.integer,
  date: STYLE.date,
};

/** Rows per chunk of sheet XML handed to the zip. */
const ROWS_PER_CHUNK = 256;
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DAY_MS = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Streams the workbook to `output` (ending it) and resolves when it is written. */
export async function writeXlsx(columns: readonly ExportColumn[], rows: ExportRows, output: Writable, options: XlsxOptions = {}): Promise<void> {
  assertColumns(columns);
  const zip = new ZipFile();
  const done = pipeline(zip.outputStream, output);
  const sheetName = (options.sheetName ?? 'Export').slice(0, 31);
  const created = (options.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const add = (name: string, xml: string) => zip.addBuffer(Buffer.from(XML_HEAD + xml, 'utf8'), name);

  add(
    '[Content_Types].xml',
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
      `</Types>`,
  );
  add(
    '_rels/.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
      `</Relationships>`,
  );
  add(
    'docProps/core.xml',
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
      `xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<dc:creator>${escapeXml(options.creator ?? 'efro-grants')}</dc:creator>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
      `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>` +
      `</cp:coreProperties>`,
  );
  add(
    'xl/workbook.xml',
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews>` +
      `<sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  add(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
      `</Relationships>`,
  );
  add('xl/styles.xml', stylesXml());
  const sheet = Readable.from(sheetXml(columns, rows, options));
  // yazl does not pass a source's error on: fail the zip, and with it the pipeline, ourselves.
  sheet.once('error', (error) => (zip.outputStream as Readable).destroy(error));
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml');
  zip.end();
  await done;
}

/** The workbook as a readable stream; an error while writing destroys the stream with it. */
export function xlsxStream(columns: readonly ExportColumn[], rows: ExportRows, options: XlsxOptions = {}): Readable {
  assertColumns(columns);
  const output = new PassThrough();
  writeXlsx(columns, rows, output, options).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

async function* sheetXml(columns: readonly ExportColumn[], rows: ExportRows, options: XlsxOptions): AsyncGenerator<string> {
  const letters = columns.map((_, i) => columnLetter(i + 1));
  const cols = columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? Math.max(DEFAULT_WIDTH[c.type], c.header.length + 2)}" style="${COLUMN_STYLE[c.type]}" customWidth="1"/>`)
    .join('');
  let chunk =
    XML_HEAD +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetViews><sheetView workbookViewId="0">` +
    `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>` +
    `</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>` +
    `<row r="1">${columns.map((c, i) => textCell(`${letters[i]}1`, c.header, STYLE.bold)).join('')}</row>`;

  const totals = columns.map(() => 0n);
  let r = 1;
  let pending = 0;
  for await (const batch of batchesOf(rows)) {
    for (const row of batch) {
      r++;
      chunk += rowXml(columns, letters, row, r, totals);
      if (++pending === ROWS_PER_CHUNK) {
        yield chunk;
        chunk = '';
        pending = 0;
      }
    }
  }
  if (columns.some((c) => c.total)) {
    const labelAt = columns.findIndex((c) => !c.total);
    const totalRow = r + 1;
    chunk += `<row r="${totalRow}">`;
    columns.forEach((c, i) => {
      const ref = `${letters[i]}${totalRow}`;
      if (c.total) {
        const value = c.type === 'euro' ? centsAsEuroText(totals[i]) : totals[i].toString();
        const style = c.type === 'euro' ? STYLE.boldEuro : STYLE.boldInteger;
        chunk += r === 1 ? `<c r="${ref}" s="${style}"><v>${value}</v></c>` : `<c r="${ref}" s="${style}"><f>SUM(${letters[i]}2:${letters[i]}${r})</f><v>${value}</v></c>`;
      } else if (i === labelAt) {
        chunk += textCell(ref, options.totalsLabel ?? 'Totaal', STYLE.bold);
      }
    });
    chunk += '</row>';
  }
  yield `${chunk}</sheetData></worksheet>`;
}

function rowXml(columns: readonly ExportColumn[], letters: readonly string[], row: ExportRow, r: number, totals: bigint[]): string {
  let xml = `<row r="${r}">`;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    const value = row[c.key];
    const ref = `${letters[i]}${r}`;
    switch (c.type) {
      case 'text':
        if (value !== null && value !== undefined && value !== '') xml += textCell(ref, textValue(value), STYLE.plain);
        break;
      case 'euro':
      case 'cents':
      case 'integer': {
        const whole = wholeNumber(value, c);
        if (whole === null) break;
        if (c.total) totals[i] += BigInt(whole);
        xml += `<c r="${ref}" s="${COLUMN_STYLE[c.type]}"><v>${c.type === 'euro' ? centsAsEuroText(BigInt(whole)) : whole}</v></c>`;
        break;
      }
      case 'date': {
        const date = calendarDate(value, c);
        if (date !== null) xml += `<c r="${ref}" s="${STYLE.date}"><v>${excelSerial(date)}</v></c>`;
        break;
      }
    }
  }
  return `${xml}</row>`;
}

function textCell(ref: string, text: string, style: number): string {
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

/** Whole cents as an exact decimal euro literal: 99900000 → 999000.00 (no float on the way). */
function centsAsEuroText(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A calendar date as the spreadsheet's day number (1900 date system). */
function excelSerial(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return (Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / DAY_MS;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes markup and drops characters XML 1.0 cannot hold. */
function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]);
}

function stylesXml(): string {
  const xf = (numFmtId: number, fontId: number) =>
    `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}/>`;
  return (
    `<styleSheet xmlns="${MAIN_NS}">` +
    `<numFmts count="2"><numFmt numFmtId="164" formatCode="${escapeXml(EURO_FORMAT)}"/><numFmt numFmtId="165" formatCode="${DATE_FORMAT}"/></numFmts>` +
    `<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    // Order matters: the ids are STYLE above.
    `<cellXfs count="7">${xf(0, 0)}${xf(0, 1)}${xf(164, 0)}${xf(1, 0)}${xf(165, 0)}${xf(164, 1)}${xf(1, 1)}</cellXfs>` +
    `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
    `</styleSheet>`
  );
}

/** 1 → A, 27 → AA */
export function columnLetter(n: number): string {
  let letters = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) letters = String.fromCharCode(65 + ((i - 1) % 26)) + letters;
  return letters;
}
