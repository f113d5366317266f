import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { ScriptedRequest } from './autocannon';
import { percentile } from './stats';

/**
 * Open-loop load: requests leave at a fixed rate whatever the service's answers take, as
 * applicants' submissions arrive before a deadline. A closed loop (autocannon: one request in
 * flight per connection) slows down with the service and so never sees a queue build up.
 * Request i is due at start + i / rate; its latency runs from that moment, not from when the
 * client got round to sending it, so a late client cannot hide a slow service (no coordinated
 * omission). A request goes out on an idle kept-alive connection, or a fresh one when all are busy.
 */
export interface OpenLoopLoad {
  /** Origin (http://host:port). */
  url: string;
  ratePerSec: number;
  durationSec: number;
  /** Request number `sequence` (0, 1, …). */
  request(sequence: number): ScriptedRequest;
  /** Every answer, with its body and Retry-After header. */
  response?(sequence: number, status: number, body: string, retryAfter: string | undefined): void;
  /** A request without an answer within this long counts as a timeout (default 10 s). */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  sent: number;
  /** Answers with a status, per status code. */
  statusCounts: Record<string, number>;
  /** 503 answers that carried Retry-After (shed load, as the service may do). */
  shedWithRetryAfter: number;
  /** Connection errors and timeouts (no status). */
  transportErrors: number;
  timeouts: number;
  /** Latency of every answered request in ms, sorted, from its due time. */
  latenciesMs: number[];
  /** How late the client itself sent requests (p99 and max, ms): large values mean the client, not the service, was behind. */
  sendLagP99Ms: number;
  sendLagMaxMs: number;
  maxInFlight: number;
  connectionsOpened: number;
  /** Seconds from the first due time until the last answer. */
  elapsedSec: number;
}

export async function runOpenLoop(load: OpenLoopLoad): Promise<OpenLoopResult> {
  const origin = new URL(load.url);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  const timeoutMs = load.timeoutMs ?? 10_000;
  const total = Math.round(load.ratePerSec * load.durationSec);
  const sockets = new WeakSet<Socket>();
  const result: OpenLoopResult = {
    sent: 0,
    statusCounts: {},
    shedWithRetryAfter: 0,
    transportErrors: 0,
    timeouts: 0,
    latenciesMs: [],
    sendLagP99Ms: 0,
    sendLagMaxMs: 0,
    maxInFlight: 0,
    connectionsOpened: 0,
    elapsedSec: 0,
  };
  const lags: number[] = [];
  let inFlight = 0;
  let lastAnswer = 0;
  let settleAll: () => void = () => {};
  const allAnswered = new Promise<void>((resolve) => (settleAll = resolve));
  const start = performance.now() + 20;

  const finish = () => {
    inFlight -= 1;
    lastAnswer = performance.now();
    if (result.sent === total && inFlight === 0) settleAll();
  };

  const send = (sequence: number) => {
    const due = start + (sequence * 1000) / load.ratePerSec;
    lags.push(performance.now() - due);
    const spec = load.request(sequence);
    const body = spec.body ?? '';
    inFlight += 1;
    result.maxInFlight = Math.max(result.maxInFlight, inFlight);
    let done = false;
    const request = httpRequest(
      {
        agent,
        host: origin.hostname,
        port: origin.port,
        method: spec.method,
        path: spec.path,
        headers: { ...spec.headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (done) return;
          done = true;
          const status = response.statusCode ?? 0;
          const retryAfter = response.headers['retry-after'];
          result.latenciesMs.push(performance.now() - due);
          result.statusCounts[status] = (result.statusCounts[status] ?? 0) + 1;
          if (status === 503 && retryAfter !== undefined) result.shedWithRetryAfter += 1;
          load.response?.(sequence, status, Buffer.concat(chunks).toString('utf8'), retryAfter);
          finish();
        });
      },
    );
    request.on('socket', (socket: Socket) => {
      if (!sockets.has(socket)) {
        sockets.add(socket);
        result.connectionsOpened += 1;
      }
    });
    request.setTimeout(timeoutMs, () => {
      if (done) return;
      done = true;
      result.timeouts += 1;
      request.destroy();
      finish();
    });
    request.on('error', () => {
      if (done) return;
      done = true;
      result.transportErrors += 1;
      finish();
    });
    request.end(body);
  };

  // Each tick sends every request that has come due; timers fire about once a millisecond.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * load.ratePerSec) / 1000) + 1);
      while (result.sent < due) send(result.sent++);
      if (result.sent < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  if (inFlight > 0) await allAnswered;
  agent.destroy();

  result.latenciesMs.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  result.sendLagP99Ms = Math.max(0, percentile(lags, 99) ?? 0);
  result.sendLagMaxMs = Math.max(0, lags[lags.length - 1] ?? 0);
  result.elapsedSec = (Math.max(lastAnswer, start) - start) / 1000;
  return result;
}
