// Baseline child for the pdf section: one cost statement rendered over and over with the app's
// own renderer (pdfkit and the bundled DejaVu fonts, as the app's worker threads do) on N
// worker threads, with no database, no HTTP and no message per document. Prints one JSON line.
//
// usage: node render-pdf.js '{"dataFile":"…","threads":1,"warmupSec":2,"durationSec":10}'
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { CostStatementData, renderCostStatement } from '../../src/reporting/render/documents/cost-statement';

export interface RenderJob {
  dataFile: string;
  threads: number;
  warmupSec: number;
  durationSec: number;
}

interface ThreadResult {
  docs: number;
  elapsedMs: number;
  latenciesMs: number[];
  bytes: number;
  sha256: string;
}

export interface RenderResult {
  threads: number;
  docs: number;
  docsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  bytes: number;
  sha256: string;
  maxRssKb: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function renderLoop(job: RenderJob): Promise<ThreadResult> {
  const data = JSON.parse(readFileSync(job.dataFile, 'utf8')) as CostStatementData;
  const first = await renderCostStatement(data);
  const warmUntil = performance.now() + job.warmupSec * 1000;
  while (performance.now() < warmUntil) await renderCostStatement(data);
  const latenciesMs: number[] = [];
  const started = performance.now();
  const until = started + job.durationSec * 1000;
  let now = started;
  while (now < until) {
    const t0 = now;
    await renderCostStatement(data);
    now = performance.now();
    latenciesMs.push(now - t0);
  }
  return { docs: latenciesMs.length, elapsedMs: now - started, latenciesMs, bytes: first.length, sha256: createHash('sha256').update(first).digest('hex') };
}

async function main(job: RenderJob): Promise<RenderResult> {
  const results = await Promise.all(
    Array.from(
      { length: job.threads },
      () =>
        new Promise<ThreadResult>((resolve, reject) => {
          const worker = new Worker(__filename, { workerData: job });
          worker.once('message', (result: ThreadResult) => resolve(result));
          worker.once('error', reject);
          worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`render thread exited with code ${code}`))));
        }),
    ),
  );
  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const hashes = new Set(results.map((r) => r.sha256));
  if (hashes.size !== 1) throw new Error('the render threads produced different bytes from the same data');
  return {
    threads: job.threads,
    docs: latencies.length,
    // Each thread's own rate, added up: the threads ran side by side for the same duration.
    docsPerSec: results.reduce((sum, r) => sum + (r.docs * 1000) / r.elapsedMs, 0),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? 0,
    bytes: results[0].bytes,
    sha256: results[0].sha256,
    maxRssKb: process.resourceUsage().maxRSS,
  };
}

if (isMainThread) {
  const job = JSON.parse(process.argv[2] ?? '{}') as RenderJob;
  main(job).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
} else {
  void renderLoop(workerData as RenderJob).then((result) => parentPort?.postMessage(result));
}
