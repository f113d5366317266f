import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source';
import { systemActor } from '../src/core/domain/actor';
import { DocumentDataService } from '../src/reporting/document-data.service';
import { documentDataHash } from '../src/reporting/render/format';
import { defaultPoolSize } from '../src/reporting/render/pdf-worker-pool';
import type { AppUnderTest } from './lib/app';
import { measureHttp, warmUpHttp } from './lib/autocannon';
import { addCostLines, connect, DemoGrant, demoData, lineCount } from './lib/demo-data';
import { runChild } from './lib/proc';
import { attempt, baselineRow, fmtMs, RowSpec, targetRow } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';
import type { RenderJob, RenderResult } from './workers/render-pdf';

const SECTION = 'pdf';
/** Connections fetching PDFs: rendering is CPU-bound on a small pool, more would only queue. */
const PDF_CONNECTIONS_DEFAULT = 4;
/** The light load whose latency shows whether the event loop stays free while documents render. */
const LIVE_CONNECTIONS = 5;
const LIVE_RATE = 50;

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

interface Setup {
  app: AppUnderTest;
  grant: DemoGrant;
  lines: number;
  token: string;
  path: string;
  /** The document as the service answered it. */
  pdf: { bytes: number; sha256: string; dataSha256: string };
  /** The data the service renders, as JSON, for the baseline. */
  dataFile: string;
}

/**
 * The first demo grant's approved period 1 statement topped up to `lines` lines, fetched once
 * through the API (200, application/pdf), and the data the service renders it from, taken with
 * the service's own DocumentDataService (TypeORM, same database) and written to a JSON file.
 */
async function prepare(ctx: BenchContext, lines: number): Promise<Setup> {
  const app = await ctx.app();
  const demo = await demoData(ctx, app);
  const grant = demo.grants[0];
  const db = await connect(app.databaseUrl);
  try {
    const existing = await lineCount(db, grant.statementId);
    if (existing > lines) throw new Error(`statement of ${grant.grantNumber} already has ${existing} lines, more than the ${lines} wanted`);
    await addCostLines(db, grant.statementId, lines - existing);
    ctx.log(`statement ${grant.grantNumber} period 1: ${lines} lines (${lines - existing} added)`);
  } finally {
    await db.end();
  }

  const finance = await app.createStaff(['FINANCE_OFFICER'], 'Bench Financiën PDF');
  const path = `/grants/${grant.id}/periods/1/cost-statement.pdf`;
  const response = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${finance.token}` }, signal: AbortSignal.timeout(60_000) });
  const body = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('application/pdf')) {
    throw new Error(`GET ${path} → ${response.status} ${type}: ${body.toString('utf8', 0, 500)}`);
  }
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (response.headers.get('x-content-sha256') !== sha256) throw new Error(`GET ${path}: x-content-sha256 does not match the body`);
  const pdf = { bytes: body.length, sha256, dataSha256: response.headers.get('x-document-sha256') ?? '' };

  const dataSource = new DataSource(dataSourceOptions(app.databaseUrl, 2));
  await dataSource.initialize();
  let data: unknown;
  try {
    ({ data } = await new DocumentDataService(dataSource).costStatement(grant.id, 1, systemActor('bench')));
  } finally {
    await dataSource.destroy();
  }
  if (documentDataHash(data) !== pdf.dataSha256) throw new Error('the data read for the baseline is not the data the service rendered (x-document-sha256 differs)');
  const dir = mkdtempSync(join(tmpdir(), 'efro-bench-pdf-'));
  ctx.defer('remove the PDF data file', async () => rmSync(dir, { recursive: true, force: true }));
  const dataFile = join(dir, 'cost-statement.json');
  writeFileSync(dataFile, JSON.stringify(data));
  ctx.log(`GET ${path}: 200, ${(pdf.bytes / 1024).toFixed(0)} KiB; its data captured for the baseline`);
  return { app, grant, lines, token: finance.token, path, pdf, dataFile };
}

/** The baseline: the app's renderer alone in a child process, as many threads as the app's pool. */
async function renderAlone(ctx: BenchContext, setup: Setup, threads: number): Promise<RenderResult> {
  const job: RenderJob = { dataFile: setup.dataFile, threads, warmupSec: ctx.warmupSec, durationSec: ctx.durationSec };
  ctx.log(`pdfkit alone: ${threads} thread(s), warm-up ${ctx.warmupSec}s, measuring ${ctx.durationSec}s`);
  const run = await runChild(process.execPath, [join(__dirname, 'workers/render-pdf.js'), JSON.stringify(job)], {
    timeoutMs: (ctx.warmupSec + ctx.durationSec) * 1000 + 120_000,
  });
  if (run.code !== 0) throw new Error(`render child failed (exit ${run.code ?? run.signal}): ${run.stderr.slice(-2000)}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as RenderResult;
  ctx.log(`pdfkit alone: ${result.docsPerSec.toFixed(1)} docs/s, p50 ${fmtMs(result.p50Ms)} ms, p99 ${fmtMs(result.p99Ms)} ms per document`);
  return result;
}

async function issuedCount(setup: Setup): Promise<number> {
  const db = await connect(setup.app.databaseUrl);
  try {
    const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM issued_documents WHERE kind = 'cost-statement' AND entity_id = $1`, [setup.grant.statementId]);
    return result.rows[0].n;
  } finally {
    await db.end();
  }
}

/**
 * Cost statements of 200 lines (BENCH_PDF_LINES) as PDF, through the service and alone:
 *  1. the app's renderer (pdfkit, DejaVu fonts) in a child process, no database, as many
 *     threads as the app's pool (availableParallelism() − 1), same data    (baseline)
 *  2. GET /grants/:id/periods/1/cost-statement.pdf, 4 connections           ≥ 85 % of 1
 *  3. GET /health/live at 50 req/s, the app otherwise idle                  (reference)
 *  4. the same, during the measurement of 2: rendering is off the request thread, so its p99
 *     should stay close to 3's (no hard target)
 * The baseline renders from the very data the service renders (read by the service's own
 * DocumentDataService) and must produce the very bytes the service answers.
 */
export const pdfSection: BenchSection = {
  name: SECTION,
  description: 'cost statement PDF (200 lines): app renderer alone vs GET …/cost-statement.pdf; /health/live latency meanwhile',
  async run(ctx: BenchContext): Promise<Row[]> {
    const log = (m: string) => ctx.log(m);
    const lines = positiveInt('BENCH_PDF_LINES', 200);
    const connections = positiveInt('BENCH_PDF_CONNECTIONS', PDF_CONNECTIONS_DEFAULT);
    const threads = defaultPoolSize();
    const setupPromise = prepare(ctx, lines);
    setupPromise.catch(() => undefined);

    const aloneSpec = spec('render-alone', `pdfkit alone: app renderer, ${lines} lines, ${threads} thread(s), no DB`, 'docs/s');
    const aloneRow = await attempt(aloneSpec, log, async () => {
      const setup = await setupPromise;
      const r = await renderAlone(ctx, setup, threads);
      const row = baselineRow(aloneSpec, {
        value: r.docsPerSec,
        p99Ms: r.p99Ms,
        errors: 0,
        non2xx: 0,
        notes: [
          `${(r.bytes / 1024).toFixed(0)} KiB per document; render time p50 ${fmtMs(r.p50Ms)} ms, p99 ${fmtMs(r.p99Ms)} ms (p99 column); ` +
            `child peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB`,
        ],
        details: { ...r, serviceSha256: setup.pdf.sha256 },
      });
      if (r.sha256 !== setup.pdf.sha256 || r.bytes !== setup.pdf.bytes) {
        row.verdict = 'fail';
        row.notes.push(`not the service's document: ${r.bytes} bytes sha256 ${r.sha256.slice(0, 12)}… vs ${setup.pdf.bytes} bytes ${setup.pdf.sha256.slice(0, 12)}…`);
      } else {
        row.notes.push(`byte for byte the document the service answers (sha256 ${r.sha256.slice(0, 12)}…)`);
      }
      return row;
    });

    const liveLoad = (app: AppUnderTest, label: string) => ({
      label,
      url: `${app.baseUrl}/health/live`,
      connections: LIVE_CONNECTIONS,
      overallRate: LIVE_RATE,
    });

    const idleSpec = spec('live-idle', `GET /health/live at ${LIVE_RATE} req/s, app idle`, 'req/s');
    const idleRow = await attempt(idleSpec, log, async () => {
      const setup = await setupPromise;
      return baselineRow(idleSpec, await measureHttp(ctx, liveLoad(setup.app, idleSpec.scenario)));
    });

    const serviceSpec = spec('service', `GET …/cost-statement.pdf (${lines} lines), ${connections} connections`, 'docs/s');
    const busySpec = spec('live-busy', `GET /health/live at ${LIVE_RATE} req/s while PDFs render`, 'req/s');
    let busyRow: Row | null = null;
    const serviceRow = await attempt(serviceSpec, log, async () => {
      const setup = await setupPromise;
      const pdfLoad = {
        label: serviceSpec.scenario,
        url: `${setup.app.baseUrl}${setup.path}`,
        headers: { authorization: `Bearer ${setup.token}`, accept: 'application/pdf' },
        connections,
      };
      await warmUpHttp(ctx, pdfLoad);
      // Both start together: the live requests meet the app while it renders.
      const [pdf, busy] = await Promise.all([
        measureHttp(ctx, { ...pdfLoad, warmupSec: 0 }),
        measureHttp(ctx, { ...liveLoad(setup.app, busySpec.scenario), warmupSec: 0 }),
      ]);
      const idleP99 = idleRow.p99Ms;
      const comparison =
        idleP99 === null
          ? `p99 ${fmtMs(busy.p99Ms)} ms while rendering`
          : `p99 ${fmtMs(idleP99)} ms idle → ${fmtMs(busy.p99Ms)} ms while rendering (×${(busy.p99Ms / Math.max(idleP99, 0.001)).toFixed(1)})`;
      busyRow = targetRow(busySpec, { ...busy, notes: [comparison] }, {});
      const issued = await issuedCount(setup);
      return targetRow(
        serviceSpec,
        {
          ...pdf,
          notes: [`${issued} row(s) in issued_documents for this statement (the same data is registered once)`],
          details: { ...pdf.details, pdfBytes: setup.pdf.bytes, issuedDocuments: issued, pdfPoolThreads: threads },
        },
        { minRatio: 0.85 },
        aloneRow,
      );
    });
    busyRow ??= targetRow(busySpec, { value: null, p99Ms: null, errors: 0, non2xx: 0, notes: ['not measured: the PDF load failed'] }, {});

    return [aloneRow, serviceRow, idleRow, busyRow];
  },
};
