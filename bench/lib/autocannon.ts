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
  });
}

function statusCodes(result: autocannon.Result): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) counts[code] = stat.count ?? 0;
  return counts;
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
  const measurement: HttpMeasurement = {
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
  ctx.log(
    `${load.label}: ${Math.round(measurement.value)} req/s, p99 ${measurement.p99Ms} ms, ` +
      `${result.errors} error(s), ${result.non2xx} non-2xx`,
  );
  return measurement;
}
