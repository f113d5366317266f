import { parentPort } from 'node:worker_threads';
import { isPdfKind, renderDocument } from './documents';
import { RenderRequest, RenderResponse, transferableBytes } from './pdf-worker-protocol';

/**
 * The worker thread of PdfWorkerPool: renders one document per message and transfers the
 * bytes back. Compiled to dist/src/reporting/render/pdf.worker.js (CommonJS).
 */
const port = parentPort;
if (!port) throw new Error('pdf.worker runs only as a worker thread of PdfWorkerPool');

// One render at a time, in arrival order: the pool may post the next document while this one
// renders, and two interleaved renders would each take twice as long.
let previous: Promise<void> = Promise.resolve();
port.on('message', (request: RenderRequest) => {
  previous = previous.then(async () => {
    const response = await handle(request);
    if (response.ok) port.postMessage(response, [response.pdf]);
    else port.postMessage(response);
  });
});

async function handle(request: RenderRequest): Promise<RenderResponse> {
  try {
    if (!isPdfKind(request.kind)) throw new TypeError(`unknown PDF kind ${String(request.kind)}`);
    const pdf = await renderDocument(request.kind, request.data);
    return { id: request.id, ok: true, pdf: transferableBytes(pdf) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return { id: request.id, ok: false, error: { name: error.name, message: error.message, stack: error.stack } };
  }
}
