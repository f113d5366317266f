import PDFDocument from 'pdfkit';
import { FONT_NAMES, FontWeight, registerFonts, shareLayoutCache, startDocumentLayout } from './fonts';
import { formatBrusselsDateLong, parseInstant } from './format';

/**
 * A small document builder over pdfkit for the statements the service issues: A4, a header
 * and a footer on every page, titled sections, key/value blocks, paragraphs and tables that
 * break over pages with their header repeated.
 *
 * Every line is laid out here and drawn with `lineBreak: false` at an explicit position, so
 * pdfkit never breaks a page on its own and the builder always knows where it is. Headers and
 * footers are drawn last over the buffered pages, when the page count is known.
 *
 * Deterministic: the same options and content give the same bytes. The creation date comes
 * from the issue date, the trailer /ID is pdfkit's hash of the info dictionary (so of that
 * date), and the font subset tags derive from the font ids (F1, F2), not from chance.
 */

export type Align = 'left' | 'right' | 'center';

export interface PdfDocumentOptions {
  /** The document's title: first-page heading and PDF metadata title. */
  title: string;
  /** e.g. 'EFRO Vlaanderen 2021-2027' */
  programme: string;
  call: { code: string; title: string };
  referenceNumber: string;
  /** ISO instant or date; shown as the date of issue in Brussels and used as the PDF's creation date. */
  issuedAt: string;
  /** sha256Hex(canonicalJson(data)) of the data the document shows, computed by the caller. */
  dataHash: string;
  layout?: 'portrait' | 'landscape';
  subject?: string;
}

export interface KeyValue {
  label: string;
  value: string;
  bold?: boolean;
}

export interface TableColumn {
  header: string;
  /** Relative width: the columns share the text width in proportion. */
  width: number;
  align?: Align;
  /** Wrap long text over several lines (default for left-aligned columns); otherwise a text too wide gets a smaller font, never cut. */
  wrap?: boolean;
}

/** body: a normal line; group: a heading over the lines below it; subtotal and total: bold sums. */
export type TableRowStyle = 'body' | 'group' | 'subtotal' | 'total';

export interface TableRow {
  /** One per column; with `span`, the first cell covers the first `span` columns and the cells it covers are ignored. */
  cells: readonly string[];
  style?: TableRowStyle;
  span?: number;
}

export interface TableSpec {
  columns: readonly TableColumn[];
  rows: Iterable<TableRow | readonly string[]>;
  /** Drawn after the rows, bold on a shaded band, kept together on one page. */
  totals?: readonly (TableRow | readonly string[])[];
  fontSize?: number;
  /** Shown as one row when there are no rows. */
  empty?: string;
}

const PAGE = {
  portrait: { marginX: 50 },
  landscape: { marginX: 40 },
  top: 100,
  bottom: 66,
} as const;

const COLOR = {
  text: '#1d1d1b',
  muted: '#555555',
  rule: '#c5cbd3',
  strongRule: '#1d1d1b',
  headerFill: '#e6ebf1',
  groupFill: '#f4f6f8',
  totalFill: '#eceff3',
  brand: '#ffe615',
} as const;

const SIZE = { body: 9.5, table: 8, heading: 16, section: 11.5, header: 8, footer: 7 } as const;
const LINE = 1.22;
const CELL_PAD_X = 3;
const CELL_PAD_Y = 2.5;

type Fill = (typeof COLOR)[keyof typeof COLOR];

/** Text widths by font, size and text, shared by the documents a thread renders (the fonts are too). */
const WIDTHS = new Map<string, number>();
const MAX_REMEMBERED_WIDTHS = 50_000;

export class PdfDocumentBuilder {
  private readonly doc: PDFKit.PDFDocument;
  private readonly pdf: Promise<Buffer>;
  private readonly left: number;
  private readonly right: number;
  private readonly top = PAGE.top;
  private readonly bottom: number;
  private y = PAGE.top;
  private weight: FontWeight | null = null;
  private size = 0;
  private fill: string | null = null;
  private readonly rowRules: number[] = [];
  private readonly sharedLayout = new Set<FontWeight>();
  private ended = false;

  constructor(private readonly options: PdfDocumentOptions) {
    const issued = parseInstant(options.issuedAt, 'issuedAt');
    if (!/^[0-9a-f]{64}$/.test(options.dataHash)) throw new RangeError('dataHash must be a SHA-256 in lower-case hex');
    const layout = options.layout ?? 'portrait';
    this.doc = new PDFDocument({
      size: 'A4',
      layout,
      margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE[layout].marginX, right: PAGE[layout].marginX },
      bufferPages: true,
      autoFirstPage: true,
      pdfVersion: '1.7',
      subset: 'PDF/A-2b',
      lang: 'nl-BE',
      displayTitle: true,
      info: {
        Title: xmpSafe(options.title),
        Author: 'efro-grants',
        Creator: 'efro-grants',
        Subject: xmpSafe(options.subject ?? `${options.title} ${options.referenceNumber}`),
        Keywords: `sha256-gegevens:${options.dataHash}`,
        // The issue date, not the clock: the same data must give the same bytes.
        CreationDate: issued,
        ModDate: issued,
      },
    });
    // PDF/A wants every Info entry mirrored in XMP; pdfkit writes CreateDate but not ModifyDate.
    this.doc.appendXML(
      `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${issued.toISOString().split('.')[0]}Z</xmp:ModifyDate></rdf:Description>`,
    );
    const chunks: Buffer[] = [];
    this.pdf = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    // Awaited in end(); a document dropped half-way must not leave an unhandled rejection.
    this.pdf.catch(() => undefined);
    registerFonts(this.doc);
    startDocumentLayout();
    this.left = this.doc.page.margins.left;
    this.right = this.doc.page.width - this.doc.page.margins.right;
    this.bottom = this.doc.page.height - PAGE.bottom;
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  /** The first-page title with the reference, the date of issue and any further lines (the beneficiary). */
  titleBlock(lines: readonly KeyValue[] = []): this {
    this.font('bold', SIZE.heading);
    for (const line of this.wrap(this.options.title, this.contentWidth)) {
      this.ensure(this.lineHeight());
      this.text(line, this.left, this.y, COLOR.text);
      this.y += this.lineHeight();
    }
    this.y += 6;
    this.keyValues([
      { label: 'Referentie', value: this.options.referenceNumber },
      { label: 'Datum van uitgifte', value: formatBrusselsDateLong(this.options.issuedAt, 'issuedAt') },
      ...lines,
    ]);
    this.y += 8;
    return this;
  }

  /** A section title, moved to the next page when too little room is left under it. */
  section(title: string): this {
    this.y += 10;
    this.font('bold', SIZE.section);
    const height = this.lineHeight();
    // Keep the title with at least three lines of what follows.
    this.ensure(height + 4 + 3 * SIZE.body * LINE);
    this.text(title, this.left, this.y, COLOR.text);
    this.y += height + 1;
    this.rule(this.y, COLOR.strongRule, 0.6);
    this.y += 5;
    return this;
  }

  keyValues(rows: readonly KeyValue[], options: { labelWidth?: number; size?: number } = {}): this {
    const size = options.size ?? SIZE.body;
    const labelWidth = options.labelWidth ?? Math.min(190, this.contentWidth * 0.38);
    const valueX = this.left + labelWidth;
    const valueWidth = this.right - valueX;
    for (const row of rows) {
      this.font(row.bold ? 'bold' : 'regular', size);
      const values = this.wrap(row.value, valueWidth);
      this.font('bold', size);
      const labels = this.wrap(row.label, labelWidth - 8);
      const lineHeight = this.lineHeight();
      const lines = Math.max(values.length, labels.length);
      // Keep a short block together; a long one breaks between lines like a paragraph.
      this.ensure(Math.min(lines, 4) * lineHeight + 2);
      for (let i = 0; i < lines; i++) {
        this.ensure(lineHeight);
        if (i < labels.length) {
          this.font('bold', size);
          this.text(labels[i], this.left, this.y, COLOR.muted);
        }
        if (i < values.length) {
          this.font(row.bold ? 'bold' : 'regular', size);
          this.text(values[i], valueX, this.y, COLOR.text);
        }
        this.y += lineHeight;
      }
      this.y += 2;
    }
    return this;
  }

  paragraph(text: string, options: { bold?: boolean; size?: number; muted?: boolean } = {}): this {
    this.font(options.bold ? 'bold' : 'regular', options.size ?? SIZE.body);
    const lineHeight = this.lineHeight();
    for (const line of this.wrap(text, this.contentWidth)) {
      this.ensure(lineHeight);
      this.text(line, this.left, this.y, options.muted ? COLOR.muted : COLOR.text);
      this.y += lineHeight;
    }
    this.y += 4;
    return this;
  }

  /** A bulleted list (conditions of a decision). */
  list(items: readonly string[]): this {
    this.font('regular', SIZE.body);
    const lineHeight = this.lineHeight();
    const indent = 14;
    for (const item of items) {
      const lines = this.wrap(item, this.contentWidth - indent);
      lines.forEach((line, i) => {
        this.ensure(lineHeight);
        if (i === 0) this.text('•', this.left + 3, this.y, COLOR.text);
        this.text(line, this.left + indent, this.y, COLOR.text);
        this.y += lineHeight;
      });
      this.y += 2;
    }
    this.y += 2;
    return this;
  }

  space(points: number): this {
    this.y += points;
    return this;
  }

  table(spec: TableSpec): this {
    const size = spec.fontSize ?? SIZE.table;
    const weights = spec.columns.reduce((a, c) => a + c.width, 0);
    if (spec.columns.length === 0 || !(weights > 0)) throw new RangeError('a table needs columns with positive widths');
    const columns = layoutColumns(spec.columns, this.left, this.contentWidth / weights);
    this.font('regular', size);
    const lineHeight = this.lineHeight();

    const drawHeader = (): void => {
      this.font('bold', size);
      // Header words are never cut; one that is too wide gets a smaller font when drawn.
      const cells = columns.map((c) => this.wrap(c.header, c.inner, false));
      const height = Math.max(...cells.map((c) => c.length)) * lineHeight + 2 * CELL_PAD_Y;
      this.band(this.y, height, COLOR.headerFill);
      this.drawCells(columns, cells, this.y, lineHeight);
      this.y += height;
      this.rule(this.y, COLOR.strongRule, 0.6);
    };

    // The header goes on the page where the first row fits under it.
    const rows = spec.rows[Symbol.iterator]();
    let next = rows.next();
    const first = next.done ? null : normaliseRow(next.value);
    this.font((first?.style ?? 'body') === 'body' ? 'regular' : 'bold', size);
    const firstHeight = first ? this.rowHeight(columns, first, lineHeight) : lineHeight + 2 * CELL_PAD_Y;
    this.ensure(Math.min(2 * lineHeight + 2 * CELL_PAD_Y + firstHeight, this.bottom - this.top));
    drawHeader();

    let count = 0;
    for (; !next.done; next = rows.next()) {
      this.row(columns, normaliseRow(next.value), size, lineHeight, drawHeader);
      count++;
    }
    if (count === 0 && spec.empty) {
      this.row(columns, { cells: [spec.empty], style: 'group' }, size, lineHeight, drawHeader);
    }
    const totals = (spec.totals ?? []).map((t): TableRow => {
      const row = normaliseRow(t);
      return { ...row, style: row.style ?? 'total' };
    });
    if (totals.length > 0) {
      this.font('bold', size);
      const height = totals.reduce((h, t) => h + this.rowHeight(columns, t, lineHeight), 0);
      if (this.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      this.rule(this.y, COLOR.strongRule, 0.8);
      for (const total of totals) this.row(columns, total, size, lineHeight, drawHeader);
    }
    this.flushRowRules();
    this.y += 6;
    return this;
  }

  /** Draws headers and footers on every page and returns the finished PDF. */
  async end(): Promise<Buffer> {
    if (this.ended) throw new Error('the document has already been ended');
    this.ended = true;
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      this.fill = null;
      this.drawPageHeader();
      this.drawPageFooter(i - range.start + 1, range.count);
    }
    this.doc.end();
    return this.pdf;
  }

  // ---------------------------------------------------------------------------------------

  private row(
    columns: readonly LaidOutColumn[],
    row: TableRow,
    size: number,
    lineHeight: number,
    drawHeader: () => void,
  ): void {
    const style = row.style ?? 'body';
    this.font(style === 'body' ? 'regular' : 'bold', size);
    if (style === 'group') {
      const width = columns[columns.length - 1].x + columns[columns.length - 1].width - columns[0].x - 2 * CELL_PAD_X;
      const lines = this.wrap(row.cells[0] ?? '', width);
      const height = lines.length * lineHeight + 2 * CELL_PAD_Y;
      // A group heading needs its first line below it on the same page.
      if (this.y + height + lineHeight + 2 * CELL_PAD_Y > this.bottom) {
        this.newPage();
        drawHeader();
        this.font('bold', size);
      }
      this.band(this.y, height, COLOR.groupFill);
      lines.forEach((line, i) => this.text(line, columns[0].x + CELL_PAD_X, this.y + CELL_PAD_Y + i * lineHeight, COLOR.text));
      this.y += height;
      this.rowRule(this.y);
      return;
    }
    const laidOut = spanColumns(columns, row.span);
    const cells = laidOut.map((c) => this.cellLines(c, row.cells[c.index] ?? ''));
    let lines = 1;
    for (const c of cells) if (c.length > lines) lines = c.length;
    const height = lines * lineHeight + 2 * CELL_PAD_Y;
    if (this.y + height > this.bottom) {
      this.newPage();
      drawHeader();
      this.font(style === 'body' ? 'regular' : 'bold', size);
    }
    if (style === 'total') this.band(this.y, height, COLOR.totalFill);
    if (style === 'subtotal') this.rule(this.y, COLOR.muted, 0.5);
    this.drawCells(laidOut, cells, this.y, lineHeight);
    this.y += height;
    this.rowRule(this.y);
  }

  private rowHeight(columns: readonly LaidOutColumn[], row: TableRow, lineHeight: number): number {
    let lines = 1;
    for (const column of spanColumns(columns, row.span)) {
      const n = this.cellLines(column, row.cells[column.index] ?? '').length;
      if (n > lines) lines = n;
    }
    return lines * lineHeight + 2 * CELL_PAD_Y;
  }

  private cellLines(column: LaidOutColumn, value: string): readonly string[] {
    if (value === '') return EMPTY_CELL;
    if (!column.wrap) return [value];
    const lines = this.wrap(value, column.inner);
    // A row must fit on a page: an absurdly long cell is cut, visibly.
    const max = Math.floor((this.bottom - this.top) / this.lineHeight()) - 6;
    if (lines.length <= max) return lines;
    return [...lines.slice(0, max - 1), this.fit(`${lines[max - 1]} …`, column.inner)];
  }

  private drawCells(columns: readonly LaidOutColumn[], cells: readonly (readonly string[])[], y: number, lineHeight: number): void {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      const lines = cells[i];
      for (let j = 0; j < lines.length; j++) {
        const line = lines[j];
        if (line === '') continue;
        let width = this.widthOf(line);
        // A cell that does not wrap (an amount) is never cut: it gets a smaller font instead.
        const size = this.size;
        if (width > column.inner) {
          this.font(this.weight ?? 'regular', Math.max(4, Math.floor((size * column.inner * 10) / width) / 10));
          width = this.doc.widthOfString(line);
        }
        let x = column.x + CELL_PAD_X;
        if (column.align === 'right') x = column.x + column.width - CELL_PAD_X - width;
        else if (column.align === 'center') x = column.x + (column.width - width) / 2;
        this.text(line, x, y + CELL_PAD_Y + j * lineHeight, COLOR.text);
        if (this.size !== size) this.font(this.weight ?? 'regular', size);
      }
    }
  }

  private drawPageHeader(): void {
    const { doc } = this;
    const top = 30;
    doc.fillColor(COLOR.brand).rect(this.left, top, 4, 40).fill();
    this.fill = COLOR.brand;
    this.font('bold', 10);
    this.text('Vlaamse overheid', this.left + 10, top, COLOR.text);
    this.font('regular', SIZE.header);
    const width = this.contentWidth - 10;
    this.text(this.fit(this.options.programme, width), this.left + 10, top + 15, COLOR.muted);
    this.text(this.fit(`Oproep ${this.options.call.code}: ${this.options.call.title}`, width), this.left + 10, top + 26, COLOR.muted);
    const reference = this.fit(`Referentie ${this.options.referenceNumber}`, this.contentWidth / 2);
    this.text(reference, this.right - doc.widthOfString(reference), top, COLOR.muted);
    this.rule(top + 44, COLOR.rule, 0.6);
  }

  private drawPageFooter(page: number, pages: number): void {
    const y = this.doc.page.height - PAGE.bottom + 22;
    this.rule(y - 6, COLOR.rule, 0.6);
    this.font('regular', SIZE.footer);
    const pageText = `pagina ${page} van ${pages}`;
    this.text(pageText, this.right - this.doc.widthOfString(pageText), y, COLOR.muted);
    this.text(`SHA-256 gegevens: ${this.options.dataHash}`, this.left, y, COLOR.muted);
    this.text(`${this.options.title} · uitgegeven ${formatBrusselsDateLong(this.options.issuedAt)}`, this.left, y + 10, COLOR.muted);
  }

  private ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.top) this.newPage();
  }

  private newPage(): void {
    this.flushRowRules();
    this.doc.addPage();
    this.y = this.top;
    // A new page starts with the default graphics state.
    this.fill = null;
  }

  private font(weight: FontWeight, size: number): void {
    if (weight !== this.weight) {
      this.doc.font(FONT_NAMES[weight]);
      if (!this.sharedLayout.has(weight)) {
        shareLayoutCache(this.doc, weight);
        this.sharedLayout.add(weight);
      }
      this.weight = weight;
    }
    if (size !== this.size) {
      this.doc.fontSize(size);
      this.size = size;
    }
  }

  private lineHeight(): number {
    return this.size * LINE;
  }

  private text(text: string, x: number, y: number, color: Fill): void {
    if (color !== this.fill) {
      this.doc.fillColor(color);
      this.fill = color;
    }
    this.doc.text(text, x, y, { lineBreak: false });
  }

  // Colours and line widths are set before a path starts: PDF allows no state changes inside a path.
  private band(y: number, height: number, color: Fill): void {
    this.doc.fillColor(color).rect(this.left, y, this.contentWidth, height).fill();
    this.fill = color;
  }

  private rule(y: number, color: Fill, width: number): void {
    // A stronger line replaces the thin row line drawn at the same height.
    if (this.rowRules[this.rowRules.length - 1] === y) this.rowRules.pop();
    this.doc.lineWidth(width).strokeColor(color).moveTo(this.left, y).lineTo(this.right, y).stroke();
  }

  /** The thin lines between table rows, stroked as one path per page. */
  private rowRule(y: number): void {
    this.rowRules.push(y);
  }

  private flushRowRules(): void {
    if (this.rowRules.length === 0) return;
    this.doc.lineWidth(0.4).strokeColor(COLOR.rule);
    for (const y of this.rowRules) this.doc.moveTo(this.left, y).lineTo(this.right, y);
    this.doc.stroke();
    this.rowRules.length = 0;
  }

  private spaceWidth(): number {
    return this.widthOf(' ');
  }

  /**
   * pdfkit's width of the text in the current font and size, remembered: tables measure the
   * same partner names, categories and words on every row. Keyed by font and size so a
   * remembered width is exactly the width pdfkit would compute now.
   */
  private widthOf(text: string): number {
    const key = `${this.weight}|${this.size}|${text}`;
    let width = WIDTHS.get(key);
    if (width === undefined) {
      width = this.doc.widthOfString(text);
      if (WIDTHS.size >= MAX_REMEMBERED_WIDTHS) WIDTHS.clear();
      WIDTHS.set(key, width);
    }
    return width;
  }

  /** Greedy word wrap in the current font; a word wider than the line is cut, unless `breakWords` is false. */
  private wrap(text: string, maxWidth: number, breakWords = true): string[] {
    const out: string[] = [];
    const normalised = text.includes('\r') || text.includes('\t') ? text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ') : text;
    for (const paragraph of normalised.split('\n')) {
      if (this.widthOf(paragraph) <= maxWidth) {
        out.push(paragraph);
        continue;
      }
      const space = this.spaceWidth();
      let line = '';
      let width = 0;
      for (const word of words(paragraph)) {
        const wordWidth = this.widthOf(word);
        if (line !== '' && width + space + wordWidth <= maxWidth) {
          line += ` ${word}`;
          width += space + wordWidth;
          continue;
        }
        if (line !== '') out.push(line);
        line = word;
        width = wordWidth;
        while (breakWords && width > maxWidth && line.length > 1) {
          const cut = this.fitLength(line, maxWidth);
          out.push(line.slice(0, cut));
          line = line.slice(cut);
          width = this.doc.widthOfString(line);
        }
      }
      out.push(line);
    }
    return out;
  }

  /** The text on one line, cut with an ellipsis when it is too wide. */
  private fit(text: string, maxWidth: number): string {
    if (this.doc.widthOfString(text) <= maxWidth) return text;
    const ellipsis = this.doc.widthOfString('…');
    return `${text.slice(0, this.fitLength(text, maxWidth - ellipsis)).trimEnd()}…`;
  }

  /** How many leading characters fit in maxWidth (at least one). */
  private fitLength(text: string, maxWidth: number): number {
    let lo = 1;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.doc.widthOfString(text.slice(0, mid)) <= maxWidth) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

interface LaidOutColumn {
  /** Position of the column (of the row's cell) in the table. */
  index: number;
  x: number;
  width: number;
  /** Width available to text. */
  inner: number;
  align: Align;
  wrap: boolean;
  header: string;
}

const EMPTY_CELL: readonly string[] = [''];

function layoutColumns(columns: readonly TableColumn[], left: number, unit: number): LaidOutColumn[] {
  let x = left;
  return columns.map((c, index) => {
    const width = c.width * unit;
    const align = c.align ?? 'left';
    const laidOut = { index, x, width, inner: width - 2 * CELL_PAD_X, align, wrap: c.wrap ?? align === 'left', header: c.header };
    x += width;
    return laidOut;
  });
}

/** The columns of a row whose first cell spans `span` columns (left-aligned, wrapping). */
function spanColumns(columns: readonly LaidOutColumn[], span: number | undefined): readonly LaidOutColumn[] {
  if (span === undefined || span <= 1) return columns;
  const n = Math.min(span, columns.length);
  const width = columns[n - 1].x + columns[n - 1].width - columns[0].x;
  const first: LaidOutColumn = { ...columns[0], width, inner: width - 2 * CELL_PAD_X, align: 'left', wrap: true };
  return [first, ...columns.slice(n)];
}

/** The words of a line, keeping '€' with the amount after it ('€ 999.000,00' never breaks). */
function words(text: string): string[] {
  const out: string[] = [];
  let glue = false;
  for (const word of text.split(' ')) {
    if (glue) out[out.length - 1] += ` ${word}`;
    else out.push(word);
    glue = word === '€';
  }
  return out;
}

function normaliseRow(row: TableRow | readonly string[]): TableRow {
  return isTableRow(row) ? row : { cells: row };
}

function isTableRow(row: TableRow | readonly string[]): row is TableRow {
  return !Array.isArray(row);
}

/** pdfkit writes Title, Subject and Keywords into the XMP packet as they are; keep that XML well formed. */
function xmpSafe(value: string): string {
  return value.replace(/&/g, '+').replace(/[<>]/g, '');
}
