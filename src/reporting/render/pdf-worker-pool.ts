import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import type { PdfDataByKind, PdfKind } from './documents';
import { RenderRequest, RenderResponse } from './pdf-worker-protocol';

/**
 * Renders PDFs off the request thread: a few worker threads, each rendering one document at a
 * time, the bytes transferred back rather than copied. A 200-line statement keeps a thread busy
 * for tens of milliseconds; on the event loop that would stall every other request.
 *
 * Under Jest (TypeScript run by @swc/jest, which worker threads do not inherit) there is no
 * JavaScript worker script, so the pool renders in-thread with the very same renderers.
 */
export interface PdfWorkerPoolOptions {
  /** Worker threads; default max(1, availableParallelism() - 1). */
  size?: number;
  /** The worker script; default pdf.worker.js beside this module (dist/src/reporting/render). */
  workerFile?: string;
  /** 'auto' (default): threads when the worker script is JavaScript, in-thread when it is TypeScript. */
  mode?: 'auto' | 'threads' | 'inline';
  /** Renders waiting for a thread before renderPdf refuses more (PdfQueueFullError); default 1000. */
  maxQueue?: number;
  resourceLimits?: ResourceLimits;
}

export class PdfQueueFullError extends Error {
  constructor(limit: number) {
    super(`more than ${limit} PDFs are waiting to be rendered`);
    this.name = 'PdfQueueFullError';
  }
}

export class PdfPoolClosedError extends Error {
  constructor() {
    super('the PDF worker pool is closed');
    this.name = 'PdfPoolClosedError';
  }
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

interface Task {
  id: number;
  kind: PdfKind;
  data: PdfDataByKind[PdfKind];
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Posted to the thread, in the order it renders them. */
  tasks: Task[];
}

/**
 * Documents posted to a thread at once: the one it renders and the next. The next is already
 * in the thread's own queue when the first is done, so it starts without waiting for the
 * request thread to take the finished one (which, busy loading other documents' data, left
 * the render thread idle for milliseconds per document).
 */
const PER_THREAD = 2;

export class PdfWorkerPool {
  readonly mode: 'threads' | 'inline';
  readonly size: number;
  private readonly workerFile: string;
  private readonly maxQueue: number;
  private readonly resourceLimits: ResourceLimits | undefined;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly pending = new Set<Promise<Buffer>>();
  private nextId = 1;
  private closing: Promise<void> | null = null;

  constructor(options: PdfWorkerPoolOptions = {}) {
    this.size = options.size ?? defaultPoolSize();
    if (!Number.isSafeInteger(this.size) || this.size < 1) throw new RangeError(`pool size must be 1 or more, got ${this.size}`);
    this.workerFile = options.workerFile ?? join(__dirname, `pdf.worker${extname(__filename)}`);
    const mode = options.mode ?? 'auto';
    this.mode = mode === 'auto' ? (extname(this.workerFile) === '.ts' ? 'inline' : 'threads') : mode;
    this.maxQueue = options.maxQueue ?? 1000;
    this.resourceLimits = options.resourceLimits;
  }

  /** The PDF of one document; rejects with the renderer's error (RangeError for data that does not add up). */
  renderPdf<K extends PdfKind>(kind: K, data: PdfDataByKind[K]): Promise<Buffer> {
    if (this.closing) return Promise.reject(new PdfPoolClosedError());
    let result: Promise<Buffer>;
    if (this.mode === 'inline') {
      // Loaded on first use: pdfkit and the fonts stay out of the request thread when workers render.
      result = (require('./documents') as typeof import('./documents')).renderDocument(kind, data);
    } else {
      if (this.queue.length >= this.maxQueue) return Promise.reject(new PdfQueueFullError(this.maxQueue));
      result = new Promise<Buffer>((resolve, reject) => {
        this.queue.push({ id: this.nextId++, kind, data, resolve, reject });
      });
      this.dispatch();
    }
    this.pending.add(result);
    const forget = (): void => {
      this.pending.delete(result);
    };
    result.then(forget, forget);
    return result;
  }

  /** Refuses new work, rejects what is still queued, waits for the renders in progress, stops the threads. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = (async () => {
        for (const task of this.queue.splice(0)) task.reject(new PdfPoolClosedError());
        await Promise.allSettled([...this.pending]);
        const slots = this.slots.splice(0);
        await Promise.all(slots.map((s) => s.worker.terminate()));
      })();
    }
    return this.closing;
  }

  /** Threads started so far (they start on demand, up to `size`). */
  get threads(): number {
    return this.slots.length;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // An idle thread first, then a new one, then one with a single document in hand.
      let slot = this.slots.find((s) => s.tasks.length === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      slot ??= this.slots.find((s) => s.tasks.length < PER_THREAD);
      if (!slot) return;
      const task = this.queue.shift();
      if (!task) return;
      const request: RenderRequest = { id: task.id, kind: task.kind, data: task.data };
      try {
        slot.worker.postMessage(request);
      } catch (e) {
        // Data that cannot be cloned (a function, a class instance with private state).
        task.reject(e instanceof Error ? e : new Error(String(e)));
        continue;
      }
      slot.tasks.push(task);
      slot.worker.ref();
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerFile, { resourceLimits: this.resourceLimits });
    const slot: Slot = { worker, tasks: [] };
    worker.on('message', (response: RenderResponse) => this.settle(slot, response));
    worker.on('error', (error: Error) => this.fail(slot, error));
    worker.on('exit', (code: number) => this.fail(slot, new Error(`PDF worker stopped with exit code ${code}`)));
    // An idle thread must not keep the process alive; a busy one is referenced again.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, response: RenderResponse): void {
    const index = slot.tasks.findIndex((t) => t.id === response.id);
    if (index < 0) return;
    const [task] = slot.tasks.splice(index, 1);
    if (slot.tasks.length === 0) slot.worker.unref();
    if (response.ok) task.resolve(Buffer.from(response.pdf));
    else task.reject(reviveError(response.error));
    this.dispatch();
  }

  /** A thread that crashed or exited: its documents fail, the others carry on on a fresh thread. */
  private fail(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    for (const task of slot.tasks.splice(0)) task.reject(error);
    void slot.worker.terminate();
    if (!this.closing) this.dispatch();
  }
}

function reviveError(error: { name: string; message: string; stack?: string }): Error {
  const revived = error.name === 'RangeError' ? new RangeError(error.message) : error.name === 'TypeError' ? new TypeError(error.message) : new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}
