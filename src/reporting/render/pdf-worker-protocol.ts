import type { PdfDataByKind, PdfKind } from './documents';

/** Messages between PdfWorkerPool and pdf.worker. */

export interface RenderRequest<K extends PdfKind = PdfKind> {
  id: number;
  kind: K;
  data: PdfDataByKind[K];
}

export type RenderResponse =
  | { id: number; ok: true; pdf: ArrayBuffer }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

/** The PDF's bytes in an ArrayBuffer of their own, so it can be transferred rather than copied. */
export function transferableBytes(buffer: Buffer): ArrayBuffer {
  const backing = buffer.buffer;
  if (backing instanceof ArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === backing.byteLength) return backing;
  const copy = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(copy).set(buffer);
  return copy;
}
