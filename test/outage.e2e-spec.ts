import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { CallCache } from '../src/calls/call-cache';
import { OrganisationType } from '../src/core/domain/organisation-type';
import { Province } from '../src/core/domain/provinces';
import { runMigrations } from '../src/core/database/data-source';
import { enterpriseNumber, PASSWORD } from './support/fixtures';
import { OwnPostgres } from './support/embedded-pg';
import { createTestApp, TestApp } from './support/test-app';

interface Outcome {
  status: number | 'network';
  at: number;
  email: string;
  retryAfter: string | null;
  problem: boolean;
}

const WRITERS = 6;

/** Polls `probe` until it holds; a bound (not a timing assertion) so a broken recovery fails instead of hanging. */
async function until(what: string, probe: () => Promise<boolean> | boolean, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await sleep(20);
  }
}

describe('outage: PostgreSQL stops while writers run', () => {
  let pg: OwnPostgres;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    await runMigrations(pg.url);
    t = await createTestApp({ databaseUrl: pg.url, embedded: { dir: pg.dataDir, port: pg.port }, env: { DATABASE_CONNECT_TIMEOUT_MS: '2000' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pg?.quit();
  });

  it('answers 503 with Retry-After meanwhile, recovers by itself and keeps every acknowledged write', async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    let sequence = 0;
    const register = async (): Promise<Outcome> => {
      const n = ++sequence;
      const email = `writer-${n}@outage.test`;
      try {
        const res = await fetch(`${base}/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email,
            password: PASSWORD,
            fullName: `Writer ${n}`,
            organisation: { name: `Org ${n}`, enterpriseNumber: enterpriseNumber(n), type: OrganisationType.KNOWLEDGE_INSTITUTION, province: Province.ANTWERPEN },
          }),
        });
        await res.arrayBuffer();
        return { status: res.status, at: Date.now(), email, retryAfter: res.headers.get('retry-after'), problem: /^application\/problem\+json/.test(res.headers.get('content-type') ?? '') };
      } catch {
        return { status: 'network', at: Date.now(), email, retryAfter: null, problem: false };
      }
    };
    const writers = Array.from({ length: WRITERS }, async () => {
      while (running) {
        const outcome = await register();
        outcomes.push(outcome);
        // A client honouring Retry-After would wait longer; a short pause keeps the figures meaningful.
        if (outcome.status !== 201) await sleep(25);
      }
    });
    const acked = () => outcomes.filter((o) => o.status === 201).length;

    await until('writes before the outage', () => acked() >= 10);
    expect(await fetch(`${base}/health/ready`).then((r) => r.status)).toBe(200);

    const stoppedAt = Date.now();
    const stopMs = await pg.stop();
    // The server is down: every request that needs it must get 503 now.
    await until('a writer meets the outage', () => outcomes.some((o) => o.at > stoppedAt && o.status === 503));
    const ready = await fetch(`${base}/health/ready`);
    const readyBody = (await ready.json()) as { status: string; error: Record<string, { status: string }> };
    const live = await fetch(`${base}/health/live`);
    await sleep(Math.max(0, 1000 - (Date.now() - stoppedAt)));
    const restartMs = await pg.restart();
    const restartedAt = Date.now();

    await until('the first acknowledged write after the restart', () => outcomes.some((o) => o.at > restartedAt && o.status === 201));
    const recoveredAt = Math.min(...outcomes.filter((o) => o.at > restartedAt && o.status === 201).map((o) => o.at));
    const ackedAtRecovery = acked();
    await until('writes after the recovery', () => acked() >= ackedAtRecovery + 10);
    running = false;
    await Promise.all(writers);
    await until('readiness after the recovery', async () => (await fetch(`${base}/health/ready`)).status === 200);
    await until('the call-change listener reconnects', () => t.app.get(CallCache).isListening);

    const during = outcomes.filter((o) => o.at > stoppedAt && o.at <= restartedAt);
    const byStatus: Record<string, number> = {};
    for (const o of during) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    const allByStatus: Record<string, number> = {};
    for (const o of outcomes) allByStatus[o.status] = (allByStatus[o.status] ?? 0) + 1;
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.email);

    // Every acknowledged write is there, read on a connection of the test's own.
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    const { rows } = await client.query<{ email: string }>(`SELECT email FROM users WHERE email = ANY($1)`, [acknowledged]);
    await client.end();

    const figures = {
      writers: WRITERS,
      serverStopMs: stopMs,
      outageMs: restartedAt - stoppedAt,
      serverRestartMs: restartMs,
      recoveryMs: recoveredAt - restartedAt,
      requestsDuringOutageByStatus: byStatus,
      requestsByStatus: allByStatus,
      acknowledgedWrites: acknowledged.length,
      acknowledgedWritesFound: rows.length,
    };
    console.log(`outage figures: ${JSON.stringify(figures)}`);

    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBeDefined();
    expect(readyBody.status).toBe('error');
    expect(readyBody.error.database.status).toBe('down');
    expect(readyBody.error.embeddedPostgres.status).toBe('down');
    expect(live.status).toBe(200);
    // Nothing but acknowledged writes and 503s: no 500, no dropped connection.
    expect(Object.keys(allByStatus).sort()).toEqual(['201', '503']);
    for (const o of outcomes.filter((x) => x.status === 503)) {
      expect({ retryAfter: o.retryAfter, problem: o.problem }).toEqual({ retryAfter: '2', problem: true });
    }
    expect(rows.length).toBe(acknowledged.length);
  }, 120_000);
});
