import { once } from 'node:events';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { chainHash, GENESIS_HASH, prepareEntry } from '../src/core/audit/audit-chain';
import { AuditTrailService } from '../src/core/audit/audit-trail.service';
import { Clock } from '../src/core/clock/clock';
import { loadConfigWith } from '../src/core/config/app.config';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { positiveInt } from './lib/env';
import { attempt, baselineRow, fmtNumber, RowSpec, targetRow } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';

const SECTION = 'audit';
const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

const csv = (value: string | null): string => (value === null ? '' : `"${value.replace(/"/g, '""')}"`);

/**
 * `count` chained entries, hashed here exactly as the service hashes them and streamed in with
 * COPY (the chain's trigger off for this session: the links are already computed).
 */
async function seed(db: Client, count: number): Promise<number> {
  const started = performance.now();
  await db.query(`SET session_replication_role = replica`);
  const stream = db.query(
    copyFrom(
      `COPY audit_log (occurred_at, actor_id, actor_email, action, entity_type, entity_id, before, after, correlation_id, personal, personal_hash, content_hash, seq, prev_hash, hash) FROM STDIN (FORMAT csv)`,
    ),
  );
  let prev = GENESIS_HASH;
  const base = Date.UTC(2021, 0, 1);
  let chunk: string[] = [];
  for (let i = 1; i <= count; i++) {
    const entry = prepareEntry(
      {
        occurredAt: new Date(base + i * 1000),
        actorId: '6f1c2c1e-0000-4000-8000-000000000001',
        actorEmail: `reviewer-${i % 50}@vlaanderen.test`,
        action: 'cost_line.reviewed',
        entityType: 'cost_statement',
        entityId: `0c5d7a3e-0000-4000-8000-${String(i % 1000).padStart(12, '0')}`,
        before: { status: 'SUBMITTED', accepted: null },
        after: { status: 'REVIEWED', accepted: 1_250_000 + i, reason: 'Loonfiche klopt', person: `Medewerker ${i % 300}` },
        correlationId: `bench-${i}`,
      },
      `salt-${i}`,
    );
    const hash = chainHash(prev, i, entry.contentHash);
    const c = entry.content;
    chunk.push(
      [
        c.occurredAt.toISOString(),
        c.actorId,
        entry.actorEmail,
        c.action,
        c.entityType,
        c.entityId,
        JSON.stringify(c.before),
        JSON.stringify(c.after),
        c.correlationId,
        entry.personal ? JSON.stringify(entry.personal) : null,
        c.personalHash,
        entry.contentHash,
        String(i),
        prev,
        hash,
      ]
        .map(csv)
        .join(',') + '\n',
    );
    prev = hash;
    if (chunk.length === 5000 || i === count) {
      if (!stream.write(chunk.join(''))) await once(stream, 'drain');
      chunk = [];
    }
  }
  stream.end();
  await once(stream, 'finish');
  await db.query(`SET session_replication_role = DEFAULT`);
  await db.query(`ANALYZE audit_log`);
  return (performance.now() - started) / 1000;
}

/** Transactions per second of `clients` connections each committing `each` one-entry transactions. */
async function insertRate(url: string, clients: number, each: number, sql: string, params: (n: number) => unknown[]): Promise<number> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  try {
    const started = performance.now();
    await Promise.all(
      connections.map(async (c, k) => {
        for (let i = 0; i < each; i++) {
          await c.query('BEGIN');
          await c.query(sql, params(k * each + i));
          await c.query('COMMIT');
        }
      }),
    );
    return (clients * each) / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}

export const auditSection: BenchSection = {
  name: SECTION,
  description: 'audit chain: verifying BENCH_AUDIT_ENTRIES (1.000.000) entries against reading them; chained inserts against unchained ones',
  async run(ctx: BenchContext): Promise<Row[]> {
    const count = positiveInt('BENCH_AUDIT_ENTRIES', 1_000_000);
    const url = await ctx.scratchDatabase('audit');
    await runMigrations(url);
    const db = new Client({ connectionString: url });
    await db.connect();
    const rows: Row[] = [];
    try {
      ctx.log(`seeding ${fmtNumber(count)} chained audit entries`);
      const seedSeconds = await seed(db, count);
      ctx.log(`seeded in ${seedSeconds.toFixed(1)} s`);
      const dataSource = new DataSource(dataSourceOptions(url, 2));
      await dataSource.initialize();
      ctx.defer('audit data source', () => dataSource.destroy());
      const trail = new AuditTrailService(dataSource, new Clock(), loadConfigWith({ DATABASE_URL: url }));

      const readSpec = spec('read', `read ${fmtNumber(count)} entries in seq order (the verifier's batches, no hashing)`, 'entries/s');
      const read = await attempt(readSpec, ctx.log, async () => {
        const started = performance.now();
        let after = '0';
        let n = 0;
        for (;;) {
          const batch = (await dataSource.query(`SELECT seq::text AS seq, occurred_at, before, after, personal FROM audit_log WHERE seq > $1 ORDER BY audit_log.seq LIMIT 5000`, [after])) as { seq: string }[];
          n += batch.length;
          if (batch.length < 5000) break;
          after = batch[batch.length - 1].seq;
        }
        const seconds = (performance.now() - started) / 1000;
        return baselineRow(readSpec, { value: n / seconds, p99Ms: null, errors: 0, non2xx: 0, notes: [`${seconds.toFixed(1)} s`], details: { seconds, entries: n } });
      });
      rows.push(read);

      const verifySpec = spec('verify', `verify ${fmtNumber(count)} entries (content, personal and chain hashes)`, 'entries/s');
      rows.push(
        await attempt(verifySpec, ctx.log, async () => {
          const started = performance.now();
          const report = await trail.verify();
          const seconds = (performance.now() - started) / 1000;
          const notes = [`${seconds.toFixed(1)} s for ${fmtNumber(report.entries)} entries; seeding took ${seedSeconds.toFixed(1)} s`];
          if (!report.intact) notes.push(`NOT intact: ${JSON.stringify(report.firstBadEntry)}`);
          return targetRow(verifySpec, { value: report.intact ? report.entries / seconds : null, p99Ms: null, errors: report.intact ? 0 : 1, non2xx: 0, notes, details: { seconds, seedSeconds, report } }, {}, read);
        }),
      );

      // The chain's price on writes: each entry waits for the previous transaction's commit.
      const clients = 8;
      const each = positiveInt('BENCH_AUDIT_INSERTS', 250);
      await db.query(`CREATE TABLE audit_log_unchained (LIKE audit_log INCLUDING DEFAULTS)`);
      await db.query(`ALTER TABLE audit_log_unchained ALTER COLUMN seq DROP NOT NULL, ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`);
      // Entries as the service writes them (content hash over the same content), so the chain still verifies afterwards.
      const insert = (table: string) =>
        `INSERT INTO ${table} (occurred_at, action, entity_type, entity_id, after, correlation_id, content_hash) VALUES ($3, 'bench.insert', 'bench', $1, '{"n":1}', $1, $2)`;
      const params = (n: number) => {
        const occurredAt = new Date();
        const entry = prepareEntry({ occurredAt, actorId: null, actorEmail: null, action: 'bench.insert', entityType: 'bench', entityId: String(n), before: null, after: { n: 1 }, correlationId: String(n) });
        return [String(n), entry.contentHash, occurredAt];
      };
      const plainSpec = spec('insert-unchained', `${clients} clients committing one-entry transactions, no chain`, 'tps');
      const plain = await attempt(plainSpec, ctx.log, async () =>
        baselineRow(plainSpec, { value: await insertRate(url, clients, each, insert('audit_log_unchained'), params), p99Ms: null, errors: 0, non2xx: 0 }),
      );
      rows.push(plain);
      const chainedSpec = spec('insert-chained', `${clients} clients committing one-entry transactions, chained under the lock`, 'tps');
      rows.push(
        await attempt(chainedSpec, ctx.log, async () =>
          targetRow(chainedSpec, { value: await insertRate(url, clients, each, insert('audit_log'), params), p99Ms: null, errors: 0, non2xx: 0 }, {}, plain),
        ),
      );
      const after = await trail.verify();
      if (!after.intact) rows[rows.length - 1].notes.push(`chain NOT intact after concurrent inserts: ${JSON.stringify(after.firstBadEntry)}`);
    } finally {
      await db.end();
    }
    return rows;
  },
};
