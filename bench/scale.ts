import { readFileSync } from 'node:fs';
import { get, request as httpRequest } from 'node:http';
import type { Client } from 'pg';
import { AppUnderTest, startApp } from './lib/app';
import { connect, demoData } from './lib/demo-data';
import { positiveInt } from './lib/env';
import { baselineRow, fmtMs, RowSpec, targetRow } from './lib/rows';
import type { ChildServer } from './lib/servers';
import { percentile } from './lib/stats';
import type { BenchContext, BenchSection, Row } from './lib/types';

const SECTION = 'scale';
/** Grants per grants call: the overview PDF's call keeps this many while the other tables grow. */
const GRANTS_PER_CALL = 1000;
/** Paged routes must answer within this at the largest size, and grow by at most this factor. */
const PAGED_P99_MS = 50;
const MAX_GROWTH = 2;

interface Size {
  applications: number;
  grants: number;
}

const SIZES: readonly Size[] = [
  { applications: 1_000, grants: 100 },
  { applications: 10_000, grants: 1_000 },
  { applications: 100_000, grants: 10_000 },
];

interface World {
  app: AppUnderTest;
  db: Client;
  /** The call whose submitted proposals grow: ranking, award proposal, assignments. */
  callId: string;
  templateCallId: string;
  templateGrantId: string;
  templateApplicationId: string;
  adminId: string;
  evaluatorId: string;
  tokens: { manager: string; evaluator: string; finance: string };
  /** The grants calls created so far, in order; the first one's overview PDF is measured. */
  grantCalls: string[];
  applications: number;
  grants: number;
}

interface Route {
  key: string;
  scenario: string;
  /** List routes: judged on p99 and growth. */
  paged: boolean;
  /** Time to the first byte of the body (exports), or to the whole answer. */
  firstByte?: boolean;
  method: 'GET' | 'POST';
  path(world: World): Promise<string> | string;
  token(world: World): string;
}

const ROUTES: readonly Route[] = [
  { key: 'applications-first', scenario: 'GET /applications page 1 (50)', paged: true, method: 'GET', path: () => '/applications?page=1&pageSize=50', token: (w) => w.tokens.manager },
  {
    key: 'applications-last',
    scenario: 'GET /applications last page (50)',
    paged: true,
    method: 'GET',
    path: async (w) => {
      const first = await getJson<{ total: number }>(w, '/applications?page=1&pageSize=50', w.tokens.manager);
      return `/applications?page=${Math.max(1, Math.ceil(first.total / 50))}&pageSize=50`;
    },
    token: (w) => w.tokens.manager,
  },
  { key: 'ranking', scenario: 'GET /calls/:id/ranking', paged: false, method: 'GET', path: (w) => `/calls/${w.callId}/ranking`, token: (w) => w.tokens.manager },
  { key: 'award', scenario: 'POST /calls/:id/award-proposal', paged: false, method: 'POST', path: (w) => `/calls/${w.callId}/award-proposal`, token: (w) => w.tokens.manager },
  { key: 'assignments', scenario: 'GET /me/assignments (one evaluator, all assigned)', paged: true, method: 'GET', path: () => '/me/assignments', token: (w) => w.tokens.evaluator },
  { key: 'export-payments', scenario: 'GET /exports/payments?format=csv, first byte', paged: false, firstByte: true, method: 'GET', path: () => '/exports/payments?format=csv', token: (w) => w.tokens.finance },
  { key: 'export-cost-lines', scenario: 'GET /exports/cost-lines?format=csv, first byte', paged: false, firstByte: true, method: 'GET', path: () => '/exports/cost-lines?format=csv', token: (w) => w.tokens.finance },
  { key: 'overview-pdf', scenario: 'GET /calls/:id/overview.pdf (one grants call)', paged: false, method: 'GET', path: (w) => `/calls/${w.grantCalls[0]}/overview.pdf`, token: (w) => w.tokens.finance },
];

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

// ---------------------------------------------------------------------------------------------
// Growing the database in SQL. Constraints and triggers stay on: every row goes through them,
// except the cost lines of approved statements, which the freeze trigger refuses by design; those
// are copied from the seeded template with triggers off for one statement, as the export section
// adds its lines (bench/lib/demo-data.ts addCostLines).

async function prepare(ctx: BenchContext): Promise<World> {
  const url = await ctx.scratchDatabase('scale');
  ctx.log('scale: starting the app on its own database (migrations run at boot)');
  const app = await startApp({ repoRoot: ctx.repoRoot, databaseUrl: url, nodeOptions: [...ctx.appNodeFlags] });
  ctx.defer('stop the scale app', () => app.server.stop());
  const demo = await demoData(ctx, app);
  const manager = await app.createStaff(['PROGRAMME_MANAGER'], 'Bench Schaal beheerder');
  const evaluator = await app.createStaff(['EVALUATOR'], 'Bench Schaal beoordelaar');
  const finance = await app.createStaff(['FINANCE_OFFICER'], 'Bench Schaal financiën');
  const db = await connect(url);
  ctx.defer('close the scale connection', () => db.end());
  const ids = await db.query<{ admin: string; evaluator: string }>(
    `SELECT (SELECT id FROM users WHERE email = $1) AS admin, (SELECT id FROM users WHERE email = $2) AS evaluator`,
    [app.admin.email, evaluator.email],
  );
  const template = await db.query<{ application_id: string }>(`SELECT application_id FROM grants WHERE id = $1`, [demo.grants[0].id]);
  const callId = await copyCall(db, demo.callId, 'SCALE-APPS', 'EVALUATION', 1);
  return {
    app,
    db,
    callId,
    templateCallId: demo.callId,
    templateGrantId: demo.grants[0].id,
    templateApplicationId: template.rows[0].application_id,
    adminId: ids.rows[0].admin,
    evaluatorId: ids.rows[0].evaluator,
    tokens: { manager: manager.token, evaluator: evaluator.token, finance: finance.token },
    grantCalls: [],
    applications: 0,
    grants: 0,
  };
}

/** A copy of the demo labs call (its rules), in `status`, with an envelope `factor` times as large. */
async function copyCall(db: Client, templateId: string, code: string, status: string, factor: number): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO calls (code, title, description, programme, status, opens_at, closes_at, envelope_cents, cap_per_project_cents,
                        reference_cost_cents, rules, created_by, published_at)
     SELECT $2, title || ' (schaal)', description, programme, $3, opens_at, closes_at, envelope_cents * $4::bigint, cap_per_project_cents,
            reference_cost_cents, rules, created_by, published_at
     FROM calls WHERE id = $1 RETURNING id`,
    [templateId, code, status, factor],
  );
  return result.rows[0].id;
}

/** Organisations `from`..`to`-1 of the bench (valid enterprise numbers: 8 digits and their mod-97 check). */
async function addOrganisations(db: Client, tag: string, from: number, to: number): Promise<void> {
  if (to <= from) return;
  await db.query(
    `INSERT INTO organisations (enterprise_number, name, type, province)
     SELECT d::text || lpad((97 - d % 97)::text, 2, '0'), 'Schaal ' || $1 || ' ' || k, 'COMPANY', (ARRAY['BE21','BE22','BE23','BE24','BE25'])[1 + k % 5]
     FROM generate_series($2::int, $3::int - 1) k, LATERAL (SELECT $4::bigint + k AS d) x`,
    [tag, from, to, tag === 'A' ? 10_000_000 : 15_000_000],
  );
}

/** Submitted, admissible proposals `from`..`to`-1 of the scale call, with partners, consensus and one evaluator on each. */
async function growApplications(ctx: BenchContext, w: World, to: number): Promise<void> {
  const from = w.applications;
  if (to <= from) return;
  const started = Date.now();
  const db = w.db;
  await db.query('BEGIN');
  try {
    // Five proposals per organisation, one per province: the one-per-lead index holds.
    await addOrganisations(db, 'A', Math.ceil(from / 5), Math.ceil(to / 5));
    await db.query(
      `CREATE TEMP TABLE scale_plan ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, n, o.id AS org_id, o.enterprise_number, o.name AS org_name,
              (ARRAY['BE21','BE22','BE23','BE24','BE25'])[1 + n % 5] AS province
       FROM generate_series($1::int, $2::int - 1) n
       JOIN organisations o ON o.enterprise_number = (10000000 + n / 5)::text || lpad((97 - (10000000 + n / 5) % 97)::text, 2, '0')`,
      [from, to],
    );
    await db.query(
      `INSERT INTO applications (id, call_id, lead_organisation_id, title, acronym, summary, province, start_date, status,
                                 requested_subsidy_cents, submitted_at, version, created_by, created_at, updated_at,
                                 admissibility_reason, admissibility_decided_at, admissibility_decided_by)
       SELECT p.id, $2, p.org_id, t.title || ' ' || p.n, 'SC' || p.n, t.summary, p.province, t.start_date, 'ADMISSIBLE',
              50000000 + (p.n::bigint * 7919) % 49900000, t.submitted_at + p.n * interval '1 second', t.version, t.created_by,
              t.created_at + p.n * interval '1 second', t.updated_at, 'admissible', t.submitted_at + interval '40 days', $3
       FROM scale_plan p CROSS JOIN applications t WHERE t.id = $1`,
      [w.templateApplicationId, w.callId, w.adminId],
    );
    await db.query(
      `INSERT INTO application_partners (application_id, enterprise_number, name, organisation_type, role, position)
       SELECT p.id, CASE WHEN tp.role = 'LEAD' THEN p.enterprise_number ELSE tp.enterprise_number END,
              CASE WHEN tp.role = 'LEAD' THEN p.org_name ELSE tp.name END,
              CASE WHEN tp.role = 'LEAD' THEN 'COMPANY' ELSE tp.organisation_type END, tp.role, tp.position
       FROM scale_plan p CROSS JOIN application_partners tp WHERE tp.application_id = $1`,
      [w.templateApplicationId],
    );
    // Scores 0..5 in steps of 0.5, spread so that weighted totals tie often; one in a hundred incomplete.
    await db.query(
      `INSERT INTO consensus_scores (application_id, criterion, score, comment, set_by, set_at)
       SELECT p.id, c.code, ((hashtext(p.id::text || c.code) & 2147483647) % 11) * 0.5, 'Consensus', $2, now()
       FROM scale_plan p CROSS JOIN (SELECT e ->> 'code' AS code, ord FROM calls, jsonb_array_elements(rules -> 'evaluation' -> 'criteria') WITH ORDINALITY AS x(e, ord) WHERE id = $1) c
       WHERE p.n % 100 <> 99 OR c.ord = 1`,
      [w.callId, w.adminId],
    );
    await db.query(
      `INSERT INTO evaluation_assignments (call_id, application_id, evaluator_id, status, declared_at, assigned_by, created_at)
       SELECT $1, p.id, $2, CASE WHEN p.n % 10 = 0 THEN 'ASSIGNED' ELSE 'DECLARED' END,
              CASE WHEN p.n % 10 = 0 THEN NULL ELSE now() END, $3, now() + p.n * interval '1 millisecond'
       FROM scale_plan p`,
      [w.callId, w.evaluatorId, w.adminId],
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  w.applications = to;
  ctx.log(`scale: ${to - from} submitted proposals added in SQL in ${((Date.now() - started) / 1000).toFixed(1)}s (${to} in the scale call)`);
}

/**
 * Grants `from`..`to`-1, copies of the seeded labs grant with its whole record (periods, reports,
 * the approved cost statement and its lines, payments), in grants calls of GRANTS_PER_CALL each,
 * each with its awarded proposal and a decided award proposal.
 */
async function growGrants(ctx: BenchContext, w: World, to: number): Promise<void> {
  const started = Date.now();
  const from = w.grants;
  while (w.grants < to) {
    const callIndex = Math.floor(w.grants / GRANTS_PER_CALL);
    if (callIndex >= w.grantCalls.length) {
      const callId = await copyCall(w.db, w.templateCallId, `SCALE-G${callIndex + 1}`, 'DECIDED', GRANTS_PER_CALL);
      // The template's decided proposal with its entries (rows of their own).
      await w.db.query(
        `WITH template AS (SELECT * FROM award_proposals WHERE call_id = $1 AND status = 'DECIDED' ORDER BY decided_at DESC LIMIT 1),
              copy AS (INSERT INTO award_proposals (call_id, status, total_awarded_cents, remaining_envelope_cents, computed_by, computed_at, decided_by, decided_at)
                       SELECT $2, 'DECIDED', total_awarded_cents, remaining_envelope_cents, computed_by, computed_at, decided_by, decided_at FROM template
                       RETURNING id)
         INSERT INTO award_proposal_entries (proposal_id, rank, application_id, province, outcome, amount_cents, requested_subsidy_cents, reason_code, reason_params, reason)
         SELECT copy.id, e.rank, e.application_id, e.province, e.outcome, e.amount_cents, e.requested_subsidy_cents, e.reason_code, e.reason_params, e.reason
         FROM copy, template JOIN award_proposal_entries e ON e.proposal_id = template.id`,
        [w.templateCallId, callId],
      );
      w.grantCalls.push(callId);
    }
    const end = Math.min(to, (callIndex + 1) * GRANTS_PER_CALL);
    await addGrants(w, w.grantCalls[callIndex], w.grants, end);
    w.grants = end;
  }
  await w.db.query('ANALYZE');
  ctx.log(`scale: ${to - from} grants added in SQL in ${((Date.now() - started) / 1000).toFixed(1)}s (${to} in all)`);
}

async function addGrants(w: World, callId: string, from: number, to: number): Promise<void> {
  const db = w.db;
  await db.query('BEGIN');
  try {
    await addOrganisations(db, 'G', from, to);
    await db.query(
      `CREATE TEMP TABLE scale_grants ON COMMIT DROP AS
       SELECT n, gen_random_uuid() AS grant_id, gen_random_uuid() AS application_id, o.id AS org_id, o.enterprise_number, o.name AS org_name,
              (ARRAY['BE21','BE22','BE23','BE24','BE25'])[1 + n % 5] AS province
       FROM generate_series($1::int, $2::int - 1) n
       JOIN organisations o ON o.enterprise_number = (15000000 + n)::text || lpad((97 - (15000000 + n) % 97)::text, 2, '0')`,
      [from, to],
    );
    await db.query(
      `INSERT INTO applications (id, call_id, lead_organisation_id, title, acronym, summary, province, start_date, status,
                                 requested_subsidy_cents, submitted_at, version, created_by, created_at, updated_at, outcome_reason)
       SELECT g.application_id, $2, g.org_id, t.title || ' G' || g.n, 'SG' || g.n, t.summary, g.province, t.start_date, 'AWARDED',
              t.requested_subsidy_cents, t.submitted_at, t.version, t.created_by, t.created_at + g.n * interval '1 second', t.updated_at, t.outcome_reason
       FROM scale_grants g CROSS JOIN applications t WHERE t.id = $1`,
      [w.templateApplicationId, callId],
    );
    await db.query(
      `INSERT INTO application_partners (application_id, enterprise_number, name, organisation_type, role, position)
       SELECT g.application_id, CASE WHEN tp.role = 'LEAD' THEN g.enterprise_number ELSE tp.enterprise_number END,
              CASE WHEN tp.role = 'LEAD' THEN g.org_name ELSE tp.name END,
              CASE WHEN tp.role = 'LEAD' THEN 'COMPANY' ELSE tp.organisation_type END, tp.role, tp.position
       FROM scale_grants g CROSS JOIN application_partners tp WHERE tp.application_id = $1`,
      [w.templateApplicationId],
    );
    await db.query(
      `INSERT INTO consensus_scores (application_id, criterion, score, comment, set_by, set_at)
       SELECT g.application_id, c.criterion, c.score, c.comment, c.set_by, c.set_at
       FROM scale_grants g CROSS JOIN consensus_scores c WHERE c.application_id = $1`,
      [w.templateApplicationId],
    );
    await db.query(
      `INSERT INTO grants (id, grant_number, call_id, application_id, beneficiary_organisation_id, award_proposal_id, amount_cents, funding_split,
                           start_date, end_date, status, snapshot, snapshot_sha256, decided_at)
       SELECT g.grant_id, 'SCALE-' || lpad(g.n::text, 6, '0'), $2, g.application_id, g.org_id,
              (SELECT id FROM award_proposals WHERE call_id = $2 AND status = 'DECIDED' LIMIT 1), t.amount_cents, t.funding_split,
              t.start_date, t.end_date, 'ACTIVE', jsonb_set(t.snapshot, '{application,province}', to_jsonb(g.province)), t.snapshot_sha256, t.decided_at
       FROM scale_grants g CROSS JOIN grants t WHERE t.id = $1`,
      [w.templateGrantId, callId],
    );
    await db.query(
      `CREATE TEMP TABLE scale_periods ON COMMIT DROP AS
       SELECT g.grant_id, rp.id AS old_id, gen_random_uuid() AS id FROM scale_grants g CROSS JOIN reporting_periods rp WHERE rp.grant_id = $1`,
      [w.templateGrantId],
    );
    await db.query(
      `INSERT INTO reporting_periods (id, grant_id, number, kind, start_date, end_date, due_date, overdue_marked_at, created_at)
       SELECT m.id, m.grant_id, rp.number, rp.kind, rp.start_date, rp.end_date, rp.due_date, rp.overdue_marked_at, rp.created_at
       FROM scale_periods m JOIN reporting_periods rp ON rp.id = m.old_id`,
    );
    await db.query(
      `INSERT INTO progress_reports (grant_id, period_id, status, narrative, indicators, submitted_at, submitted_by, decided_at, decided_by,
                                     decision_comment, version, created_by, created_at, updated_at)
       SELECT m.grant_id, m.id, r.status, r.narrative, r.indicators, r.submitted_at, r.submitted_by, r.decided_at, r.decided_by,
              r.decision_comment, r.version, r.created_by, r.created_at, r.updated_at
       FROM scale_periods m JOIN progress_reports r ON r.period_id = m.old_id`,
    );
    await db.query(
      `CREATE TEMP TABLE scale_statements ON COMMIT DROP AS
       SELECT m.grant_id, m.id AS period_id, s.id AS old_id, gen_random_uuid() AS id
       FROM scale_periods m JOIN cost_statements s ON s.period_id = m.old_id`,
    );
    await db.query(
      `INSERT INTO cost_statements (id, grant_id, period_id, status, first_submitted_at, submitted_at, submitted_by, complete_claim_date,
                                    returned_at, returned_by, return_reason, approved_at, approved_by, declared_eligible_cents,
                                    accepted_eligible_cents, subsidy_gross_cents, advance_cleared_cents, capped_cents, subsidy_net_cents,
                                    version, created_by, created_at, updated_at)
       SELECT m.id, m.grant_id, m.period_id, s.status, s.first_submitted_at, s.submitted_at, s.submitted_by, s.complete_claim_date,
              s.returned_at, s.returned_by, s.return_reason, s.approved_at, s.approved_by, s.declared_eligible_cents,
              s.accepted_eligible_cents, s.subsidy_gross_cents, s.advance_cleared_cents, s.capped_cents, s.subsidy_net_cents,
              s.version, s.created_by, s.created_at, s.updated_at
       FROM scale_statements m JOIN cost_statements s ON s.id = m.old_id`,
    );
    // Lines of approved statements are frozen by a trigger: copied with triggers off for this statement.
    await db.query('SET LOCAL session_replication_role = replica');
    await db.query(
      `INSERT INTO cost_statement_lines (statement_id, grant_id, position, partner, partner_name, category, kind, description, reference,
                                         payment_date, person, hours, annual_gross_cost_cents, fte_numerator, fte_denominator, amount_cents,
                                         decision, accepted_cents, review_reason, reviewed_by, reviewed_at, question, asked_by, asked_at,
                                         answer, answered_at, created_at, updated_at)
       SELECT m.id, m.grant_id, l.position, l.partner, l.partner_name, l.category, l.kind, l.description, l.reference,
              l.payment_date, l.person, l.hours, l.annual_gross_cost_cents, l.fte_numerator, l.fte_denominator, l.amount_cents,
              l.decision, l.accepted_cents, l.review_reason, l.reviewed_by, l.reviewed_at, l.question, l.asked_by, l.asked_at,
              l.answer, l.answered_at, l.created_at, l.updated_at
       FROM scale_statements m JOIN cost_statement_lines l ON l.statement_id = m.old_id`,
    );
    await db.query('SET LOCAL session_replication_role = origin');
    await db.query(
      `INSERT INTO payments (grant_id, kind, status, amount_cents, cost_statement_id, planned_on, due_date, paid_on, reference, created_by,
                             paid_by, created_at, version, cancelled_at, cancelled_by, cancel_reason, paid_to_bank_account_id, paid_to_iban, paid_to_holder)
       SELECT g.grant_id, p.kind, p.status, p.amount_cents, m.id, p.planned_on, p.due_date, p.paid_on, p.reference || '-' || g.n, p.created_by,
              p.paid_by, p.created_at, p.version, p.cancelled_at, p.cancelled_by, p.cancel_reason, p.paid_to_bank_account_id, p.paid_to_iban, p.paid_to_holder
       FROM scale_grants g CROSS JOIN payments p LEFT JOIN scale_statements m ON m.old_id = p.cost_statement_id AND m.grant_id = g.grant_id
       WHERE p.grant_id = $1`,
      [w.templateGrantId],
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring: requests one at a time against a fresh process of the app.

interface Sample {
  ms: number | null;
  status: number;
  /** The process was gone (refused, reset) or did not answer in time. */
  failure: string | null;
}

function timed(baseUrl: string, method: 'GET' | 'POST', path: string, token: string, firstByte: boolean, timeoutMs: number): Promise<Sample> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = httpRequest(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, accept: '*/*' } }, (response) => {
      const status = response.statusCode ?? 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        resolve({ ms: performance.now() - started, status, failure: null });
      };
      response.on('data', () => {
        if (firstByte) {
          finish();
          req.destroy();
        }
      });
      response.once('end', finish);
      response.once('error', (error) => {
        if (!done) resolve({ ms: null, status, failure: error.message });
        done = true;
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.once('error', (error) => resolve({ ms: null, status: 0, failure: error.message }));
    req.end();
  });
}

function getJson<T>(w: World, path: string, token: string): Promise<T> {
  return new Promise((resolve, reject) => {
    get(`${w.app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.once('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (error) {
          reject(error as Error);
        }
      });
    }).once('error', reject);
  });
}

interface Measured {
  p50: number | null;
  p99: number | null;
  samples: number;
  non2xx: number;
  errors: number;
  notes: string[];
}

class Replica {
  private server: ChildServer | null = null;
  constructor(
    private readonly ctx: BenchContext,
    private readonly app: AppUnderTest,
  ) {}

  /** CPU seconds (user + system) the process used so far, from /proc; null where there is none. */
  cpuSeconds(): number | null {
    if (!this.server) return null;
    try {
      const fields = readFileSync(`/proc/${this.server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  }

  async baseUrl(): Promise<string> {
    if (!this.server) {
      this.server = await this.app.startReplica();
      const server = this.server;
      this.ctx.defer(`stop ${server.name}`, () => server.stop());
    }
    return this.server.baseUrl;
  }

  /** The process is gone: the next request starts a new one. */
  async lost(): Promise<string> {
    const output = this.server?.output() ?? '';
    await this.server?.stop(1000).catch(() => undefined);
    this.server = null;
    const heap = /heap out of memory/i.test(output);
    return heap ? 'the service died: JavaScript heap out of memory' : 'the service stopped answering';
  }
}

async function measure(ctx: BenchContext, w: World, replica: Replica, route: Route): Promise<Measured> {
  const samplesWanted = positiveInt('BENCH_SCALE_SAMPLES', 30);
  const budgetMs = positiveInt('BENCH_SCALE_SECONDS', 20) * 1000;
  const timeoutMs = positiveInt('BENCH_SCALE_TIMEOUT', 120) * 1000;
  const path = await route.path(w);
  const token = route.token(w);
  const times: number[] = [];
  const notes: string[] = [];
  let non2xx = 0;
  let errors = 0;
  let cpuBefore: number | null = null;
  const started = Date.now();
  // One request first (not counted): the route's first answer also warms the caches and the plan.
  for (let i = -1; i < samplesWanted && (i < 1 || Date.now() - started < budgetMs); i++) {
    const base = await replica.baseUrl();
    const sample = await timed(base, route.method, path, token, route.firstByte === true, timeoutMs);
    if (sample.failure !== null) {
      errors += 1;
      notes.push(`${sample.failure}; ${await replica.lost()}`);
      break;
    }
    if (sample.status < 200 || sample.status >= 300) {
      non2xx += 1;
      if (non2xx === 1) notes.push(`HTTP ${sample.status}`);
      if (non2xx >= 2) break;
      continue;
    }
    if (i >= 0 && sample.ms !== null) times.push(sample.ms);
    if (i === -1) cpuBefore = replica.cpuSeconds();
  }
  const cpuAfter = replica.cpuSeconds();
  // The service's own CPU time per request: less skewed by other work on the machine than the wall time.
  if (cpuBefore !== null && cpuAfter !== null && times.length > 0) notes.push(`service CPU ${fmtMs(((cpuAfter - cpuBefore) * 1000) / times.length)} ms per request`);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length, non2xx, errors, notes };
}

/** A comma-separated list from the environment; undefined when unset or empty. */
function listEnv(name: string): string[] | undefined {
  const items = (process.env[name] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

function sizeLabel(size: Size): string {
  return `${size.applications / 1000}k / ${size.grants}`;
}

export const scaleSection: BenchSection = {
  name: SECTION,
  description: 'routes at 1k / 10k / 100k proposals and 100 / 1k / 10k grants (BENCH_SCALE_MAX): p50/p99 per size and growth',
  async run(ctx) {
    const max = positiveInt('BENCH_SCALE_MAX', 100_000);
    const sizes = SIZES.filter((s) => s.applications <= max);
    if (sizes.length === 0) throw new Error(`BENCH_SCALE_MAX=${max} is below the smallest size (${SIZES[0].applications})`);
    // Filters for a quicker run while working on a few routes: the other sizes are still grown (the
    // database grows size by size), only not measured.
    const routeKeys = listEnv('BENCH_SCALE_ROUTES');
    const unknownRoutes = routeKeys?.filter((k) => !ROUTES.some((r) => r.key === k)) ?? [];
    if (unknownRoutes.length > 0) throw new Error(`BENCH_SCALE_ROUTES: unknown route(s) ${unknownRoutes.join(', ')} (known: ${ROUTES.map((r) => r.key).join(', ')})`);
    const routes = routeKeys ? ROUTES.filter((r) => routeKeys.includes(r.key)) : ROUTES;
    const measuredSizes = listEnv('BENCH_SCALE_SIZES')?.map(Number);
    const world = await prepare(ctx);
    const rows: Row[] = [];
    const results = new Map<string, Measured[]>();
    for (const size of sizes) {
      await growApplications(ctx, world, size.applications);
      await growGrants(ctx, world, size.grants);
      await world.db.query('VACUUM ANALYZE');
      if (measuredSizes && !measuredSizes.includes(size.applications)) continue;
      // A fresh process per size: what one size left on the heap does not weigh on the next.
      const replica = new Replica(ctx, world.app);
      for (const route of routes) {
        const m = await measure(ctx, world, replica, route);
        ctx.log(`scale ${sizeLabel(size)} ${route.scenario}: p50 ${m.p50 === null ? 'n/a' : fmtMs(m.p50)} ms, p99 ${m.p99 === null ? 'n/a' : fmtMs(m.p99)} ms (${m.samples} requests)${m.notes.length ? `; ${m.notes.join('; ')}` : ''}`);
        results.set(route.key, [...(results.get(route.key) ?? []), m]);
        const measurement = { value: m.p50, p99Ms: m.p99, errors: m.errors, non2xx: m.non2xx, notes: [`${m.samples} requests one at a time`, ...m.notes] };
        const id = `${route.key}-${size.applications}`;
        const scenario = `${route.scenario} at ${sizeLabel(size)}`;
        const largest = size === SIZES[SIZES.length - 1];
        rows.push(route.paged && largest ? targetRow(spec(id, scenario, 'ms p50'), measurement, { maxP99Ms: PAGED_P99_MS }) : baselineRow(spec(id, scenario, 'ms p50'), measurement));
      }
    }
    if (sizes.length > 1 && !measuredSizes) {
      const first = sizes[0];
      const last = sizes[sizes.length - 1];
      for (const route of routes) {
        const [a, b] = [results.get(route.key)![0], results.get(route.key)![sizes.length - 1]];
        const growth = a.p99 !== null && b.p99 !== null && a.p99 > 0 ? b.p99 / a.p99 : null;
        const m = {
          value: growth,
          p99Ms: null,
          errors: 0,
          non2xx: 0,
          notes: [`p99 ${a.p99 === null ? 'n/a' : fmtMs(a.p99)} ms at ${sizeLabel(first)} → ${b.p99 === null ? 'n/a' : fmtMs(b.p99)} ms at ${sizeLabel(last)}`],
        };
        const id = `${route.key}-growth`;
        const scenario = `${route.scenario}: growth ${sizeLabel(first)} → ${sizeLabel(last)}`;
        rows.push(route.paged && last === SIZES[SIZES.length - 1] ? targetRow(spec(id, scenario, '× p99'), m, { maxValue: MAX_GROWTH }) : baselineRow(spec(id, scenario, '× p99'), m));
      }
    }
    return rows;
  },
};
