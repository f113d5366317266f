import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Metrics } from '../core/metrics/metrics';
import { PdfDataByKind, PdfKind } from './render/documents';
import { PdfQueueFullError, PdfWorkerPool } from './render/pdf-worker-pool';
import { ReportingErrors } from './reporting.errors';

/**
 * Renders PDFs on worker threads: a 200-line statement keeps a CPU busy for tens of
 * milliseconds, which on the request thread would hold up every other request meanwhile.
 */
@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private readonly pool = new PdfWorkerPool();

  constructor(private readonly metrics: Metrics) {}

  async render<K extends PdfKind>(kind: K, data: PdfDataByKind[K]): Promise<Buffer> {
    try {
      return await this.metrics.pdf(kind, () => this.pool.renderPdf(kind, data));
    } catch (error) {
      if (error instanceof PdfQueueFullError) throw ReportingErrors.busy();
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}
