import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApplicationsReader } from '../src/applications/applications-reader';
import { AuthReader } from '../src/auth/auth-reader';
import { CallCache } from '../src/calls/call-cache';
import { CallsReader } from '../src/calls/calls-reader';
import { Lifecycle } from '../src/core/lifecycle/lifecycle';
import { loadConfigWith } from '../src/core/config/app.config';
import { dataSourceOptions } from '../src/database/data-source';
import { systemActor } from '../src/core/domain/actor';
import { EvaluationsReader } from '../src/evaluations/evaluations-reader';
import { GrantsReader } from '../src/grants/grants-reader';
import { DocumentDataService } from '../src/reporting/document-data.service';
import { DecisionsService } from '../src/evaluations/decisions.service';
import { PaymentsService } from '../src/grants/payments/payments.service';
import { documentDataHash } from '../src/reporting/render/format';
import { defaultPoolSize } from '../src/reporting/render/pdf-worker-pool';
import type { AppUnderTest } from './lib/app';
import { HttpMeasurement, measureHttp, warmUpHttp } from './lib/autocannon';
import { addCostLines, connect, DemoGrant, demoData, lineCount } from './lib/demo-data';
import { runChild } from './lib/proc';
import { attempt, baselineRow, fmtMs, RowSpec, targetRow } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';
import type { RenderJob, RenderResult } from './workers/render-pdf';
import { positiveInt } from './lib/env';

const SECTION = 'pdf';
/** Connections fetching PDFs: rendering is CPU-bound on a small pool, more would only queue. */
const PDF_CONNECTIONS_DEFAULT = 4;
/** The light load whose latency shows whether the event loop stays free while documents render. */
const LIVE_CONNECTIONS = 5;
const LIVE_RATE = 50;

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

interface Setup {
  app: AppUnderTest;
  grant: DemoGrant;
  /** The app process this section measures (a replica of the shared one). */
  baseUrl: string;
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
  // A fresh process of the app (same database and secrets) serves this section: the shared one
  // still carries the heap and caches of the sections before (50 applicants' submissions).
  const replica = await app.startReplica();
  ctx.defer(`stop ${replica.name}`, () => replica.stop());
  const baseUrl = replica.baseUrl;
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${finance.token}` }, signal: AbortSignal.timeout(60_000) });
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
    // A cache that is never started reads every call from the database.
    const calls = new CallCache(dataSource, loadConfigWith({ DATABASE_URL: app.databaseUrl }), new Lifecycle());
    // A cost statement reads nothing of the evaluations feature's decisions, nor of recoveries.
    const decisions = {} as DecisionsService;
    const payments = {} as PaymentsService;
    ({ data } = await new DocumentDataService(dataSource, calls, new CallsReader(), new ApplicationsReader(), new EvaluationsReader(), new GrantsReader(), new AuthReader(), decisions, payments).costStatement(grant.id, 1, systemActor('bench')));
  } finally {
    await dataSource.destroy();
  }
  if (documentDataHash(data) !== pdf.dataSha256) throw new Error('the data read for the baseline is not the data the service rendered (x-document-sha256 differs)');
  const dir = mkdtempSync(join(tmpdir(), 'efro-bench-pdf-'));
  ctx.defer('remove the PDF data file', async () => rmSync(dir, { recursive: true, force: true }));
  const dataFile = join(dir, 'cost-statement.json');
  writeFileSync(dataFile, JSON.stringify(data));
  ctx.log(`GET ${path}: 200, ${(pdf.bytes / 1024).toFixed(0)} KiB; its data captured for the baseline`);
  return { app, grant, baseUrl, lines, token: finance.token, path, pdf, dataFile };
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

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Cost statements of 200 lines (BENCH_PDF_LINES) as PDF, through the service and alone:
 *  1. the app's renderer (pdfkit, DejaVu fonts) in a child process, no database, as many
 *     threads as the app's pool (availableParallelism() − 1), same data    (baseline)
 *  2. GET /grants/:id/periods/1/cost-statement.pdf, 4 connections           ≥ 85 % of 1
 *  3. GET /health/live at 50 req/s, the app otherwise idle                  (reference)
 *  4. the same, during the measurement of 2: rendering is off the request thread, so its p99
 *     should stay close to 3's (no hard target)
 * 1 and 2 (with 4) alternate for BENCH_PDF_ROUNDS rounds (default 3) and each row gives the
 * median round: on a small VM the renderer alone varied by a quarter from one run to the next,
 * and measuring both sides side by side, several times, keeps that drift out of the ratio.
 * The service side is a fresh process of the app, so the heap and caches earlier sections left
 * in the shared one stay out of it. The baseline renders from the very data the service
 * renders (read by the service's own DocumentDataService) and must produce its very bytes.
 */
export const pdfSection: BenchSection = {
  name: SECTION,
  description: 'cost statement PDF (200 lines): app renderer alone vs GET …/cost-statement.pdf; /health/live latency meanwhile',
  async run(ctx: BenchContext): Promise<Row[]> {
    const log = (m: string) => ctx.log(m);
    const lines = positiveInt('BENCH_PDF_LINES', 200);
    const connections = positiveInt('BENCH_PDF_CONNECTIONS', PDF_CONNECTIONS_DEFAULT);
    const rounds = positiveInt('BENCH_PDF_ROUNDS', 3);
    const threads = defaultPoolSize();
    const setupPromise = prepare(ctx, lines);
    setupPromise.catch(() => undefined);

    const liveLoad = (baseUrl: string, label: string) => ({
      label,
      url: `${baseUrl}/health/live`,
      connections: LIVE_CONNECTIONS,
      overallRate: LIVE_RATE,
    });

    const idleSpec = spec('live-idle', `GET /health/live at ${LIVE_RATE} req/s, app idle`, 'req/s');
    const idleRow = await attempt(idleSpec, log, async () => {
      const setup = await setupPromise;
      return baselineRow(idleSpec, await measureHttp(ctx, liveLoad(setup.baseUrl, idleSpec.scenario)));
    });

    const aloneSpec = spec('render-alone', `pdfkit alone: app renderer, ${lines} lines, ${threads} thread(s), no DB`, 'docs/s');
    const serviceSpec = spec('service', `GET …/cost-statement.pdf (${lines} lines), ${connections} connections`, 'docs/s');
    const busySpec = spec('live-busy', `GET /health/live at ${LIVE_RATE} req/s while PDFs render`, 'req/s');
    const alone: RenderResult[] = [];
    const service: HttpMeasurement[] = [];
    const busy: HttpMeasurement[] = [];
    let failure: unknown = null;
    try {
      const setup = await setupPromise;
      const pdfLoad = {
        label: serviceSpec.scenario,
        url: `${setup.baseUrl}${setup.path}`,
        headers: { authorization: `Bearer ${setup.token}`, accept: 'application/pdf' },
        connections,
      };
      for (let round = 1; round <= rounds; round++) {
        alone.push(await renderAlone(ctx, setup, threads));
        if (round === 1) await warmUpHttp(ctx, pdfLoad);
        // Both start together: the live requests meet the app while it renders.
        const [pdf, live] = await Promise.all([
          measureHttp(ctx, { ...pdfLoad, warmupSec: 0 }),
          measureHttp(ctx, { ...liveLoad(setup.baseUrl, busySpec.scenario), warmupSec: 0 }),
        ]);
        service.push(pdf);
        busy.push(live);
        const last = alone[alone.length - 1];
        log(`pdf round ${round}/${rounds}: alone ${last.docsPerSec.toFixed(1)} docs/s, service ${pdf.value.toFixed(1)} docs/s (${((pdf.value / last.docsPerSec) * 100).toFixed(0)} %)`);
      }
    } catch (error) {
      failure = error;
      log(`pdf rounds failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const rounded = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');

    const aloneRow = await attempt(aloneSpec, log, async () => {
      if (alone.length === 0) throw failure ?? new Error('no round measured');
      const setup = await setupPromise;
      const mid = [...alone].sort((x, y) => x.docsPerSec - y.docsPerSec)[Math.floor(alone.length / 2)];
      const row = baselineRow(aloneSpec, {
        value: median(alone.map((r) => r.docsPerSec)),
        p99Ms: median(alone.map((r) => r.p99Ms)),
        errors: 0,
        non2xx: 0,
        notes: [
          `median of ${alone.length} round(s): ${rounded(alone.map((r) => r.docsPerSec))} docs/s`,
          `${(mid.bytes / 1024).toFixed(0)} KiB per document; render time p50 ${fmtMs(mid.p50Ms)} ms, p99 ${fmtMs(mid.p99Ms)} ms (p99 column: median of rounds); ` +
            `child peak RSS ${(mid.maxRssKb / 1024).toFixed(0)} MB`,
        ],
        details: { rounds: alone, serviceSha256: setup.pdf.sha256 },
      });
      const other = alone.find((r) => r.sha256 !== setup.pdf.sha256 || r.bytes !== setup.pdf.bytes);
      if (other) {
        row.verdict = 'fail';
        row.notes.push(`not the service's document: ${other.bytes} bytes sha256 ${other.sha256.slice(0, 12)}… vs ${setup.pdf.bytes} bytes ${setup.pdf.sha256.slice(0, 12)}…`);
      } else {
        row.notes.push(`byte for byte the document the service answers (sha256 ${setup.pdf.sha256.slice(0, 12)}…)`);
      }
      return row;
    });

    const serviceRow = await attempt(serviceSpec, log, async () => {
      if (service.length === 0) throw failure ?? new Error('no round measured');
      const setup = await setupPromise;
      const issued = await issuedCount(setup);
      return targetRow(
        serviceSpec,
        {
          value: median(service.map((m) => m.value)),
          p99Ms: median(service.map((m) => m.p99Ms)),
          errors: service.reduce((n, m) => n + m.errors, 0),
          non2xx: service.reduce((n, m) => n + m.non2xx, 0),
          notes: [
            `median of ${service.length} round(s): ${rounded(service.map((m) => m.value))} docs/s; ratio per round ${service.map((m, i) => `${((m.value / alone[i].docsPerSec) * 100).toFixed(0)} %`).join(', ')}`,
            `${issued} row(s) in issued_documents for this statement (the same data is registered once)`,
          ],
          details: { rounds: service.map((m) => m.details), pdfBytes: setup.pdf.bytes, issuedDocuments: issued, pdfPoolThreads: threads },
        },
        { minRatio: 0.85 },
        aloneRow,
      );
    });

    const busyRow = await attempt(busySpec, log, async () => {
      if (busy.length === 0) throw failure ?? new Error('no round measured');
      const p99 = median(busy.map((m) => m.p99Ms));
      const idleP99 = idleRow.p99Ms;
      const comparison =
        idleP99 === null
          ? `p99 ${fmtMs(p99)} ms while rendering`
          : `p99 ${fmtMs(idleP99)} ms idle → ${fmtMs(p99)} ms while rendering (×${(p99 / Math.max(idleP99, 0.001)).toFixed(1)}; median of rounds ${busy.map((m) => fmtMs(m.p99Ms)).join(', ')} ms)`;
      return targetRow(
        busySpec,
        {
          value: median(busy.map((m) => m.value)),
          p99Ms: p99,
          errors: busy.reduce((n, m) => n + m.errors, 0),
          non2xx: busy.reduce((n, m) => n + m.non2xx, 0),
          notes: [comparison],
        },
        {},
      );
    });

    return [aloneRow, serviceRow, idleRow, busyRow];
  },
};
