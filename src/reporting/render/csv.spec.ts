import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvField, csvStream } from './csv';
import { ExportColumn, ExportRow } from './export-columns';

const COLUMNS: readonly ExportColumn[] = [
  { header: 'Project', key: 'project', type: 'text' },
  { header: 'Bedrag', key: 'amount', type: 'euro', total: true },
  { header: 'Lijnen', key: 'lines', type: 'integer' },
  { header: 'Datum', key: 'date', type: 'date' },
];

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('csvStream', () => {
  it('writes UTF-8 with a BOM, ; between fields, CRLF, Dutch amounts both as euros and cents, dates dd/mm/yyyy', async () => {
    const rows: ExportRow[] = [
      { project: 'DigiHub Vlaams-Brabant', amount: 99_900_000, lines: 12, date: '2020-06-27' },
      // 22:30 UTC on 30 September is 1 October in Brussels.
      { project: 'Lab Limburg', amount: -5, lines: '3', date: '2020-09-30T22:30:00Z' },
      { project: null, amount: null, lines: null, date: null },
    ];
    const csv = await text(csvStream(COLUMNS, rows));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Project;Bedrag;Bedrag (cent);Lijnen;Datum',
      'DigiHub Vlaams-Brabant;999000,00;99900000;12;27/06/2020',
      'Lab Limburg;-0,05;-5;3;01/10/2020',
      ';;;;',
      '',
    ]);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('quotes per RFC 4180 and defuses formulas', async () => {
    const csv = await text(
      csvStream(
        [{ header: 'Naam; "officieel"', key: 'name', type: 'text' }],
        [{ name: 'Sirris; "collectief"' }, { name: 'regel 1\nregel 2' }, { name: '=SUM(A1:A9)' }, { name: 'gewoon' }],
        { bom: false },
      ),
    );
    // A line break inside a field stays as it was, inside the quotes.
    expect(csv.split('\r\n')).toEqual(['"Naam; ""officieel"""', '"Sirris; ""collectief"""', '"regel 1\nregel 2"', "'=SUM(A1:A9)", 'gewoon', '']);
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('ab')).toBe('ab');
  });

  it('can leave out the cents columns', async () => {
    const csv = await text(csvStream(COLUMNS, [], { centsColumns: false, bom: false }));
    expect(csv).toBe('Project;Bedrag;Lijnen;Datum\r\n');
  });

  it('refuses amounts that are not whole cents', async () => {
    await expect(text(csvStream(COLUMNS, [{ amount: 1.5 }]))).rejects.toThrow('whole number');
  });

  it('streams many rows from an async source as the consumer reads them', async () => {
    const total = 200_000;
    let produced = 0;
    async function* rows(): AsyncGenerator<ExportRow> {
      for (let i = 0; i < total; i++) {
        produced++;
        yield { project: `Project ${i}`, amount: i * 100 + 1, lines: i, date: '2021-03-01' };
      }
    }
    const stream = csvStream(COLUMNS, rows(), { chunkSize: 16 * 1024 });
    // Back-pressure: a consumer that has not read yet has pulled only a few chunks' worth of rows.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeLessThan(10_000);

    let lines = 0;
    let bytes = 0;
    let last = '';
    let maxAhead = 0;
    await pipeline(
      stream,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          const s = chunk.toString('utf8');
          bytes += chunk.length;
          lines += s.split('\r\n').length - 1;
          last = s;
          // Rows pulled from the source but not yet written out: bounded, whatever the total.
          maxAhead = Math.max(maxAhead, produced - lines);
          setImmediate(done); // a slow consumer
        },
      }),
    );
    expect(produced).toBe(total);
    expect(lines).toBe(total + 1);
    expect(last.endsWith(`Project ${total - 1};${Math.floor(((total - 1) * 100 + 1) / 100)},01;${(total - 1) * 100 + 1};${total - 1};01/03/2021\r\n`)).toBe(true);
    expect(bytes).toBeGreaterThan(10_000_000);
    expect(maxAhead).toBeLessThan(5_000);
  });
});
