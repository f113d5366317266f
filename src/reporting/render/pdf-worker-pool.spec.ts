import { join } from 'node:path';
import { renderDocument } from './documents';
import { defaultPoolSize, PdfPoolClosedError, PdfQueueFullError, PdfWorkerPool } from './pdf-worker-pool';
import { pdfText } from './testing/pdf-text';
import { sampleCostStatement, sampleReceipt } from './testing/samples';

/** Runs pdf.worker.ts in a real thread by compiling it with @swc/core on require (test support). */
const TS_WORKER = join(__dirname, 'testing', 'ts-worker.js');

describe('PdfWorkerPool', () => {
  describe('in-thread (the worker script is TypeScript, as under Jest)', () => {
    it('chooses in-thread rendering by itself and renders the same bytes as the renderer', async () => {
      const pool = new PdfWorkerPool();
      expect(pool.mode).toBe('inline');
      const pdf = await pool.renderPdf('receipt', sampleReceipt());
      expect(pdf.equals(await renderDocument('receipt', sampleReceipt()))).toBe(true);
      await pool.close();
    });

    it('refuses work once closed', async () => {
      const pool = new PdfWorkerPool({ mode: 'inline' });
      await pool.close();
      await expect(pool.renderPdf('receipt', sampleReceipt())).rejects.toBeInstanceOf(PdfPoolClosedError);
    });
  });

  describe('worker threads', () => {
    let pool: PdfWorkerPool;

    beforeEach(() => {
      pool = new PdfWorkerPool({ size: 2, workerFile: TS_WORKER });
    });

    afterEach(async () => {
      await pool.close();
    });

    it('renders in threads, at most `size` of them, the same bytes as in-thread', async () => {
      expect(pool.mode).toBe('threads');
      const data = sampleCostStatement(40);
      const pdfs = await Promise.all([
        pool.renderPdf('cost-statement', data),
        pool.renderPdf('cost-statement', data),
        pool.renderPdf('receipt', sampleReceipt()),
      ]);
      expect(pool.threads).toBe(2);
      expect(pdfs.every((p) => Buffer.isBuffer(p))).toBe(true);
      expect(pdfs[0].equals(pdfs[1])).toBe(true);
      expect(pdfs[0].equals(await renderDocument('cost-statement', data))).toBe(true);
      expect((await pdfText(pdfs[2])).flat).toContain('Ontvangstbewijs van indiening');
    });

    it('passes the renderer’s errors on and keeps working', async () => {
      const bad = sampleReceipt();
      const error = await pool.renderPdf('receipt', { ...bad, budget: { ...bad.budget, efro: 1 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toContain('does not add up');
      await expect(pool.renderPdf('nope' as 'receipt', sampleReceipt())).rejects.toThrow('unknown PDF kind');
      expect((await pool.renderPdf('receipt', sampleReceipt())).length).toBeGreaterThan(1000);
    });

    it('finishes the renders in progress on close, then refuses more', async () => {
      const running = pool.renderPdf('cost-statement', sampleCostStatement(40));
      await pool.close();
      expect((await running).length).toBeGreaterThan(1000);
      expect(pool.threads).toBe(0);
      await expect(pool.renderPdf('receipt', sampleReceipt())).rejects.toBeInstanceOf(PdfPoolClosedError);
    });
  });

  it('refuses work beyond its queue limit', async () => {
    const pool = new PdfWorkerPool({ size: 1, maxQueue: 1, workerFile: TS_WORKER });
    const first = pool.renderPdf('receipt', sampleReceipt()); // rendering on the thread
    const second = pool.renderPdf('receipt', sampleReceipt()); // next, in the thread's own queue
    const third = pool.renderPdf('receipt', sampleReceipt()); // waiting in the pool
    await expect(pool.renderPdf('receipt', sampleReceipt())).rejects.toBeInstanceOf(PdfQueueFullError);
    const pdfs = await Promise.all([first, second, third]);
    expect(new Set(pdfs.map((p) => p.toString('base64'))).size).toBe(1);
    await pool.close();
  });

  it('defaults to one thread less than the machine has, at least one', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
    expect(() => new PdfWorkerPool({ size: 0 })).toThrow(RangeError);
  });
});
