import autocannon from 'autocannon';
import type { Measurement } from './rows';
import type { BenchContext } from './types';

export interface HttpLoad {
  /** Shown in progress lines. */
  label: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Defaults to ctx.connections. */
  connections?: number;
  /** Seconds; defaults to ctx.durationSec. */
  durationSec?: number;
  /** Seconds of discarded load first; defaults to ctx.warmupSec (0 to skip). */
  warmupSec?: number;
  /** Requests per second over all connections (autocannon paces each connection); unlimited when unset. */
  overallRate?: number;
}

export interface HttpMeasurement extends Measurement {
  value: number;
  p99Ms: number;
  details: {
    requestsTotal: number;
    reqPerSecMean: number;
    reqPerSecStddev: number;
    latencyMeanMs: number;
    latencyP50Ms: number;
    latencyP90Ms: number;
    latencyP99Ms: number;
    latencyMaxMs: number;
    timeouts: number;
    statusCodes: Record<string, number>;
    durationSec: number;
    connections: number;
    warmupErrors: number;
  };
}

function fire(load: HttpLoad, connections: number, durationSec: number): Promise<autocannon.Result> {
  return autocannon({
    url: load.url,
    method: load.method ?? 'GET',
    headers: load.headers,
    body: load.body,
    connections,
    duration: durationSec,
    timeout: 10,
    ...(load.overallRate ? { overallRate: load.overallRate } : {}),
  });
}

function statusCodes(result: autocannon.Result): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) counts[code] = stat.count ?? 0;
  return counts;
}

/** The measurement of one autocannon run: req/s is autocannon's mean of its per-second samples. */
function toMeasurement(result: autocannon.Result, connections: number, warmupErrors: number): HttpMeasurement {
  return {
    value: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    details: {
      requestsTotal: result.requests.total,
      reqPerSecMean: result.requests.mean,
      reqPerSecStddev: result.requests.stddev,
      latencyMeanMs: result.latency.mean,
      latencyP50Ms: result.latency.p50,
      latencyP90Ms: result.latency.p90,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      timeouts: result.timeouts,
      statusCodes: statusCodes(result),
      durationSec: result.duration,
      connections,
      warmupErrors,
    },
  };
}

function logResult(ctx: BenchContext, label: string, result: autocannon.Result): void {
  ctx.log(`${label}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.errors} error(s), ${result.non2xx} non-2xx`);
}

/**
 * Closed-loop load with autocannon from the bench process: a warm-up run (discarded), then the
 * measured run. req/s is autocannon's mean of its per-second samples; p99 is the latency p99.
 */
export async function measureHttp(ctx: BenchContext, load: HttpLoad): Promise<HttpMeasurement> {
  const connections = load.connections ?? ctx.connections;
  const durationSec = load.durationSec ?? ctx.durationSec;
  const warmupSec = load.warmupSec ?? ctx.warmupSec;
  let warmupErrors = 0;
  if (warmupSec > 0) {
    ctx.log(`${load.label}: warm-up ${warmupSec}s`);
    const warm = await fire(load, connections, warmupSec);
    warmupErrors = warm.errors + warm.non2xx;
    if (warmupErrors > 0) ctx.log(`${load.label}: warm-up saw ${warm.errors} error(s), ${warm.non2xx} non-2xx`);
  }
  ctx.log(`${load.label}: measuring ${durationSec}s with ${connections} connections`);
  const result = await fire(load, connections, durationSec);
  logResult(ctx, load.label, result);
  return toMeasurement(result, connections, warmupErrors);
}

/**
 * Only the warm-up of a load (`load.warmupSec`, default ctx.warmupSec; nothing when 0): for a
 * measurement that must start at the same moment as another one (run those with warmupSec 0).
 */
export async function warmUpHttp(ctx: BenchContext, load: HttpLoad): Promise<void> {
  const warmupSec = load.warmupSec ?? ctx.warmupSec;
  if (warmupSec <= 0) return;
  ctx.log(`${load.label}: warm-up ${warmupSec}s`);
  const warm = await fire(load, load.connections ?? ctx.connections, warmupSec);
  if (warm.errors + warm.non2xx > 0) ctx.log(`${load.label}: warm-up saw ${warm.errors} error(s), ${warm.non2xx} non-2xx`);
}

/** One request sent by a scripted connection. */
export interface ScriptedRequest {
  method: NonNullable<HttpLoad['method']>;
  /** Path and query, relative to the load's origin. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * What one connection sends, request after request. autocannon keeps one request in flight per
 * connection (no pipelining), so `response` always answers the request `next` returned last.
 */
export interface ConnectionScript {
  /** The next request: called before the first one and after each response (or timeout). */
  next(): ScriptedRequest;
  /** Every response, with its body. */
  response?(status: number, body: string): void;
}

export type LoadPhase = 'warmup' | 'measure';

/** What the warm-up of a scripted load did, handed to `afterWarmup`. */
export interface WarmupSummary {
  requests: number;
  non2xx: number;
  errors: number;
  durationSec: number;
  /** Mean req/s over the warm-up. */
  reqPerSec: number;
}

export interface ScriptedHttpLoad {
  /** Shown in progress lines. */
  label: string;
  /** Origin (http://host:port) the scripts' paths are relative to. */
  url: string;
  /**
   * The script of connection `index` (0 … connections−1) of one run; the warm-up and the measured
   * run each open their own connections, so this is called once per connection and run.
   */
  connection(index: number, phase: LoadPhase): ConnectionScript;
  /** Defaults to ctx.connections. */
  connections?: number;
  /** Seconds; defaults to ctx.durationSec. */
  durationSec?: number;
  /** Seconds of discarded load first; defaults to ctx.warmupSec (0 to skip). */
  warmupSec?: number;
  /** Runs between the warm-up and the measured run (e.g. to top up data at the warm-up's rate). */
  afterWarmup?(warmup: WarmupSummary | null): Promise<void>;
}

function fireScripted(load: ScriptedHttpLoad, connections: number, durationSec: number, phase: LoadPhase): Promise<autocannon.Result> {
  let nextIndex = 0;
  return autocannon({
    url: load.url,
    connections,
    duration: durationSec,
    timeout: 10,
    // Called once per connection, before it connects: the connection gets its own script, and
    // its request list is replaced by one request built from that script each time.
    setupClient(client) {
      const script = load.connection(nextIndex, phase);
      nextIndex += 1;
      client.setRequests([
        {
          setupRequest: (request) => {
            const next = script.next();
            return { ...request, method: next.method, path: next.path, headers: { ...next.headers }, body: next.body ?? '' };
          },
          onResponse: (status, body) => script.response?.(status, body),
        },
      ]);
    },
  });
}

/**
 * Like measureHttp, but each connection sends its own sequence of requests (e.g. one user per
 * connection, a different resource per request), generated by `load.connection`.
 */
export async function measureHttpScripted(ctx: BenchContext, load: ScriptedHttpLoad): Promise<HttpMeasurement> {
  const connections = load.connections ?? ctx.connections;
  const durationSec = load.durationSec ?? ctx.durationSec;
  const warmupSec = load.warmupSec ?? ctx.warmupSec;
  let warmupErrors = 0;
  let summary: WarmupSummary | null = null;
  if (warmupSec > 0) {
    ctx.log(`${load.label}: warm-up ${warmupSec}s`);
    const warm = await fireScripted(load, connections, warmupSec, 'warmup');
    warmupErrors = warm.errors + warm.non2xx;
    summary = { requests: warm.requests.total, non2xx: warm.non2xx, errors: warm.errors, durationSec: warm.duration, reqPerSec: warm.requests.average };
    if (warmupErrors > 0) ctx.log(`${load.label}: warm-up saw ${warm.errors} error(s), ${warm.non2xx} non-2xx`);
  }
  if (load.afterWarmup) await load.afterWarmup(summary);
  ctx.log(`${load.label}: measuring ${durationSec}s with ${connections} connections`);
  const result = await fireScripted(load, connections, durationSec, 'measure');
  logResult(ctx, load.label, result);
  return toMeasurement(result, connections, warmupErrors);
}
