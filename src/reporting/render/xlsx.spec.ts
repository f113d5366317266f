import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ExportColumn, ExportRow } from './export-columns';
import { columnLetter, EURO_FORMAT, writeXlsx, xlsxStream } from './xlsx';

const COLUMNS: readonly ExportColumn[] = [
  { header: 'Project', key: 'project', type: 'text' },
  { header: 'Subsidie', key: 'grant', type: 'euro', total: true },
  { header: 'Subsidie (cent)', key: 'grant', type: 'cents', total: true },
  { header: 'Lijnen', key: 'lines', type: 'integer', total: true },
  { header: 'Beslist op', key: 'decided', type: 'date' },
];

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function load(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  return sheet;
}

function sampleRows(count: number): ExportRow[] {
  return Array.from({ length: count }, (_, i) => ({
    project: `Lab ${i + 1}`,
    grant: 99_900_000 - i * 1_234_567 - (i % 7),
    lines: i * 3,
    decided: i % 2 ? '2020-12-14' : new Date('2020-12-14T23:30:00Z'),
  }));
}

describe('xlsx', () => {
  it('writes numbers as numbers, dates as dates, a bold frozen header and a totals row that adds up', async () => {
    const rows = sampleRows(25);
    const sheet = await load(await bytes(xlsxStream(COLUMNS, rows, { sheetName: 'Subsidies' })));
    expect(sheet.name).toBe('Subsidies');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([undefined, 'Project', 'Subsidie', 'Subsidie (cent)', 'Lijnen', 'Beslist op']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(30);

    const first = sheet.getRow(2);
    expect(first.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(2).value).toBe(999_000);
    expect(first.getCell(2).numFmt).toBe(EURO_FORMAT);
    expect(first.getCell(3).value).toBe(99_900_000);
    expect(first.getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    // 23:30 UTC on 14 December is 15 December in Brussels.
    expect(first.getCell(5).value).toEqual(new Date('2020-12-15T00:00:00Z'));
    expect(sheet.getRow(3).getCell(5).value).toEqual(new Date('2020-12-14T00:00:00Z'));

    const totals = sheet.getRow(rows.length + 2);
    expect(totals.getCell(1).value).toBe('Totaal');
    expect(totals.getCell(1).font?.bold).toBe(true);
    const cents = rows.reduce((a, r) => a + Number(r.grant), 0);
    expect(totals.getCell(2).type).toBe(ExcelJS.ValueType.Formula);
    expect(totals.getCell(2).value).toEqual({ formula: `SUM(B2:B${rows.length + 1})`, result: cents / 100 });
    expect(totals.getCell(3).value).toEqual({ formula: `SUM(C2:C${rows.length + 1})`, result: cents });
    expect(totals.getCell(4).value).toEqual({ formula: `SUM(D2:D${rows.length + 1})`, result: rows.reduce((a, r) => a + Number(r.lines), 0) });
    // The totals row equals the sum of the cells above it.
    let sum = 0;
    for (let r = 2; r <= rows.length + 1; r++) sum += Number(sheet.getRow(r).getCell(3).value);
    expect(sum).toBe(cents);
  });

  it('streams many rows from an async source into a writable', async () => {
    const count = 20_000;
    async function* rows(): AsyncGenerator<ExportRow> {
      for (let i = 0; i < count; i++) yield { project: `Project ${i}`, grant: i, lines: 1, decided: '2021-01-01' };
    }
    const out = new PassThrough();
    const [, buffer] = await Promise.all([writeXlsx(COLUMNS, rows(), out), bytes(out)]);
    const sheet = await load(buffer);
    expect(sheet.rowCount).toBe(count + 2);
    expect(sheet.getRow(count + 2).getCell(4).value).toEqual({ formula: `SUM(D2:D${count + 1})`, result: count });
    expect(sheet.getRow(count + 2).getCell(3).value).toEqual({ formula: `SUM(C2:C${count + 1})`, result: (count * (count - 1)) / 2 });
  });

  it('writes a totals row of zeros without rows', async () => {
    const sheet = await load(await bytes(xlsxStream(COLUMNS, [])));
    expect(sheet.getRow(2).getCell(1).value).toBe('Totaal');
    expect(sheet.getRow(2).getCell(2).value).toBe(0);
  });

  it('fails the stream on a bad value and refuses totals on text columns', async () => {
    await expect(bytes(xlsxStream(COLUMNS, [{ grant: 'veel' }]))).rejects.toThrow('whole number');
    expect(() => xlsxStream([{ header: 'Naam', key: 'name', type: 'text', total: true }], [])).toThrow('only numeric columns');
  });

  it('names columns as spreadsheets do', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
