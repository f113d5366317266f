import { join } from 'node:path';
import { Client } from 'pg';
import { digitalExperienceLabsCall } from '../../src/demo/demo-calls';
import type { AppUnderTest } from './app';
import { runChild } from './proc';
import type { BenchContext } from './types';

/** A demo grant whose period 1 cost statement was reported, reviewed, APPROVED and paid by the seed. */
export interface DemoGrant {
  id: string;
  grantNumber: string;
  /** The approved cost statement of period 1. */
  statementId: string;
}

export interface DemoData {
  callId: string;
  callCode: string;
  /** In grant number order. */
  grants: DemoGrant[];
}

const seeded = new Map<string, Promise<DemoData>>();

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'efro-bench' });
  await client.connect();
  return client;
}

/**
 * The demo data set (`node dist/src/cli/seed.js`: the labs call, five grants with period 1
 * reported, reviewed, approved and paid) in the app's database; seeded once per run, whichever
 * section asks first. The seed goes through the app's own services, so the data obeys every rule.
 */
export function demoData(ctx: BenchContext, app: AppUnderTest): Promise<DemoData> {
  let promise = seeded.get(app.databaseUrl);
  if (!promise) {
    promise = seed(ctx, app);
    seeded.set(app.databaseUrl, promise);
  }
  return promise;
}

async function seed(ctx: BenchContext, app: AppUnderTest): Promise<DemoData> {
  const started = Date.now();
  const run = await runChild(process.execPath, [join(ctx.repoRoot, 'dist/src/cli/seed.js')], {
    cwd: ctx.repoRoot,
    env: { DATABASE_URL: app.databaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn', NO_COLOR: '1', SCHEDULER_ENABLED: 'false' },
    timeoutMs: 300_000,
  });
  if (run.code !== 0) throw new Error(`demo seed failed (exit ${run.code ?? run.signal}):\n${(run.stderr + run.stdout).slice(-3000)}`);
  const code = digitalExperienceLabsCall().code;
  const db = await connect(app.databaseUrl);
  try {
    const result = await db.query<{ call_id: string; grant_id: string; grant_number: string; statement_id: string }>(
      `SELECT c.id AS call_id, g.id AS grant_id, g.grant_number, s.id AS statement_id
       FROM calls c JOIN grants g ON g.call_id = c.id
       JOIN reporting_periods rp ON rp.grant_id = g.id AND rp.number = 1
       JOIN cost_statements s ON s.period_id = rp.id AND s.status = 'APPROVED'
       WHERE c.code = $1 ORDER BY g.grant_number`,
      [code],
    );
    if (result.rows.length === 0) throw new Error(`the demo seed left no approved cost statement in call ${code}:\n${run.stdout.slice(-2000)}`);
    ctx.log(`demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)}s: call ${code}, ${result.rows.length} grants with period 1 approved`);
    return {
      callId: result.rows[0].call_id,
      callCode: code,
      grants: result.rows.map((r) => ({ id: r.grant_id, grantNumber: r.grant_number, statementId: r.statement_id })),
    };
  } finally {
    await db.end();
  }
}

/** How many template lines (the statement's first ones, by position) the added lines copy. */
const TEMPLATE_LINES = 4;

/**
 * Adds `count` lines to an approved cost statement: copies of its first lines in turn, each
 * with its own position, description suffix, reference and a slightly different amount (the
 * review kept consistent: accepted in full, reduced by a tenth, or rejected). The statement's
 * declared and accepted eligible costs grow by what was added, so its flat-rate indirect part
 * (eligible − Σ lines) stays what it was and its documents still add up.
 *
 * Approved statements are frozen by triggers; the bench owns the scratch database, so the lines
 * go in with triggers off (session_replication_role = replica, for this transaction only).
 */
export async function addCostLines(db: Client, statementId: string, count: number): Promise<void> {
  if (count <= 0) return;
  await db.query('BEGIN');
  try {
    await db.query('SET LOCAL session_replication_role = replica');
    const before = await db.query<{ indirect_declared: string; indirect_accepted: string; next_position: number; templates: number }>(
      `SELECT s.declared_eligible_cents - COALESCE(sum(l.amount_cents), 0) AS indirect_declared,
              s.accepted_eligible_cents - COALESCE(sum(l.accepted_cents), 0) AS indirect_accepted,
              COALESCE(max(l.position) + 1, 0)::int AS next_position, least(count(l.id), $2)::int AS templates
       FROM cost_statements s LEFT JOIN cost_statement_lines l ON l.statement_id = s.id
       WHERE s.id = $1 GROUP BY s.id`,
      [statementId, TEMPLATE_LINES],
    );
    const b = before.rows[0];
    if (!b) throw new Error(`cost statement ${statementId} not found`);
    if (b.templates === 0) throw new Error(`cost statement ${statementId} has no line to copy`);
    await db.query(
      `WITH t AS (
         SELECT l.*, (row_number() OVER (ORDER BY l.position) - 1)::int AS k
         FROM cost_statement_lines l WHERE l.statement_id = $1 ORDER BY l.position LIMIT $4),
       x AS (
         SELECT t.*, n, $3::int + n AS pos, t.amount_cents + (n::bigint * 7919) % 100000 AS amount
         FROM generate_series(0, $2::int - 1) n JOIN t ON t.k = n % $4)
       INSERT INTO cost_statement_lines (statement_id, grant_id, position, partner, partner_name, category, kind, description, reference,
                                         payment_date, person, hours, annual_gross_cost_cents, fte_numerator, fte_denominator, amount_cents,
                                         decision, accepted_cents, review_reason, reviewed_by, reviewed_at, created_at, updated_at)
       SELECT statement_id, grant_id, pos, partner, partner_name, category, kind,
              left(description || ' (deel ' || pos || ')', 1000), left(reference || '-' || lpad(pos::text, 7, '0'), 200),
              payment_date - (n % 45), person, hours, annual_gross_cost_cents, fte_numerator, fte_denominator, amount,
              decision, CASE decision WHEN 'ACCEPTED' THEN amount WHEN 'REDUCED' THEN amount - amount / 10 WHEN 'REJECTED' THEN 0 END,
              review_reason, reviewed_by, reviewed_at, created_at, updated_at
       FROM x`,
      [statementId, count, b.next_position, b.templates],
    );
    await db.query(
      `UPDATE cost_statements s SET
         declared_eligible_cents = $2::bigint + (SELECT sum(amount_cents) FROM cost_statement_lines WHERE statement_id = s.id),
         accepted_eligible_cents = $3::bigint + (SELECT COALESCE(sum(accepted_cents), 0) FROM cost_statement_lines WHERE statement_id = s.id)
       WHERE s.id = $1`,
      [statementId, b.indirect_declared, b.indirect_accepted],
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Lines of one statement. */
export async function lineCount(db: Client, statementId: string): Promise<number> {
  const result = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cost_statement_lines WHERE statement_id = $1', [statementId]);
  return result.rows[0].n;
}
