import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { Lifecycle } from './lifecycle';

export interface ShutdownOutcome {
  /** Every request in flight finished within the grace period. */
  drained: boolean;
  /** Connections still open (requests cut off) when the grace period ran out. */
  cutOff: number;
}

function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}

/**
 * Stops accepting connections, lets requests in flight (streaming exports included) finish
 * within `graceMs`, then closes the application: PDF workers, the call-change listener and
 * last the database pool, which Nest's own close would otherwise tear down while requests
 * still use it (its destroy hooks run before the HTTP server is closed).
 */
export async function shutdownGracefully(
  app: INestApplication,
  graceMs: number,
  log: (line: string) => void = () => {},
): Promise<ShutdownOutcome> {
  app.get(Lifecycle).beginShutdown();
  const server = app.getHttpServer() as Server;
  const drained = new Promise<true>((resolve) => {
    if (!server.listening) return resolve(true);
    server.close(() => resolve(true));
  });
  // A keep-alive connection that falls idle after close() would otherwise stay open until its
  // timeout (72 s in Fastify): close idle ones as they appear.
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  const inFlight = await openConnections(server);
  if (inFlight > 0) log(`waiting up to ${graceMs / 1000} s for ${inFlight} open connection(s) to finish`);
  const outcome = await Promise.race([drained, delay(graceMs, false as const, { ref: false })]);
  clearInterval(sweeper);
  let cutOff = 0;
  if (!outcome) {
    cutOff = await openConnections(server);
    log(`grace period over: closing ${cutOff} connection(s) still open`);
    server.closeAllConnections();
  }
  await app.close();
  return { drained: outcome, cutOff };
}
