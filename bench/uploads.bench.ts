import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../src/demo/demo.seeder';
import { connect, demoData } from './lib/demo-data';
import { mb, RssSummary, sampleRss, settleRss } from './lib/proc';
import { attempt, fmtMs, RowSpec, targetRow } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';
import { positiveInt } from './lib/env';
import { percentile } from './lib/stats';

const SECTION = 'uploads';
const MIB = 1024 * 1024;
/** What the issue measured: 12 concurrent uploads of 19 MiB. */
const CONCURRENT_DEFAULT = 12;
const FILE_MIB_DEFAULT = 19;
/** Rounds of concurrent uploads: memory must stay flat over several, not only one. */
const ROUNDS_DEFAULT = 2;
/** Allowed rise of the app's resident memory over its idle, settled figure. */
const MAX_RISE_MB = 64;
/** Bytes handed to the socket per write, as a browser would stream a file. */
const SLICE = 64 * 1024;

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

interface UploadResult {
  status: number;
  elapsedMs: number;
  /** The service's SHA-256 equals the client's. */
  hashMatches: boolean;
  body: string;
  /** Bytes of the file sent. */
  fileBytes: number;
}

/**
 * One multipart upload streamed from a shared body of random bytes behind a head of its own
 * (distinct bytes, so distinct stored files); the client never holds a second copy.
 */
function uploadOne(baseUrl: string, path: string, token: string, shared: Buffer, label: string): Promise<UploadResult> {
  const boundary = `bench${randomUUID()}`;
  const fileHead = Buffer.from(`%PDF-1.7\n% ${label}\n`);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nBench ${label}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${label}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const expected = createHash('sha256').update(fileHead).update(shared).digest('hex');
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + fileHead.length + shared.length + tail.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let sha256: string | undefined;
          try {
            sha256 = (JSON.parse(body) as { sha256?: string }).sha256;
          } catch {
            sha256 = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            elapsedMs: performance.now() - started,
            hashMatches: sha256 === expected,
            body: body.slice(0, 300),
            fileBytes: fileHead.length + shared.length,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(300_000, () => req.destroy(new Error('upload timed out')));
    const write = async () => {
      const pieces: Buffer[] = [head, fileHead];
      for (let offset = 0; offset < shared.length; offset += SLICE) pieces.push(shared.subarray(offset, offset + SLICE));
      pieces.push(tail);
      for (const piece of pieces) {
        if (!req.write(piece)) await new Promise<void>((r) => req.once('drain', () => r()));
      }
      req.end();
    };
    write().catch(reject);
  });
}

interface Measured {
  results: UploadResult[];
  elapsedMs: number;
  rss: RssSummary;
  /** RSS of the idle app before the uploads (settled), and some seconds after them. */
  idleKb: number;
  afterKb: number;
  bytes: number;
  /** Per round: the highest RSS sampled during that round. */
  roundPeaksKb: number[];
  stored: number;
  leftovers: number;
}

/**
 * 12 concurrent uploads of 19 MiB (BENCH_UPLOAD_CONCURRENCY, BENCH_UPLOAD_MIB), BENCH_UPLOAD_ROUNDS
 * rounds (default 2), to a draft progress report of a demo grant, through a fresh process of the
 * app with its own UPLOAD_DIR; its resident memory is sampled from /proc every 50 ms.
 */
interface Shape {
  concurrency: number;
  fileMib: number;
  rounds: number;
}

async function measure(ctx: BenchContext, { concurrency, fileMib, rounds }: Shape): Promise<Measured> {
  const app = await ctx.app();
  const demo = await demoData(ctx, app);
  const grant = demo.grants[0];
  const db = await connect(app.databaseUrl);
  let email: string;
  try {
    const lead = await db.query<{ email: string }>(
      `SELECT u.email FROM users u JOIN grants g ON g.beneficiary_organisation_id = u.organisation_id WHERE g.id = $1 AND u.active ORDER BY u.email LIMIT 1`,
      [grant.id],
    );
    if (lead.rows.length === 0) throw new Error(`no active member of the beneficiary of ${grant.grantNumber}`);
    email = lead.rows[0].email;
  } finally {
    await db.end();
  }
  const token = await app.login(email, DEMO_PASSWORD);
  // A draft report of a later period takes the documents (period 1 is approved, so frozen).
  const draft = await app.api.put<{ id: string; status: string }>(
    `/grants/${grant.id}/periods/6/progress-report`,
    { narrative: 'Bench: supporting documents of the last period.', indicators: { COMPANIES_SERVED: 1, TESTS_CARRIED_OUT: 1 } },
    { token },
  );
  if (draft.status !== 'DRAFT' && draft.status !== 'RETURNED') throw new Error(`the period 6 report of ${grant.grantNumber} is ${draft.status}, not a draft`);
  const path = `/progress-reports/${draft.id}/documents`;

  const uploadDir = mkdtempSync(join(tmpdir(), 'efro-bench-uploads-'));
  ctx.defer('remove the bench upload folder', async () => rmSync(uploadDir, { recursive: true, force: true }));
  const replica = await app.startReplica({ env: { UPLOAD_DIR: uploadDir } });
  ctx.defer(`stop ${replica.name}`, () => replica.stop());
  try {
    const shared = randomBytes(fileMib * MIB - 64);
    // One small upload first, so routes, guards and the pool are warm (not measured).
    const warm = await uploadOne(replica.baseUrl, path, token, shared.subarray(0, 1024), 'warm-up');
    if (warm.status !== 201) throw new Error(`warm-up upload → ${warm.status}: ${warm.body}`);
    const settled = await settleRss(replica.pid);
    ctx.log(`app pid ${replica.pid}: RSS ${mb(settled.fromKb).toFixed(0)} MB after boot, ${mb(settled.toKb).toFixed(0)} MB settled; ${rounds} × ${concurrency} uploads of ${fileMib} MiB`);
    const sampler = sampleRss(replica.pid, 50);
    let rss: RssSummary;
    const results: UploadResult[] = [];
    const roundPeaksKb: number[] = [];
    const started = performance.now();
    try {
      for (let round = 0; round < rounds; round += 1) {
        const roundSampler = sampleRss(replica.pid, 50);
        try {
          results.push(...(await Promise.all(Array.from({ length: concurrency }, (_, i) => uploadOne(replica.baseUrl, path, token, shared, `r${round}-${i}`)))));
        } finally {
          roundPeaksKb.push(roundSampler.stop().peakKb);
        }
        ctx.log(`round ${round + 1}: peak RSS ${mb(roundPeaksKb[round]).toFixed(0)} MB`);
      }
    } finally {
      rss = sampler.stop();
    }
    const elapsedMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 3000));
    const afterKb = (await settleRss(replica.pid, 8 * 1024, 5000)).toKb;
    const names = readdirSync(uploadDir);
    return {
      results,
      elapsedMs,
      rss,
      idleKb: settled.toKb,
      afterKb,
      bytes: results.reduce((sum, r) => sum + r.fileBytes, 0),
      roundPeaksKb,
      stored: names.filter((n) => /^[0-9a-f]{64}$/.test(n)).length,
      leftovers: names.filter((n) => !/^[0-9a-f]{64}$/.test(n)).length,
    };
  } finally {
    await replica.stop();
  }
}

/**
 * Supporting documents streamed to disk (the issue: 12 concurrent 19 MiB uploads took the
 * service from 203 to 553 MB, held whole in memory):
 *  1. peak RSS of a fresh app process during 2 rounds of 12 concurrent 19 MiB uploads
 *                                                        ≤ its settled idle RSS + 64 MB
 *  2. throughput of those uploads, MiB/s (p99: one upload's time; reference, no target)
 * Both fail when an upload is refused, its hash differs, or files are left that nothing records.
 */
export const uploadsSection: BenchSection = {
  name: SECTION,
  description: 'supporting documents: 12 concurrent 19 MiB uploads streamed to disk, app peak RSS and MiB/s',
  async run(ctx: BenchContext): Promise<Row[]> {
    const shape: Shape = {
      concurrency: positiveInt('BENCH_UPLOAD_CONCURRENCY', CONCURRENT_DEFAULT),
      fileMib: positiveInt('BENCH_UPLOAD_MIB', FILE_MIB_DEFAULT),
      rounds: positiveInt('BENCH_UPLOAD_ROUNDS', ROUNDS_DEFAULT),
    };
    const rssSpec = spec('rss', `app peak RSS, ${shape.rounds} round(s) × ${shape.concurrency} concurrent ${shape.fileMib} MiB uploads`, 'MB');
    const rateSpec = spec('throughput', 'the same uploads: throughput (p99 = one upload)', 'MiB/s');
    let measured: Measured | null = null;
    const rssRow = await attempt(rssSpec, ctx.log, async () => {
      const m = await measure(ctx, shape);
      measured = m;
      const failed = m.results.filter((r) => r.status !== 201);
      const wrongHash = m.results.filter((r) => r.status === 201 && !r.hashMatches);
      const notes = [
        `RSS ${mb(m.idleKb).toFixed(0)} MB idle (fresh process, settled), peak ${mb(m.rss.peakKb).toFixed(0)} MB (+${mb(m.rss.peakKb - m.idleKb).toFixed(0)} MB), ` +
          `per round ${m.roundPeaksKb.map((k) => mb(k).toFixed(0)).join(' / ')} MB, ${mb(m.afterKb).toFixed(0)} MB 3 s after; ${m.rss.samples} samples every 50 ms`,
        `${m.stored} files stored for ${m.results.length + 1} uploads (warm-up included), ${m.leftovers} other files left in UPLOAD_DIR`,
      ];
      if (failed.length > 0) notes.push(`${failed.length} upload(s) refused, first: ${failed[0].status} ${failed[0].body}`);
      if (wrongHash.length > 0) notes.push(`${wrongHash.length} upload(s) answered another SHA-256 than the client computed`);
      const consistent = m.stored === m.results.length + 1 && m.leftovers === 0;
      if (!consistent) notes.push('the upload folder does not hold exactly one file per upload');
      return targetRow(
        rssSpec,
        { value: mb(m.rss.peakKb), p99Ms: null, errors: wrongHash.length + (consistent ? 0 : 1), non2xx: failed.length, notes, details: { ...m.rss, idleKb: m.idleKb, afterKb: m.afterKb, roundPeaksKb: m.roundPeaksKb } },
        { maxValue: Math.round(mb(m.idleKb) + MAX_RISE_MB) },
      );
    });
    const m = measured as Measured | null;
    if (!m) return [rssRow, targetRow(rateSpec, { value: null, p99Ms: null, errors: 0, non2xx: 0, notes: ['not measured: the uploads failed'] }, {})];
    const times = m.results.map((r) => r.elapsedMs).sort((a, b) => a - b);
    const rateRow = targetRow(
      rateSpec,
      {
        value: m.bytes / MIB / (m.elapsedMs / 1000),
        p99Ms: percentile(times, 99),
        errors: 0,
        non2xx: m.results.filter((r) => r.status !== 201).length,
        notes: [`${m.results.length} uploads, ${(m.bytes / MIB).toFixed(0)} MiB in ${(m.elapsedMs / 1000).toFixed(1)}s; one upload p50 ${fmtMs(percentile(times, 50) ?? NaN)} ms`],
      },
      {},
    );
    return [rssRow, rateRow];
  },
};
