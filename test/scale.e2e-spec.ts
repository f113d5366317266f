import type { Logger } from 'typeorm';
import { digitalExperienceLabsCall } from '../src/demo/demo-calls';
import { Province } from '../src/core/domain/provinces';
import { Role } from '../src/core/domain/roles';
import { proposeAwards } from '../src/evaluations/domain/award-proposal.rule';
import { rankProposals, RankingInput } from '../src/evaluations/domain/ranking.rule';
import { evaluatedRound, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Proposals added in SQL to the round: enough for a quadratic walk or an N+1 to show. */
const ADDED = 3000;

/** Rows of the ranking cursor per round trip in these tests: small, so that every walk crosses batches. */
const BATCH_ROWS = 500;

/** Round trips of a cursor or a keyset read over `rows` rows, `size` a time (the last one short, possibly empty). */
const batches = (rows: number, size = BATCH_ROWS) => Math.floor(rows / size) + 1;

/** Counts the statements the app sends while `work` runs (every query goes through the data source's logger). */
async function countQueries<T>(t: TestApp, work: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const original = t.db.logger;
  let queries = 0;
  const counting = new Proxy(original, {
    get(target, property: keyof Logger) {
      if (property === 'logQuery') {
        return (...args: Parameters<Logger['logQuery']>) => {
          queries += 1;
          return target.logQuery(...args);
        };
      }
      return target[property];
    },
  });
  Object.defineProperty(t.db, 'logger', { value: counting, configurable: true, writable: true });
  try {
    return { result: await work(), queries };
  } finally {
    Object.defineProperty(t.db, 'logger', { value: original, configurable: true, writable: true });
  }
}

/**
 * ADDED copies of the round's first proposal in SQL (organisations, proposals, partners, consensus), with
 * few distinct scores and submission times so that every tie-break level occurs, some proposals
 * reserve or rejected earlier, and one in fifty without a complete consensus.
 */
async function grow(t: TestApp, callId: string, templateId: string, pm: Session): Promise<void> {
  await t.db.query(
    `INSERT INTO organisations (enterprise_number, name, type)
     SELECT d::text || lpad((97 - d % 97)::text, 2, '0'), 'Schaal ' || k, 'COMPANY'
     FROM generate_series(0, $1::int / 5) k, LATERAL (SELECT 18000000::bigint + k AS d) x`,
    [ADDED],
  );
  await t.db.query(
    `INSERT INTO applications (call_id, lead_organisation_id, title, acronym, summary, province, start_date, status,
                               requested_subsidy_cents, submitted_at, created_by)
     SELECT $1, o.id, 'Schaal ' || n, 'S' || n, '', (ARRAY['BE21','BE22','BE23','BE24','BE25'])[1 + n % 5], t.start_date,
            (ARRAY['ADMISSIBLE','ADMISSIBLE','ADMISSIBLE','RESERVE','REJECTED'])[1 + (n / 5) % 5],
            10000000 + (n * 7919) % 90000000, timestamptz '2020-09-01T08:00:00Z' + (n % 4) * interval '1 minute', $3
     FROM generate_series(0, $4::int - 1) n
     JOIN organisations o ON o.enterprise_number = (18000000 + n / 5)::text || lpad((97 - (18000000 + n / 5) % 97)::text, 2, '0')
     CROSS JOIN applications t WHERE t.id = $2`,
    [callId, templateId, pm.userId, ADDED],
  );
  await t.db.query(
    `INSERT INTO application_partners (application_id, enterprise_number, name, organisation_type, role, position)
     SELECT a.id, CASE WHEN tp.role = 'LEAD' THEN o.enterprise_number ELSE tp.enterprise_number END,
            CASE WHEN tp.role = 'LEAD' THEN o.name ELSE tp.name END, CASE WHEN tp.role = 'LEAD' THEN 'COMPANY' ELSE tp.organisation_type END, tp.role, tp.position
     FROM applications a JOIN organisations o ON o.id = a.lead_organisation_id CROSS JOIN application_partners tp
     WHERE a.call_id = $1 AND a.title LIKE 'Schaal %' AND tp.application_id = $2`,
    [callId, templateId],
  );
  await t.db.query(
    `INSERT INTO consensus_scores (application_id, criterion, score, comment, set_by, set_at)
     SELECT a.id, c.code, ((hashtext(a.id::text || c.code) & 2147483647) % 11) * 0.5, 'Consensus', $2, now()
     FROM applications a CROSS JOIN (VALUES ('STRATEGIC', 1), ('OPERATIONAL', 2), ('BUDGET', 3)) AS c(code, ord)
     WHERE a.call_id = $1 AND a.title LIKE 'Schaal %' AND (hashtext(a.id::text) % 50 <> 0 OR c.ord = 1)`,
    [callId, pm.userId],
  );
}

/** The round as the domain functions see it, loaded plainly. */
async function domainRanking(t: TestApp, callId: string) {
  const applications = (await t.db.query(
    `SELECT id, province, submitted_at, requested_subsidy_cents, status FROM applications
     WHERE call_id = $1 AND status IN ('ADMISSIBLE','AWARDED','RESERVE','REJECTED') ORDER BY id`,
    [callId],
  )) as { id: string; province: Province; submitted_at: Date; requested_subsidy_cents: string; status: string }[];
  const consensus = (await t.db.query(
    `SELECT c.application_id, c.criterion, c.score::float8 AS score FROM consensus_scores c JOIN applications a ON a.id = c.application_id WHERE a.call_id = $1`,
    [callId],
  )) as { application_id: string; criterion: string; score: number }[];
  const scores = new Map<string, Record<string, number>>();
  for (const c of consensus) scores.set(c.application_id, { ...scores.get(c.application_id), [c.criterion]: c.score });
  const rules = digitalExperienceLabsCall().rules.evaluation;
  const codes = rules.criteria.map((c) => c.code);
  const complete = applications.filter((a) => codes.every((code) => Object.hasOwn(scores.get(a.id) ?? {}, code)));
  const inputs: RankingInput[] = complete.map((a) => ({
    applicationId: a.id,
    province: a.province,
    submittedAt: a.submitted_at,
    requestedSubsidy: Number(a.requested_subsidy_cents),
    scores: scores.get(a.id)!,
  }));
  return {
    ranked: rankProposals(inputs, rules),
    pending: applications.filter((a) => !complete.includes(a)).map((a) => a.id),
    status: new Map(applications.map((a) => [a.id, a.status])),
  };
}

describe('ranking and award proposal at a few thousand proposals', () => {
  let t: TestApp;
  let pm: Session;
  let callId: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { RANKING_BATCH_ROWS: String(BATCH_ROWS) } });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    const round = await evaluatedRound(t, pm, [
      { province: 'BE24', scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 3 } },
      { province: 'BE21', scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 3 } },
    ]);
    callId = round.callId;
    await grow(t, callId, round.applicationIds[0], pm);
  });
  afterAll(() => t.close());

  it('ranks exactly as the domain function does, in a constant number of queries', async () => {
    const expected = await domainRanking(t, callId);
    expect(expected.ranked.length).toBeGreaterThan(ADDED * 0.9);
    expect(expected.pending.length).toBeGreaterThan(0);
    expect(expected.ranked.some((r) => r.tieBreakNote?.includes('application id'))).toBe(true);

    const { result: response, queries } = await countQueries(t, () => t.http.get(`/calls/${callId}/ranking?pageSize=10000`).set(pm.auth).expect(200));
    expect(response.body.nextCursor).toBeNull();
    // A read-only transaction: the call, its size, the ranked cursor and the pending cursor, each
    // read BATCH_ROWS rows a time, and the session's own lookup: never one per proposal.
    expect(queries).toBeLessThanOrEqual(10 + batches(expected.ranked.length) + batches(expected.pending.length));
    expect(response.body.pending).toEqual(expected.pending);
    expect(response.body.entries).toHaveLength(expected.ranked.length);
    expect(
      (response.body.entries as Record<string, unknown>[]).map(({ acronym: _acronym, title: _title, ...entry }) => entry),
    ).toEqual(
      expected.ranked.map((r) => ({
        applicationId: r.applicationId,
        province: r.province,
        rank: r.rank,
        weightedTotal: r.weightedTotal,
        unweightedTotal: r.unweightedTotal,
        passed: r.passed,
        criteria: r.criteria.map((c) => ({ criterion: c.criterion, score: c.score, threshold: c.threshold, passed: c.passed })),
        requestedSubsidy: r.requestedSubsidy,
        submittedAt: r.submittedAt.toISOString(),
        tieBreak: r.tieBreak,
        tieBreakNote: r.tieBreakNote,
      })),
    );
  });

  it('gives the same ranking page by page (1000 rows by default), each page in a constant number of queries', async () => {
    const whole = (await t.http.get(`/calls/${callId}/ranking?pageSize=10000`).set(pm.auth).expect(200)).body as { entries: { applicationId: string }[]; pending: string[] };
    const entries: unknown[] = [];
    const pending: string[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null) {
      const path: string = after === 0 ? `/calls/${callId}/ranking` : `/calls/${callId}/ranking?after=${after}`;
      const { result, queries } = await countQueries(t, () => t.http.get(path).set(pm.auth).expect(200));
      expect(result.body.entries.length + result.body.pending.length).toBeLessThanOrEqual(1000);
      // Transaction, call, size, settings, cursor, the skip and the row before, the page, the look-ahead.
      expect(queries).toBeLessThanOrEqual(14);
      entries.push(...result.body.entries);
      pending.push(...result.body.pending);
      after = result.body.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil((whole.entries.length + whole.pending.length) / 1000));
    expect(entries).toEqual(whole.entries);
    expect(pending).toEqual(whole.pending);
  });

  it('proposes exactly what the domain function proposes, in a constant number of queries', async () => {
    const expected = await domainRanking(t, callId);
    const candidates = expected.ranked.filter((r) => ['ADMISSIBLE', 'RESERVE'].includes(expected.status.get(r.applicationId)!));
    const call = digitalExperienceLabsCall();
    const proposal = proposeAwards(candidates, { envelope: call.envelope, alreadyCommitted: 0, provinceQuota: call.rules.provinceQuota, awardedPerProvince: {} });

    const { result: response, queries } = await countQueries(t, () => t.http.post(`/calls/${callId}/award-proposal?pageSize=10000`).set(pm.auth).expect(201));
    expect(response.body).toMatchObject({ entryCount: proposal.entries.length, entriesNextCursor: null });
    // Transaction, lock, call, size, earlier grants, supersede, insert, audit; per BATCH_ROWS
    // ranked rows one fetch and one insert of their entries; the answer read back 2000 entries a time.
    expect(queries).toBeLessThanOrEqual(16 + 2 * batches(expected.ranked.length) + batches(proposal.entries.length, 2000));
    expect(response.body.entries).toEqual(proposal.entries);
    // Stored as rows of their own, in rank order.
    const stored = (await t.db.query(`SELECT application_id AS "applicationId", rank, outcome FROM award_proposal_entries WHERE proposal_id = $1 ORDER BY rank`, [
      response.body.id,
    ])) as { applicationId: string; rank: number; outcome: string }[];
    expect(stored).toEqual(proposal.entries.map(({ applicationId, rank, outcome }) => ({ applicationId, rank, outcome })));

    // By default the answer holds the first 1000 entries; the others come page by page.
    const paged = (await t.http.post(`/calls/${callId}/award-proposal`).set(pm.auth).expect(201)).body;
    expect(paged.entries).toEqual(proposal.entries.slice(0, 1000));
    const rest: unknown[] = [];
    let after: number | null = paged.entriesNextCursor;
    while (after !== null) {
      const page = (await t.http.get(`/award-proposals/${paged.id}/entries?after=${after}&pageSize=700`).set(pm.auth).expect(200)).body;
      rest.push(...page.items);
      after = page.nextCursor;
    }
    expect([...paged.entries, ...rest]).toEqual(proposal.entries);
    expect(response.body.totalAwarded).toBe(proposal.totalAwarded);
    expect(response.body.remainingEnvelope).toBe(proposal.remainingEnvelope);
  });
});

describe('GET /applications at a few thousand proposals', () => {
  let t: TestApp;
  let pm: Session;
  let expected: string[];
  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    const round = await evaluatedRound(t, pm, [{ province: 'BE24', scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 3 } }]);
    // One INSERT: thousands of proposals with the same created_at, ordered by id among themselves.
    await grow(t, round.callId, round.applicationIds[0], pm);
    expected = ((await t.db.query(`SELECT id FROM applications ORDER BY created_at DESC, id`)) as { id: string }[]).map((r) => r.id);
  });
  afterAll(() => t.close());

  const ids = (body: { items: { id: string }[] }) => body.items.map((a) => a.id);

  it('gives the first, a middle and the last page in the list order, with their partners, in a constant number of queries', async () => {
    const pages = Math.ceil(expected.length / 50);
    for (const n of [1, Math.ceil(pages / 2) + 1, pages]) {
      const { result, queries } = await countQueries(t, () => t.http.get(`/applications?page=${n}&pageSize=50`).set(pm.auth).expect(200));
      expect(ids(result.body)).toEqual(expected.slice((n - 1) * 50, n * 50));
      expect(result.body.total).toBe(expected.length);
      expect(result.body.items.every((a: { partners: unknown[] }) => a.partners.length === 2)).toBe(true);
      // The count, the page's ids, their rows and their partners.
      expect(queries).toBeLessThanOrEqual(4);
    }
    const beyond = await t.http.get(`/applications?page=${pages + 1}&pageSize=50`).set(pm.auth).expect(200);
    expect(beyond.body).toMatchObject({ items: [], total: expected.length, nextCursor: null });
  });

  it('pages by keyset after a cursor through the same order to the end', async () => {
    const seen: string[] = [];
    let body = (await t.http.get('/applications?pageSize=200').set(pm.auth).expect(200)).body;
    seen.push(...ids(body));
    while (body.nextCursor) {
      body = (await t.http.get(`/applications?pageSize=200&after=${body.nextCursor}`).set(pm.auth).expect(200)).body;
      seen.push(...ids(body));
    }
    expect(seen).toEqual(expected);
  });
});

describe('one request over its memory budget', () => {
  let t: TestApp;
  let small: TestApp;
  let pm: Session;
  let callId: string;
  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    const round = await evaluatedRound(t, pm, [{ province: 'BE24', scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 3 } }]);
    callId = round.callId;
    await grow(t, callId, round.applicationIds[0], pm);
    // A second instance on the same database whose budget is below this call's size.
    small = await createTestApp({ databaseUrl: t.databaseUrl, env: { RANKING_MAX_PROPOSALS: '1000', AWARD_MAX_PROPOSALS: '1000', DECISION_MAX_ENTRIES: '1000' } });
  });
  afterAll(async () => {
    await small?.close();
    await t?.close();
  });

  it('is refused with a problem naming the budget, changes nothing, and the service keeps serving everyone else', async () => {
    const { auth } = await staff(small, Role.PROGRAMME_MANAGER);
    const [proposalsBefore] = await t.db.query(`SELECT count(*)::int AS n FROM award_proposals`);
    const [ranking, award, ...others] = await Promise.all([
      small.http.get(`/calls/${callId}/ranking`).set(auth),
      small.http.post(`/calls/${callId}/award-proposal`).set(auth),
      small.http.get('/health/live'),
      small.http.get('/calls').set(auth),
      small.http.get('/applications?pageSize=5').set(auth),
    ]);
    for (const refused of [ranking, award]) {
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 503, code: 'RANKING_TOO_LARGE' });
      expect(refused.body.detail).toMatch(/(RANKING|AWARD)_MAX_PROPOSALS/);
    }
    expect(others.map((r) => r.status)).toEqual([200, 200, 200]);
    const [proposalsAfter] = await t.db.query(`SELECT count(*)::int AS n FROM award_proposals`);
    expect(proposalsAfter.n).toBe(proposalsBefore.n);
    // A decision on a proposal of more entries than its budget: refused before anything changes.
    const proposal = (await t.http.post(`/calls/${callId}/award-proposal`).set(pm.auth).expect(201)).body as { id: string; entryCount: number };
    expect(proposal.entryCount).toBeGreaterThan(1000);
    const [grantsBefore] = await t.db.query(`SELECT count(*)::int AS n FROM grants`);
    const decision = await small.http.post(`/calls/${callId}/decision`).set(auth).send({ proposalId: proposal.id });
    expect(decision.status).toBe(503);
    expect(decision.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(decision.body).toMatchObject({ status: 503, code: 'RANKING_TOO_LARGE' });
    expect(decision.body.detail).toMatch(/DECISION_MAX_ENTRIES/);
    const [grantsAfter] = await t.db.query(`SELECT count(*)::int AS n FROM grants`);
    expect(grantsAfter.n).toBe(grantsBefore.n);
    const [stillProposed] = await t.db.query(`SELECT status FROM award_proposals WHERE id = $1`, [proposal.id]);
    expect(stillProposed.status).toBe('PROPOSED');
    // The same instance still ranks a call within its budget.
    const other = await evaluatedRound(t, pm, [{ province: 'BE21', scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 4 } }]);
    const fine = await small.http.get(`/calls/${other.callId}/ranking`).set(auth).expect(200);
    expect(fine.body.entries).toHaveLength(1);
  });
});
