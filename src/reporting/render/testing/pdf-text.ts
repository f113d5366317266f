import { dirname, join } from 'node:path';
import { PDFParse } from 'pdf-parse';

/**
 * Test support: the text of a PDF, read back with pdf-parse 2 (pdf.js). pdf.js loads its
 * worker with a dynamic import(), which Jest refuses without --experimental-vm-modules;
 * requiring the worker module first registers it on globalThis.pdfjsWorker, and pdf.js then
 * runs it in-thread. That module is ESM, so jest.config.js transforms pdf-parse.
 */
let workerLoaded = false;

export interface PdfText {
  /** As extracted: lines, tabs and page markers. */
  text: string;
  /** The text with every run of white space as one space, so that wrapped lines read on. */
  flat: string;
  pages: number;
}

export async function pdfText(pdf: Buffer): Promise<PdfText> {
  if (!workerLoaded) {
    require(join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs'));
    workerLoaded = true;
  }
  // pdf.js may take ownership of the bytes it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, flat: result.text.replace(/\s+/g, ' '), pages: result.total };
  } finally {
    await parser.destroy();
  }
}

/** The raw bytes as latin1 text, to look for PDF objects (/FontFile2, /Lang …). */
export function pdfSource(pdf: Buffer): string {
  return pdf.toString('latin1');
}
