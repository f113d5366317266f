import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { CallCache } from '../src/calls/call-cache';
import { OrganisationType } from '../src/core/domain/organisation-type';
import { Province } from '../src/core/domain/provinces';
import { runMigrations } from '../src/database/data-source';
import { ensureServiceLogin } from '../src/core/database/roles';
import { CallsService } from '../src/calls/calls.service';
import { isDatabaseUnavailable } from '../src/core/errors/problem.filter';
import { ExportQuery } from '../src/reporting/dto/reporting.dto';
import { ExportsService } from '../src/reporting/exports.service';
import { Role } from '../src/core/domain/roles';
import { applicant, enterpriseNumber, labsCall, PASSWORD, staff } from './support/fixtures';
import { OwnPostgres } from './support/embedded-pg';
import { createTestApp, TestApp } from './support/test-app';

interface Outcome {
  kind: 'registration' | 'draft';
  status: number | 'network';
  at: number;
  /** The e-mail registered, or the id of the draft application created (on 201). */
  key: string;
  retryAfter: string | null;
  problem: boolean;
  ms: number;
}

/** Writers of each kind: registrations (a password hash each, so slow) and draft applications. */
const WRITERS = 3;

/** Polls `probe` until it holds; a bound (not a timing assertion) so a broken recovery fails instead of hanging. */
async function until(what: string, probe: () => Promise<boolean> | boolean, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await sleep(20);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe('outage: PostgreSQL stops while writers run', () => {
  let pg: OwnPostgres;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    await runMigrations(pg.url);
    await ensureServiceLogin(pg.url);
    t = await createTestApp({ databaseUrl: pg.url, embedded: { dir: pg.dataDir, port: pg.port }, env: { DATABASE_CONNECT_TIMEOUT_MS: '2000' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pg?.quit();
  });

  it('answers 503 with Retry-After meanwhile, recovers by itself and keeps every acknowledged write', async () => {
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    const call = await labsCall(t, pm);
    await t.app.get(CallsService).applySchedule();
    const lead = await applicant(t);
    const finance = await staff(t, Role.FINANCE_OFFICER);

    const outcomes: Outcome[] = [];
    let running = true;
    let sequence = 0;
    const post = async (kind: Outcome['kind'], path: string, body: unknown, headers: Record<string, string>, key: string): Promise<Outcome> => {
      const started = Date.now();
      try {
        const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
        const answer = (await res.json()) as { id?: string };
        return {
          kind,
          status: res.status,
          at: Date.now(),
          key: kind === 'draft' ? (answer.id ?? '') : key,
          retryAfter: res.headers.get('retry-after'),
          problem: /^application\/problem\+json/.test(res.headers.get('content-type') ?? ''),
          ms: Date.now() - started,
        };
      } catch {
        return { kind, status: 'network', at: Date.now(), key, retryAfter: null, problem: false, ms: Date.now() - started };
      }
    };
    const register = () => {
      const n = ++sequence;
      const email = `writer-${n}@outage.test`;
      // Seeds half the range away from the fixtures' (pid-based) ones: no number is taken twice.
      const organisation = { name: `Org ${n}`, enterpriseNumber: enterpriseNumber(process.pid * 1000 + 4_500_000 + n), type: OrganisationType.KNOWLEDGE_INSTITUTION, province: Province.ANTWERPEN };
      return post('registration', '/auth/register', { email, password: PASSWORD, fullName: `Writer ${n}`, organisation }, {}, email);
    };
    const draft = () => {
      const n = ++sequence;
      const body = { title: `Voorstel ${n}`, acronym: `V${n}`, summary: 'Een lab', province: 'BE21', startDate: '2021-03-01' };
      return post('draft', `/calls/${call.id}/applications`, body, lead.auth, '');
    };
    const writers = [register, draft].flatMap((write) =>
      Array.from({ length: WRITERS }, async () => {
        while (running) {
          const outcome = await write();
          outcomes.push(outcome);
          // A client honouring Retry-After would wait longer; a short pause keeps the figures meaningful.
          if (outcome.status !== 201) await sleep(25);
        }
      }),
    );
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
    const exported = await fetch(`${base}/exports/cost-lines?format=xlsx`, { headers: finance.auth });
    await exported.arrayBuffer();
    // The export service itself fails before any byte is streamed, so the filter can answer 503.
    const exportFailures = await Promise.all(
      (['csv', 'xlsx'] as const).map((format) =>
        t.app.get(ExportsService).export('cost-lines', Object.assign(new ExportQuery(), { format })).then(
          () => 'streamed',
          (error: unknown) => (isDatabaseUnavailable(error) ? 'unavailable' : String(error)),
        ),
      ),
    );
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
    const acknowledged = outcomes.filter((o) => o.status === 201);
    const emails = acknowledged.filter((o) => o.kind === 'registration').map((o) => o.key);
    const drafts = acknowledged.filter((o) => o.kind === 'draft').map((o) => o.key);

    // Every acknowledged write is there, read on a connection of the test's own.
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    const users = await client.query(`SELECT 1 FROM users WHERE email = ANY($1)`, [emails]);
    const applications = await client.query(`SELECT 1 FROM applications WHERE id = ANY($1::uuid[])`, [drafts]);
    await client.end();

    const figures = {
      writers: `${WRITERS} registering, ${WRITERS} creating draft applications`,
      serverStopMs: stopMs,
      outageMs: restartedAt - stoppedAt,
      serverRestartMs: restartMs,
      recoveryMs: recoveredAt - restartedAt,
      requestsDuringOutageByStatus: byStatus,
      requestsByStatus: allByStatus,
      median503Ms: median(outcomes.filter((o) => o.status === 503).map((o) => o.ms)),
      max503Ms: Math.max(...outcomes.filter((o) => o.status === 503).map((o) => o.ms)),
      acknowledgedWrites: { registrations: emails.length, drafts: drafts.length },
      acknowledgedWritesFound: { registrations: users.rowCount, drafts: applications.rowCount },
    };
    console.log(`outage figures: ${JSON.stringify(figures)}`);

    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBeDefined();
    expect(readyBody.status).toBe('error');
    expect(readyBody.error.database.status).toBe('down');
    expect(readyBody.error.embeddedPostgres.status).toBe('down');
    expect(live.status).toBe(200);
    expect({ status: exported.status, retryAfter: exported.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '2' });
    expect(exportFailures).toEqual(['unavailable', 'unavailable']);
    // Nothing but acknowledged writes and 503s: no 500, no dropped connection.
    expect(Object.keys(allByStatus).sort()).toEqual(['201', '503']);
    for (const o of outcomes.filter((x) => x.status === 503)) {
      expect({ retryAfter: o.retryAfter, problem: o.problem }).toEqual({ retryAfter: '2', problem: true });
    }
    expect(users.rowCount).toBe(emails.length);
    expect(applications.rowCount).toBe(drafts.length);
  }, 120_000);

  it('keeps running when PostgreSQL ends a connection a transaction holds between two queries; that transaction fails as unavailable', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    const client = (runner as unknown as { databaseConnection: Client }).databaseConnection;
    const ended = new Promise<void>((done) => client.once('end', () => done()));
    // No query runs on it now: pg reports the server's FATAL as an 'error' event, which pg-pool does not listen to while the connection is checked out.
    await t.owner.query('SELECT pg_terminate_backend($1)', [pid]);
    await ended;
    const failure = await runner.query('SELECT 1').then(
      () => null,
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await runner.release();
    // The pool dropped the dead connection; the service goes on.
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect(await t.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
