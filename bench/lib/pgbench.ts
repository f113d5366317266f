import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Measurement } from './rows';
import type { BenchContext } from './types';

/** PGBENCH when set (only that), else /usr/bin/pgbench, else the first pgbench on PATH; null when there is none. */
export function findPgbench(): string | null {
  const configured = process.env.PGBENCH;
  const candidates = configured
    ? [configured]
    : ['/usr/bin/pgbench', ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'pgbench'))];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}

interface Run {
  code: number | null;
  output: string;
}

function run(binary: string, args: string[]): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGAPPNAME: 'efro-bench' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Per-transaction latencies (µs, 3rd field) from pgbench -l files; failed/skipped ones are left out. */
function readLatencies(dir: string): number[] {
  const values: number[] = [];
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (line !== '' && Number.isFinite(micros)) values.push(micros);
    }
  }
  return values.sort((a, b) => a - b);
}

export interface PgbenchOptions {
  /** Database to initialise and load (a scratch database). */
  url: string;
  label: string;
  scale?: number;
  clients?: number;
  threads?: number;
  durationSec?: number;
  warmupSec?: number;
  /** Fraction of transactions logged for the p99 (pgbench --sampling-rate). */
  samplingRate?: number;
}

/**
 * `pgbench -i -s <scale>` then `pgbench -S -c <clients> -j <threads> -T <duration> -n` (built-in
 * select-only script: one SELECT by primary key per transaction). value = tps as pgbench reports it
 * (without initial connection time); p99 from a sample of the per-transaction log.
 * value is null (n/a) when pgbench is not installed.
 */
export async function measurePgbenchSelect(ctx: BenchContext, options: PgbenchOptions): Promise<Measurement> {
  const binary = findPgbench();
  if (!binary) {
    ctx.log(`${options.label}: pgbench not found (set PGBENCH=/path/to/pgbench), row is n/a`);
    return { value: null, p99Ms: null, errors: 0, non2xx: 0, notes: ['pgbench not installed'] };
  }
  const clients = options.clients ?? ctx.connections;
  const threads = options.threads ?? 2;
  const durationSec = options.durationSec ?? ctx.durationSec;
  const warmupSec = options.warmupSec ?? ctx.warmupSec;
  const samplingRate = options.samplingRate ?? 0.1;

  ctx.log(`${options.label}: pgbench -i -s ${options.scale ?? 1}`);
  const init = await run(binary, ['-i', '-q', '-s', String(options.scale ?? 1), options.url]);
  if (init.code !== 0) throw new Error(`pgbench -i failed (exit ${init.code}):\n${init.output}`);

  const common = ['-S', '-n', '-c', String(clients), '-j', String(threads)];
  if (warmupSec > 0) {
    ctx.log(`${options.label}: warm-up ${warmupSec}s`);
    await run(binary, [...common, '-T', String(warmupSec), options.url]);
  }

  const logDir = mkdtempSync(join(tmpdir(), 'efro-pgbench-'));
  try {
    ctx.log(`${options.label}: measuring ${durationSec}s with ${clients} clients, ${threads} threads`);
    const args = [...common, '-T', String(durationSec), '-l', `--log-prefix=${join(logDir, 'tx')}`, `--sampling-rate=${samplingRate}`, options.url];
    const result = await run(binary, args);
    const tps = /^tps = ([\d.]+)/m.exec(result.output);
    const failed = /^number of failed transactions: (\d+)/m.exec(result.output);
    const processed = /^number of transactions actually processed: (\d+)/m.exec(result.output);
    const latencyAvg = /^latency average = ([\d.]+) ms/m.exec(result.output);
    const version = /^pgbench \(([^)]+)\)/m.exec(result.output);
    const aborted = result.code !== 0 || /aborted/i.test(result.output);
    const latencies = readLatencies(logDir);
    const p99 = percentile(latencies, 99);
    const measurement: Measurement = {
      value: tps ? Number(tps[1]) : null,
      p99Ms: p99 === null ? null : p99 / 1000,
      errors: aborted ? 1 : 0,
      non2xx: failed ? Number(failed[1]) : 0,
      notes: aborted ? [`pgbench exit ${result.code}: ${result.output.split('\n').find((l) => /error|abort/i.test(l)) ?? 'aborted'}`] : [],
      details: {
        pgbench: binary,
        version: version?.[1] ?? null,
        args: args.map((a) => (a === options.url ? '<scratch database url>' : a)),
        transactions: processed ? Number(processed[1]) : null,
        latencyAverageMs: latencyAvg ? Number(latencyAvg[1]) : null,
        p99SampleSize: latencies.length,
        samplingRate,
      },
    };
    ctx.log(`${options.label}: ${measurement.value === null ? 'n/a' : Math.round(measurement.value)} tps, p99 ${measurement.p99Ms?.toFixed(2) ?? 'n/a'} ms`);
    if (measurement.value === null) throw new Error(`pgbench printed no tps (exit ${result.code}):\n${result.output}`);
    return measurement;
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}
