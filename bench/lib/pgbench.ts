import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Measurement } from './rows';
import type { BenchContext } from './types';
import { percentile } from './stats';

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

/** The numbers pgbench prints at the end of a run. */
export interface PgbenchSummary {
  tps: number | null;
  /** Transactions actually processed. */
  transactions: number | null;
  failed: number;
  latencyAverageMs: number | null;
  version: string | null;
  aborted: boolean;
  exitCode: number | null;
  output: string;
}

function summarise(result: Run): PgbenchSummary {
  const tps = /^tps = ([\d.]+)/m.exec(result.output);
  const failed = /^number of failed transactions: (\d+)/m.exec(result.output);
  const processed = /^number of transactions actually processed: (\d+)/m.exec(result.output);
  const latencyAvg = /^latency average = ([\d.]+) ms/m.exec(result.output);
  const version = /^pgbench \((.+)\)$/m.exec(result.output);
  return {
    tps: tps ? Number(tps[1]) : null,
    transactions: processed ? Number(processed[1]) : null,
    failed: failed ? Number(failed[1]) : 0,
    latencyAverageMs: latencyAvg ? Number(latencyAvg[1]) : null,
    version: version?.[1] ?? null,
    aborted: result.code !== 0 || /aborted/i.test(result.output),
    exitCode: result.code,
    output: result.output,
  };
}

interface MeasuredRunOptions {
  binary: string;
  url: string;
  label: string;
  /** Every argument but -T, the log options and the URL. */
  args: string[];
  clients: number;
  threads: number;
  durationSec: number;
  samplingRate: number;
  /** Extra fields for the row's details. */
  details?: Record<string, unknown>;
}

/** One measured pgbench run with a sampled per-transaction log for the p99. */
async function measuredRun(ctx: BenchContext, options: MeasuredRunOptions): Promise<{ measurement: Measurement; summary: PgbenchSummary }> {
  const logDir = mkdtempSync(join(tmpdir(), 'efro-pgbench-'));
  try {
    ctx.log(`${options.label}: measuring ${options.durationSec}s with ${options.clients} clients, ${options.threads} threads`);
    const args = [
      ...options.args,
      '-T',
      String(options.durationSec),
      '-l',
      `--log-prefix=${join(logDir, 'tx')}`,
      `--sampling-rate=${options.samplingRate}`,
      options.url,
    ];
    const summary = summarise(await run(options.binary, args));
    const latencies = readLatencies(logDir);
    const p99 = percentile(latencies, 99);
    const measurement: Measurement = {
      value: summary.tps,
      p99Ms: p99 === null ? null : p99 / 1000,
      errors: summary.aborted ? 1 : 0,
      non2xx: summary.failed,
      notes: summary.aborted
        ? [`pgbench exit ${summary.exitCode}: ${summary.output.split('\n').find((l) => /error|abort/i.test(l)) ?? 'aborted'}`]
        : [],
      details: {
        pgbench: options.binary,
        version: summary.version,
        args: args.map((a) => (a === options.url ? '<scratch database url>' : a.replace(tmpdir(), '<tmp>'))),
        transactions: summary.transactions,
        latencyAverageMs: summary.latencyAverageMs,
        p99SampleSize: latencies.length,
        samplingRate: options.samplingRate,
        ...options.details,
      },
    };
    ctx.log(`${options.label}: ${measurement.value === null ? 'n/a' : Math.round(measurement.value)} tps, p99 ${measurement.p99Ms?.toFixed(2) ?? 'n/a'} ms`);
    if (measurement.value === null) throw new Error(`pgbench printed no tps (exit ${summary.exitCode}):\n${summary.output}`);
    return { measurement, summary };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

const notInstalled = (ctx: BenchContext, label: string): Measurement => {
  ctx.log(`${label}: pgbench not found (set PGBENCH=/path/to/pgbench), row is n/a`);
  return { value: null, p99Ms: null, errors: 0, non2xx: 0, notes: ['pgbench not installed'] };
};

/**
 * `pgbench -i -s <scale>` then `pgbench -S -c <clients> -j <threads> -T <duration> -n` (built-in
 * select-only script: one SELECT by primary key per transaction). value = tps as pgbench reports it
 * (without initial connection time); p99 from a sample of the per-transaction log.
 * value is null (n/a) when pgbench is not installed.
 */
export async function measurePgbenchSelect(ctx: BenchContext, options: PgbenchOptions): Promise<Measurement> {
  const binary = findPgbench();
  if (!binary) return notInstalled(ctx, options.label);
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
  const { measurement } = await measuredRun(ctx, { binary, url: options.url, label: options.label, args: common, clients, threads, durationSec, samplingRate });
  return measurement;
}

export interface PgbenchScriptOptions {
  /** Database the script runs against (prepared by the caller: no pgbench -i). */
  url: string;
  label: string;
  /** Text of the custom script (pgbench -f): one transaction. */
  script: string;
  clients?: number;
  threads?: number;
  durationSec?: number;
  warmupSec?: number;
  /** Fraction of transactions logged for the p99 (pgbench --sampling-rate). */
  samplingRate?: number;
  /** Variables every client starts with (pgbench -D name=value). */
  variables?: Record<string, string | number>;
  /**
   * Runs before the warm-up (with null) and before the measured run (with the warm-up's
   * summary, or null without warm-up), e.g. to make sure the script's rows will not run out.
   */
  beforeRun?(phase: 'warmup' | 'measure', warmup: PgbenchSummary | null): Promise<void>;
}

/**
 * A custom script: `pgbench -f <script> -n -c <clients> -j <threads> -T <duration>`, after an
 * optional warm-up run of the same script. value = tps; p99 from a sample of the per-transaction
 * log; a client aborted by an error fails the row. value is null (n/a) without pgbench.
 */
export async function measurePgbenchScript(ctx: BenchContext, options: PgbenchScriptOptions): Promise<Measurement> {
  const binary = findPgbench();
  if (!binary) return notInstalled(ctx, options.label);
  const clients = options.clients ?? ctx.connections;
  const threads = options.threads ?? 2;
  const durationSec = options.durationSec ?? ctx.durationSec;
  const warmupSec = options.warmupSec ?? ctx.warmupSec;
  const samplingRate = options.samplingRate ?? 0.1;

  const scriptDir = mkdtempSync(join(tmpdir(), 'efro-pgbench-script-'));
  try {
    const file = join(scriptDir, 'script.sql');
    writeFileSync(file, options.script);
    const defines = Object.entries(options.variables ?? {}).flatMap(([name, value]) => ['-D', `${name}=${value}`]);
    const common = ['-n', '-f', file, ...defines, '-c', String(clients), '-j', String(threads)];
    let warmup: PgbenchSummary | null = null;
    if (warmupSec > 0) {
      if (options.beforeRun) await options.beforeRun('warmup', null);
      ctx.log(`${options.label}: warm-up ${warmupSec}s`);
      warmup = summarise(await run(binary, [...common, '-T', String(warmupSec), options.url]));
      if (warmup.aborted || warmup.tps === null) {
        throw new Error(`pgbench warm-up failed (exit ${warmup.exitCode}):\n${warmup.output.split('\n').filter((l) => /error|abort/i.test(l)).slice(0, 5).join('\n') || warmup.output}`);
      }
      ctx.log(`${options.label}: warm-up ${Math.round(warmup.tps)} tps`);
    }
    if (options.beforeRun) await options.beforeRun('measure', warmup);
    const { measurement } = await measuredRun(ctx, {
      binary,
      url: options.url,
      label: options.label,
      args: common,
      clients,
      threads,
      durationSec,
      samplingRate,
      details: { warmupTps: warmup?.tps ?? null },
    });
    return measurement;
  } finally {
    rmSync(scriptDir, { recursive: true, force: true });
  }
}
