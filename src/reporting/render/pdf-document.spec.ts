import { fontsAreParsed, resetFontCache, sharedLayoutCacheSize } from './fonts';
import { PdfDocumentBuilder, PdfDocumentOptions } from './pdf-document';
import { pdfSource, pdfText } from './testing/pdf-text';

const HASH = 'a'.repeat(64);

const OPTIONS: PdfDocumentOptions = {
  title: 'Testdocument',
  programme: 'EFRO Vlaanderen 2021-2027',
  call: { code: 'EFRO-TEST', title: 'Een testoproep' },
  referenceNumber: 'REF/001',
  issuedAt: '2020-06-27T08:00:00Z',
  dataHash: HASH,
};

function render(rows: number, options: Partial<PdfDocumentOptions> = {}): Promise<Buffer> {
  const doc = new PdfDocumentBuilder({ ...OPTIONS, ...options });
  doc.titleBlock([{ label: 'Begunstigde', value: 'Vlaams Instituut voor de Logistiek vzw' }]);
  doc.section('Tabel').table({
    columns: [
      { header: 'Kolom A', width: 3 },
      { header: 'Bedrag', width: 1, align: 'right' },
    ],
    rows: Array.from({ length: rows }, (_, i) => [`Regel ${i + 1}`, `€ ${i},00`]),
    totals: [['Totaal', '€ 999.000,00']],
  });
  return doc.end();
}

describe('PdfDocumentBuilder', () => {
  it('renders the same bytes for the same content, whatever the clock says', async () => {
    const first = await render(5);
    jest.useFakeTimers({ now: new Date('2031-05-05T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
    try {
      expect(new Date().getUTCFullYear()).toBe(2031);
      const second = await render(5);
      expect(second.equals(first)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('renders the same bytes with freshly parsed fonts as with fonts parsed before', async () => {
    resetFontCache();
    const cold = await render(5);
    await render(150, { title: 'Een ander document' });
    const warm = await render(5);
    expect(warm.equals(cold)).toBe(true);
    // The speed-ups that reach into pdfkit still work with this pdfkit.
    expect(fontsAreParsed()).toBe(true);
    expect(sharedLayoutCacheSize()).toBeGreaterThan(0);
  });

  it('embeds the fonts and carries the archival metadata', async () => {
    const source = pdfSource(await render(3));
    expect(source.startsWith('%PDF-1.7')).toBe(true);
    expect(source).toContain('/FontFile2');
    expect(source).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(source).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(source).toContain('/Lang (nl-BE)');
    expect(source).toContain('(efro-grants)');
    expect(source).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(source).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(source).toContain('<xmp:CreateDate>2020-06-27T08:00:00Z</xmp:CreateDate>');
    expect(source).toContain('<xmp:ModifyDate>2020-06-27T08:00:00Z</xmp:ModifyDate>');
    expect(source).toContain('/OutputIntents');
    expect(source).toContain('(D:20200627080000Z)');
  });

  it('puts the header, "pagina X van Y" and the data hash on every page, and repeats the table header', async () => {
    const pdf = await render(150);
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`pagina ${page} van ${pages}`);
    expect(text.split(`SHA-256 gegevens: ${HASH}`).length - 1).toBe(pages);
    expect(text.split('Vlaamse overheid').length - 1).toBe(pages);
    expect(text.split('Oproep EFRO-TEST: Een testoproep').length - 1).toBe(pages);
    expect(text.split('Kolom A').length - 1).toBe(pages);
    expect(text).toContain('Datum van uitgifte');
    expect(text).toContain('27 juni 2020');
    expect(text).toContain('Regel 150');
    expect(text).toContain('€ 999.000,00');
  });

  it('says "pagina 1 van 1" on a single page', async () => {
    const { text, pages } = await pdfText(await render(2));
    expect(pages).toBe(1);
    expect(text).toContain('pagina 1 van 1');
  });

  it('keeps the XMP packet well formed when a title has markup characters', async () => {
    const source = pdfSource(await render(1, { title: 'R&D <lab>' }));
    expect(source).toContain('<rdf:li xml:lang="x-default">R+D lab</rdf:li>');
  });

  it('keeps rows and blocks longer than a page inside the pages', async () => {
    const long = Array.from({ length: 900 }, (_, i) => `woord${i}`).join(' ');
    const doc = new PdfDocumentBuilder(OPTIONS);
    doc.titleBlock([{ label: 'Toelichting', value: `${long}\r\nmet\ttab` }]);
    doc.table({ columns: [{ header: 'Omschrijving', width: 1 }], rows: [[long], ['kort']] });
    const { text, pages } = await pdfText(await doc.end());
    expect(pages).toBeGreaterThan(2);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`pagina ${page} van ${pages}`);
    expect(text).toContain('woord899');
    expect(text).toContain('met tab');
    expect(text).toContain('…');
    expect(text).toContain('kort');
  });

  it('refuses a data hash that is not a SHA-256 and an issue date that does not parse', () => {
    expect(() => new PdfDocumentBuilder({ ...OPTIONS, dataHash: 'abc' })).toThrow(RangeError);
    expect(() => new PdfDocumentBuilder({ ...OPTIONS, issuedAt: 'gisteren' })).toThrow(RangeError);
  });

  it('cannot be ended twice', async () => {
    const doc = new PdfDocumentBuilder(OPTIONS);
    await doc.end();
    await expect(doc.end()).rejects.toThrow('already been ended');
  });
});
