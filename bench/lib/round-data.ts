import { digitalExperienceLabsCall } from '../../src/demo/demo-calls';
import { demoEnterpriseNumber, labsBudget } from '../../src/demo/demo-proposals';
import type { AppUnderTest, StaffAccount } from './app';
import { connect } from './demo-data';
import { verifyRegisteredTypes } from './register';

export interface LargeRound {
  callId: string;
  proposals: number;
  /** The programme manager who owns the round (email and password for the web app's sign-in). */
  manager: StaffAccount;
}

const PROVINCES = ['BE21', 'BE22', 'BE23', 'BE24', 'BE25'];

/**
 * A labs call with `proposals` admissible proposals, each with a complete consensus, and three
 * evaluators who submitted their scores on every one (what the ranking and the dashboard read).
 * One proposal is made through the API as an applicant would (open call, partners, budget,
 * submission with its snapshot); the others are copies of it written in SQL, each with its own
 * lead organisation, province, submission instant and scores, so that 500 take a second rather
 * than the minutes the API would need. Ties are frequent by construction, so tie-break notes show.
 */
export async function largeRound(app: AppUnderTest, proposals: number): Promise<LargeRound> {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();
  const manager = await app.createStaff(['PROGRAMME_MANAGER'], `Bench ronde ${tag}`);
  const evaluators = await Promise.all([1, 2, 3].map((i) => app.createStaff(['EVALUATOR'], `Bench beoordelaar ${i} ${tag}`)));
  const now = Date.now();
  const call = await app.api.post<{ id: string }>(
    '/calls',
    { ...digitalExperienceLabsCall(), code: `RND-${tag}`.slice(0, 30), title: `Ronde van ${proposals} voorstellen (bench)`, opensAt: new Date(now - 3_600_000).toISOString(), closesAt: new Date(now + 86_400_000).toISOString() },
    { token: manager.token },
  );
  await app.api.post(`/calls/${call.id}/publish`, undefined, { token: manager.token });

  const seed = 2_000_000 + Math.floor(Math.random() * 1_000_000);
  const lead = demoEnterpriseNumber(seed);
  const partner = demoEnterpriseNumber(seed + 1);
  const registered = await app.api.post<{ accessToken: string }>('/auth/register', {
    email: `bench-ronde-${tag.toLowerCase()}@bench.example.org`,
    password: 'een lang bench-wachtwoord',
    fullName: 'Bench Aanvrager',
    organisation: { name: `Hogeschool ${tag}`, enterpriseNumber: lead, type: 'KNOWLEDGE_INSTITUTION', province: 'BE24' },
  });
  const token = registered.accessToken;
  const draft = await app.api.post<{ id: string; version: number }>(`/calls/${call.id}/applications`, { title: 'Digital Lab', acronym: 'LAB0', summary: 'Een lab', province: 'BE21', startDate: '2021-03-01' }, { token });
  const withPartners = await app.api.put<{ version: number }>(
    `/applications/${draft.id}/partners`,
    {
      version: draft.version,
      partners: [
        { enterpriseNumber: lead, name: `Hogeschool ${tag}`, organisationType: 'KNOWLEDGE_INSTITUTION', role: 'LEAD' },
        { enterpriseNumber: partner, name: `Netwerk ${tag}`, organisationType: 'BUSINESS_NETWORK', role: 'PARTNER' },
      ],
    },
    { token },
  );
  await app.api.put(`/applications/${draft.id}/budget`, { version: withPartners.version, lines: labsBudget(lead, partner) }, { token });
  const registerDb = await connect(app.databaseUrl);
  try {
    await verifyRegisteredTypes(registerDb, [lead, partner]);
  } finally {
    await registerDb.end();
  }
  await app.api.post(`/applications/${draft.id}/submit`, undefined, { token, headers: { 'idempotency-key': `bench-round-${tag}` } });

  const db = await connect(app.databaseUrl);
  try {
    await db.query('BEGIN');
    const users = await db.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE email = ANY($1)', [[manager.email, ...evaluators.map((e) => e.email)]]);
    const idOf = (email: string) => users.rows.find((u) => u.email === email)?.id;
    const managerId = idOf(manager.email);
    const evaluatorIds = evaluators.map((e) => idOf(e.email));
    await db.query(
      `CREATE TEMP TABLE bench_round ON COMMIT DROP AS
       SELECT n, gen_random_uuid() AS org_id, gen_random_uuid() AS app_id, '0' || lpad(($2::bigint + n)::text, 7, '0') AS body
       FROM generate_series(1, $1::int - 1) n`,
      // Enterprise numbers 0 + seven digits + the mod-97 check, away from the fixtures' and the demo's.
      [proposals, 1_000_000 + ((seed * 7) % 8_000_000)],
    );
    await db.query(
      `INSERT INTO organisations (id, enterprise_number, name, type, province)
       SELECT org_id, body || lpad((97 - body::bigint % 97)::text, 2, '0'), 'Bench-hogeschool ' || n, 'KNOWLEDGE_INSTITUTION', ($1::text[])[1 + n % 5]
       FROM bench_round`,
      [PROVINCES],
    );
    await db.query(
      `INSERT INTO applications (id, call_id, lead_organisation_id, title, acronym, summary, province, start_date, status, requested_subsidy_cents,
                                 submitted_at, version, created_by, admissibility_reason, admissibility_decided_at, admissibility_decided_by)
       SELECT r.app_id, s.call_id, r.org_id, s.title || ' ' || r.n, 'LAB' || r.n, s.summary, ($2::text[])[1 + r.n % 5], s.start_date, 'ADMISSIBLE',
              COALESCE(s.requested_subsidy_cents, 99900000) - (r.n % 9) * 1000000, s.submitted_at + r.n * interval '1 second', 1, s.created_by, 'Volledig', now(), $3
       FROM bench_round r, applications s WHERE s.id = $1`,
      [draft.id, PROVINCES, managerId],
    );
    await db.query(`UPDATE applications SET status = 'ADMISSIBLE', admissibility_reason = 'Volledig', admissibility_decided_at = now(), admissibility_decided_by = $2 WHERE id = $1`, [draft.id, managerId]);
    await db.query(
      `INSERT INTO application_submissions (application_id, submitted_at, submitted_by, snapshot, snapshot_sha256)
       SELECT r.app_id, s.submitted_at + r.n * interval '1 second', s.submitted_by, s.snapshot, s.snapshot_sha256
       FROM bench_round r, application_submissions s WHERE s.application_id = $1`,
      [draft.id],
    );
    // Scores on the labs scale (0–5 in halves): few distinct totals, so many ties to break.
    await db.query(
      `WITH all_apps AS (SELECT app_id, n FROM bench_round UNION ALL SELECT $1::uuid, 0)
       INSERT INTO consensus_scores (application_id, criterion, score, comment, set_by, set_at)
       SELECT a.app_id, c.code, c.score, 'Consensus (bench)', $2, now()
       FROM all_apps a CROSS JOIN LATERAL (VALUES
         ('STRATEGIC', 2.5 + (a.n % 6) * 0.5),
         ('OPERATIONAL', 2 + ((a.n * 7) % 7) * 0.5),
         ('BUDGET', ((a.n * 3) % 11) * 0.5)) AS c(code, score)`,
      [draft.id, managerId],
    );
    await db.query(
      `INSERT INTO evaluation_assignments (call_id, application_id, evaluator_id, status, declared_at, submitted_at, assigned_by)
       SELECT a.call_id, a.id, e.id, 'SUBMITTED', now(), now(), $2
       FROM applications a CROSS JOIN unnest($3::uuid[]) AS e(id) WHERE a.call_id = $1`,
      [call.id, managerId, evaluatorIds],
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
  return { callId: call.id, proposals, manager };
}
