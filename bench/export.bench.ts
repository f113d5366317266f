import { accessSync, constants, createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { Client } from 'pg';
import type { AppUnderTest } from './lib/app';
import { addCostLines, connect, DemoData, demoData } from './lib/demo-data';
import { mb, runChild, sampleRss, RssSummary, settleRss } from './lib/proc';
import { attempt, baselineRow, fmtNumber, RowSpec, targetRow } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';
import { ExportQuery } from '../src/reporting/dto/reporting.dto';
import { exportColumns, exportCsvCopy, exportRowsQuery } from '../src/reporting/export-queries';
import type { SqlExportColumn } from '../src/reporting/render/csv-sql';
import type { CursorJob, CursorResult } from './workers/cursor-csv';
import { positiveInt } from './lib/env';

const SECTION = 'export';
/** Rows per cursor round trip, as ExportsService reads them. */
const BATCH = 2000;
const CSV_MAX_MB = 150;
const XLSX_MAX_MB = 250;

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

/**
 * The cost-lines export's SQL with its call filter, from the app's own builder
 * (src/reporting/export-queries.ts): the baselines run the rows query the XLSX export reads
 * through a cursor; the app's CSV is a COPY of the same rows with their fields formatted in SQL.
 * The app's export checks in pg_stat_activity that it runs these very texts.
 */
function costLinesQueries(callId: string): { columns: SqlExportColumn[]; rows: { sql: string; params: unknown[] }; csvCopy: string } {
  const filters = Object.assign(new ExportQuery(), { callId, format: 'csv' as const });
  return { columns: exportColumns('cost-lines'), rows: exportRowsQuery('cost-lines', filters), csvCopy: exportCsvCopy('cost-lines', filters) };
}

/** The CSV's fields in order: the euro columns are followed by their '(cent)' column. */
function csvFields(columns: readonly SqlExportColumn[]): string[] {
  return columns.flatMap((c) => (c.type === 'euro' ? [c.key, c.key] : [c.key]));
}

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** PSQL when set, else /usr/bin/psql, else the first psql on PATH; null when there is none. */
function findPsql(): string | null {
  const configured = process.env.PSQL;
  const candidates = configured ? [configured] : ['/usr/bin/psql', ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'psql'))];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}

interface Setup {
  app: AppUnderTest;
  demo: DemoData;
  token: string;
  /** Rows the export query returns. */
  rows: number;
  dir: string;
}

/**
 * Enough cost lines in the labs call for the export to have exactly `target` rows: copies of
 * the seeded lines added to the approved statements of every grant but the first (whose
 * statement the pdf section renders), spread evenly; then ANALYZE.
 */
async function fill(ctx: BenchContext, db: Client, demo: DemoData, target: number): Promise<number> {
  const { rows: query } = costLinesQueries(demo.callId);
  const count = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${query.sql}) q`, query.params)).rows[0].n;
  const existing = await count();
  const missing = target - existing;
  if (missing > 0) {
    const started = Date.now();
    const targets = demo.grants.length > 1 ? demo.grants.slice(1) : demo.grants;
    for (const [i, grant] of targets.entries()) {
      const share = Math.floor(missing / targets.length) + (i < missing % targets.length ? 1 : 0);
      await addCostLines(db, grant.statementId, share);
    }
    await db.query('ANALYZE cost_statement_lines, cost_statements, reporting_periods, grants');
    ctx.log(`${missing} cost lines added to ${targets.length} approved statements in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  const rows = await count();
  if (rows !== Math.max(target, existing)) throw new Error(`the export query returns ${rows} rows, expected ${target}`);
  return rows;
}

async function prepare(ctx: BenchContext, target: number): Promise<Setup> {
  const app = await ctx.app();
  const demo = await demoData(ctx, app);
  const db = await connect(app.databaseUrl);
  let rows: number;
  try {
    rows = await fill(ctx, db, demo, target);
  } finally {
    await db.end();
  }
  const finance = await app.createStaff(['FINANCE_OFFICER'], 'Bench Financiën export');
  const dir = mkdtempSync(join(tmpdir(), 'efro-bench-export-'));
  ctx.defer('remove the export files', async () => rmSync(dir, { recursive: true, force: true }));
  return { app, demo, token: finance.token, rows, dir };
}

// ---------------------------------------------------------------------------------------------
// Baselines

async function cursorBaseline(ctx: BenchContext, setup: Setup): Promise<CursorResult> {
  const queries = costLinesQueries(setup.demo.callId);
  const job: CursorJob = { url: setup.app.databaseUrl, sql: queries.rows.sql, params: queries.rows.params, batch: BATCH, out: '/dev/null', fields: csvFields(queries.columns) };
  ctx.log(`cursor → CSV: ${setup.rows} rows, batches of ${BATCH}`);
  const run = await runChild(process.execPath, [join(__dirname, 'workers/cursor-csv.js'), JSON.stringify(job)], { timeoutMs: 1_800_000 });
  if (run.code !== 0) throw new Error(`cursor child failed (exit ${run.code ?? run.signal}): ${run.stderr.slice(-2000)}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as CursorResult;
  ctx.log(`cursor → CSV: ${result.rows} rows in ${(result.elapsedMs / 1000).toFixed(1)}s, ${fmtNumber((result.rows * 1000) / result.elapsedMs)} rows/s, peak RSS ${mb(result.maxRssKb).toFixed(0)} MB`);
  return result;
}

interface PsqlResult {
  rows: number;
  elapsedMs: number;
  rss: RssSummary | null;
}

async function psqlCopy(ctx: BenchContext, setup: Setup, psql: string): Promise<PsqlResult> {
  // \copy takes the rest of its line: the query on one line, its parameter as a literal.
  const query = squash(costLinesQueries(setup.demo.callId).rows.sql).replace('$1', `'${setup.demo.callId.replace(/'/g, "''")}'`);
  const command = `\\copy (${query}) TO '/dev/null' WITH (FORMAT csv, DELIMITER ';', HEADER)`;
  ctx.log(`psql \\copy: ${setup.rows} rows`);
  const run = await runChild(psql, ['-X', '-v', 'ON_ERROR_STOP=1', '-d', setup.app.databaseUrl, '-c', command], { timeoutMs: 1_800_000, sampleRssMs: 50 });
  if (run.code !== 0) throw new Error(`psql failed (exit ${run.code ?? run.signal}): ${run.stderr.slice(-2000)}`);
  const match = /COPY (\d+)/.exec(run.stdout);
  if (!match) throw new Error(`psql printed no COPY count: ${run.stdout.slice(-500)}`);
  const rows = Number(match[1]);
  ctx.log(`psql \\copy: ${rows} rows in ${(run.elapsedMs / 1000).toFixed(1)}s, ${fmtNumber((rows * 1000) / run.elapsedMs)} rows/s`);
  return { rows, elapsedMs: run.elapsedMs, rss: run.rss };
}

// ---------------------------------------------------------------------------------------------
// The app's exports

interface Download {
  status: number;
  contentType: string;
  bytes: number;
  /** LF bytes seen (CSV lines). */
  newlines: number;
  firstByteMs: number;
  elapsedMs: number;
}

/** GET `url` with a bearer token, the body counted (and kept in `file` when given), as fast as it comes. */
function download(url: string, token: string, file: string | null): Promise<Download> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get(url, { headers: { authorization: `Bearer ${token}`, accept: '*/*' } }, (response) => {
      const status = response.statusCode ?? 0;
      const contentType = String(response.headers['content-type'] ?? '');
      let firstByteMs = 0;
      let bytes = 0;
      let newlines = 0;
      const errorBody: Buffer[] = [];
      const sink = status === 200 && file ? createWriteStream(file) : null;
      response.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        if (status !== 200) {
          if (errorBody.length < 10) errorBody.push(chunk);
          return;
        }
        if (!sink) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
      });
      if (sink) response.pipe(sink);
      response.once('error', reject);
      const done = () => {
        const elapsedMs = performance.now() - started;
        if (status !== 200) reject(new Error(`GET ${url} → ${status}: ${Buffer.concat(errorBody).toString('utf8', 0, 500)}`));
        else resolve({ status, contentType, bytes, newlines, firstByteMs, elapsedMs });
      };
      if (sink) {
        sink.once('error', reject);
        sink.once('finish', done);
      } else {
        response.once('end', done);
      }
    });
    request.setTimeout(600_000, () => request.destroy(new Error(`GET ${url}: no data for 10 minutes`)));
    request.once('error', reject);
  });
}

/** Rows of the first worksheet of an XLSX file (its `<row ` elements), read from the zip with zlib alone. */
async function xlsxSheetRows(file: string): Promise<number> {
  const handle = await open(file, 'r');
  let start: number;
  let size: number;
  let method: number;
  try {
    const { size: fileSize } = await handle.stat();
    const tail = Buffer.alloc(Math.min(fileSize, 65_557));
    await handle.read(tail, 0, tail.length, fileSize - tail.length);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || cdOffset === 0xffffffff) throw new Error('ZIP64 archives are not read here');
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    let sheet: { method: number; size: number; local: number } | null = null;
    for (let p = 0, i = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
      const nameLength = cd.readUInt16LE(p + 28);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      if (!sheet && /^xl\/worksheets\/sheet\d+\.xml$/.test(name)) {
        sheet = { method: cd.readUInt16LE(p + 10), size: cd.readUInt32LE(p + 20), local: cd.readUInt32LE(p + 42) };
      }
      p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (!sheet) throw new Error('no worksheet in the workbook');
    if (sheet.size === 0xffffffff) throw new Error('ZIP64 entries are not read here');
    const local = Buffer.alloc(30);
    await handle.read(local, 0, 30, sheet.local);
    if (local.readUInt32LE(0) !== 0x04034b50) throw new Error('corrupt zip local header');
    start = sheet.local + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    size = sheet.size;
    method = sheet.method;
  } finally {
    await handle.close();
  }
  if (method !== 0 && method !== 8) throw new Error(`zip compression method ${method} is not read here`);
  const raw = size === 0 ? Readable.from([]) : createReadStream(file, { start, end: start + size - 1 });
  const xml: Readable = method === 8 ? raw.pipe(createInflateRaw()) : raw;
  const needle = Buffer.from('<row ');
  let rows = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of xml) {
    const buffer: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    for (let i = buffer.indexOf(needle); i !== -1; i = buffer.indexOf(needle, i + needle.length)) rows += 1;
    carry = buffer.subarray(Math.max(0, buffer.length - (needle.length - 1)));
  }
  return rows;
}

/** The text of the app's export query as PostgreSQL sees it, polled while the export runs. */
function watchAppQuery(url: string): { stop(): Promise<string | null> } {
  let found: string | null = null;
  let stopped = false;
  const loop = (async () => {
    const db = await connect(url);
    try {
      while (!stopped && found === null) {
        const result = await db.query<{ query: string }>(
          `SELECT query FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'efro-grants'
             AND (query LIKE '%FROM cost_statement_lines l%' OR query LIKE 'COPY (SELECT %')`,
        );
        found = result.rows[0]?.query ?? null;
        if (found === null) await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await db.end();
    }
  })();
  loop.catch(() => undefined);
  return {
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      return found;
    },
  };
}

interface AppExport {
  download: Download;
  rows: number;
  rowsPerSec: number;
  rss: RssSummary;
  /** RSS right after boot, before the process settled (see settleRss). */
  bootRssKb: number;
  /** The app's SQL differs from the baseline's copy (null: not seen, or the same). */
  queryDiffers: boolean | null;
}

/**
 * One export through a fresh process of the app (same database and secrets): its resident
 * memory is sampled every 50 ms from /proc while the body streams in, and does not carry what
 * earlier sections (PDF worker threads, load) left in the shared app.
 */
async function appExport(ctx: BenchContext, setup: Setup, format: 'csv' | 'xlsx'): Promise<AppExport> {
  const replica = await setup.app.startReplica();
  ctx.defer(`stop ${replica.name}`, () => replica.stop());
  try {
    // One request first, so the route, the guards and the pool are warm (not measured).
    await download(`${replica.baseUrl}/health/live`, setup.token, null);
    const settled = await settleRss(replica.pid);
    ctx.log(`app pid ${replica.pid}: RSS ${mb(settled.fromKb).toFixed(0)} MB after boot, ${mb(settled.toKb).toFixed(0)} MB after ${(settled.waitedMs / 1000).toFixed(1)}s idle`);
    const url = `${replica.baseUrl}/exports/cost-lines?format=${format}&callId=${setup.demo.callId}`;
    const file = format === 'xlsx' ? join(setup.dir, 'cost-lines.xlsx') : null;
    ctx.log(`app ${format.toUpperCase()} export: GET ${url.replace(replica.baseUrl, '')} (app pid ${replica.pid})`);
    const watch = watchAppQuery(setup.app.databaseUrl);
    const sampler = sampleRss(replica.pid, 50);
    let result: Download;
    let rss: RssSummary;
    let query: string | null;
    try {
      result = await download(url, setup.token, file);
    } finally {
      rss = sampler.stop();
      query = await watch.stop();
    }
    const rows = file ? (await xlsxSheetRows(file)) - 2 : result.newlines - 1;
    const rowsPerSec = (setup.rows * 1000) / result.elapsedMs;
    ctx.log(
      `app ${format.toUpperCase()} export: ${rows} rows, ${(result.bytes / 1048576).toFixed(0)} MiB in ${(result.elapsedMs / 1000).toFixed(1)}s ` +
        `(first byte after ${result.firstByteMs.toFixed(0)} ms), ${fmtNumber(rowsPerSec)} rows/s, RSS ${mb(rss.startKb).toFixed(0)} → peak ${mb(rss.peakKb).toFixed(0)} MB`,
    );
    const queries = costLinesQueries(setup.demo.callId);
    // pg_stat_activity keeps the first track_activity_query_size bytes: the COPY's text is longer.
    const expected = squash(format === 'csv' ? queries.csvCopy : queries.rows.sql);
    return { download: result, rows, rowsPerSec, rss, bootRssKb: settled.fromKb, queryDiffers: query === null ? null : !expected.startsWith(squash(query)) };
  } finally {
    await replica.stop();
  }
}

function exportNotes(e: AppExport, expectedRows: number, format: 'csv' | 'xlsx'): { notes: string[]; problems: string[] } {
  const notes = [
    `${e.rows} rows, ${(e.download.bytes / 1048576).toFixed(0)} MiB in ${(e.download.elapsedMs / 1000).toFixed(1)}s, first byte after ${e.download.firstByteMs.toFixed(0)} ms`,
  ];
  const problems: string[] = [];
  if (e.rows !== expectedRows) {
    problems.push(
      format === 'csv'
        ? `${e.rows} data lines (after the header) for ${expectedRows} rows`
        : `${e.rows + 2} sheet rows for ${expectedRows} rows + header + totals`,
    );
  }
  if (e.queryDiffers) problems.push('the app ran another SQL text than src/reporting/export-queries.ts gives');
  if (e.queryDiffers === null) notes.push('the app’s query was not seen in pg_stat_activity: not compared with the baseline’s');
  return { notes, problems };
}

function rssRow(rowSpec: RowSpec, e: AppExport, maxMb: number): Row {
  return targetRow(
    rowSpec,
    {
      value: mb(e.rss.peakKb),
      p99Ms: null,
      errors: 0,
      non2xx: 0,
      notes: [
        `RSS ${mb(e.rss.startKb).toFixed(0)} MB before the export (fresh app process, idle, settled from ${mb(e.bootRssKb).toFixed(0)} MB just after boot), peak ${mb(e.rss.peakKb).toFixed(0)} MB ` +
          `(+${mb(e.rss.peakKb - e.rss.startKb).toFixed(0)} MB) over ${e.rss.samples} samples every 50 ms`,
      ],
      details: { ...e.rss },
    },
    { maxValue: maxMb },
  );
}

/**
 * Exports of 1.000.000 cost lines (BENCH_EXPORT_ROWS), rows per second and peak memory:
 *  1. a plain pg cursor (batches of 2000) written as CSV by a bare node script   (baseline)
 *  2. psql \copy (query) TO '/dev/null' WITH CSV                                 (reference)
 *  3. GET /exports/cost-lines?format=csv (the app's COPY), body counted          ≥ 85 % of 1
 *  4. peak RSS of the app process during 3                                       ≤ 150 MB
 *  5. GET /exports/cost-lines?format=xlsx, kept and its sheet rows counted       (vs 1, no target)
 *  6. peak RSS of the app process during 5                                       ≤ 250 MB
 * Same rows in the same order (the CSV's fields formatted by PostgreSQL, the baseline's by
 * node); each app export runs on a fresh process of the app (same database) so
 * its memory is its own. Every output is checked to hold exactly the expected rows.
 */
export const exportSection: BenchSection = {
  name: SECTION,
  description: 'cost-lines export (1.000.000 rows): pg cursor → CSV and psql \\copy vs the app’s CSV and XLSX, rows/s and peak RSS',
  async run(ctx: BenchContext): Promise<Row[]> {
    const log = (m: string) => ctx.log(m);
    const target = positiveInt('BENCH_EXPORT_ROWS', 1_000_000);
    const label = target.toLocaleString('nl-BE');
    const setupPromise = prepare(ctx, target);
    setupPromise.catch(() => undefined);

    const cursorSpec = spec('cursor-csv', `pg cursor → CSV, bare node (${label} rows)`, 'rows/s');
    const cursorRow = await attempt(cursorSpec, log, async () => {
      const setup = await setupPromise;
      const r = await cursorBaseline(ctx, setup);
      const row = baselineRow(cursorSpec, {
        value: (r.rows * 1000) / r.elapsedMs,
        p99Ms: null,
        errors: 0,
        non2xx: 0,
        notes: [`${(r.bytes / 1048576).toFixed(0)} MiB in ${(r.elapsedMs / 1000).toFixed(1)}s, first row after ${r.firstRowMs.toFixed(0)} ms, peak RSS ${mb(r.maxRssKb).toFixed(0)} MB`],
        details: { ...r },
      });
      if (r.rows !== setup.rows) {
        row.verdict = 'fail';
        row.notes.push(`${r.rows} rows written for ${setup.rows}`);
      }
      return row;
    });

    const psql = findPsql();
    const psqlSpec = spec('psql-copy', `psql \\copy (query) TO /dev/null CSV (${label} rows)`, 'rows/s');
    const psqlRow = await attempt(psqlSpec, log, async () => {
      const setup = await setupPromise;
      if (!psql) return baselineRow(psqlSpec, { value: null, p99Ms: null, errors: 0, non2xx: 0, notes: ['no psql binary (set PSQL)'] });
      const r = await psqlCopy(ctx, setup, psql);
      const row = baselineRow(psqlSpec, {
        value: (r.rows * 1000) / r.elapsedMs,
        p99Ms: null,
        errors: 0,
        non2xx: 0,
        notes: [`${(r.elapsedMs / 1000).toFixed(1)}s${r.rss ? `, psql peak RSS ${mb(r.rss.peakKb).toFixed(0)} MB (sampled)` : ''}`],
        details: { rows: r.rows, elapsedMs: r.elapsedMs, rss: r.rss },
      });
      if (r.rows !== setup.rows) {
        row.verdict = 'fail';
        row.notes.push(`${r.rows} rows copied for ${setup.rows}`);
      }
      return row;
    });

    const rows: Row[] = [cursorRow, psqlRow];
    for (const format of ['csv', 'xlsx'] as const) {
      const upper = format.toUpperCase();
      const rateSpec = spec(format, `app GET /exports/cost-lines?format=${format} (${label} rows)`, 'rows/s');
      const memSpec = spec(`${format}-rss`, `app peak RSS during the ${upper} export`, 'MB');
      const maxMb = format === 'csv' ? CSV_MAX_MB : XLSX_MAX_MB;
      let measured: AppExport | null = null;
      const rateRow = await attempt(rateSpec, log, async () => {
        const setup = await setupPromise;
        const e = await appExport(ctx, setup, format);
        measured = e;
        const { notes, problems } = exportNotes(e, setup.rows, format);
        const row = targetRow(
          rateSpec,
          { value: e.rowsPerSec, p99Ms: null, errors: 0, non2xx: 0, notes: [...notes, ...problems], details: { ...e.download, rows: e.rows, expectedRows: setup.rows } },
          format === 'csv' ? { minRatio: 0.85 } : {},
          cursorRow,
        );
        if (problems.length > 0) row.verdict = 'fail';
        return row;
      });
      const done = measured as AppExport | null;
      rows.push(rateRow, done ? rssRow(memSpec, done, maxMb) : targetRow(memSpec, { value: null, p99Ms: null, errors: 0, non2xx: 0, notes: ['not measured: the export failed'] }, { maxValue: maxMb }));
    }
    return rows;
  },
};
