import { canonicalJson, sha256Hex } from '../src/core/crypto/canonical-json';
import { Role } from '../src/core/domain/roles';
import { applicant, labsBudget, labsCall, labsProposal, NETWORK_PARTNER, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('applications and budgets on the labs call', () => {
  let t: TestApp;
  let pm: Session;
  let callId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: '2020-08-01T08:00:00Z' });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    callId = (await labsCall(t, pm)).id;
  });
  afterAll(() => t.close());

  const counts = async (id: string) => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM budget_lines WHERE application_id = $1) AS lines,
              (SELECT count(*)::int FROM application_partners WHERE application_id = $1) AS partners,
              (SELECT count(*)::int FROM application_submissions WHERE application_id = $1) AS submissions,
              (SELECT version FROM applications WHERE id = $1) AS version`,
      [id],
    );
    return row as { lines: number; partners: number; submissions: number; version: number };
  };

  it('runs draft → partners → budget → summary → submit → receipt', async () => {
    const lead = await applicant(t);
    const draft = await t.http
      .post(`/calls/${callId}/applications`)
      .set(lead.auth)
      .send({ title: 'DigiHub Vlaams-Brabant', acronym: 'DH-VB', summary: 'Een lab voor kmo’s', province: 'BE24', startDate: '2021-03-01' })
      .expect(201);
    expect(draft.body).toMatchObject({ status: 'DRAFT', province: 'BE24', provinceName: 'Vlaams-Brabant', version: 1 });
    expect(draft.body.partners).toEqual([expect.objectContaining({ enterpriseNumber: lead.enterpriseNumber, role: 'LEAD' })]);
    const id = draft.body.id as string;

    const partners = await t.http
      .put(`/applications/${id}/partners`)
      .set(lead.auth)
      .set('If-Match', '"1"')
      .send({ partners: [{ enterpriseNumber: lead.enterpriseNumber, name: 'Erasmushogeschool', organisationType: 'KNOWLEDGE_INSTITUTION', role: 'LEAD' }, NETWORK_PARTNER] })
      .expect(200);
    expect(partners.body.partners).toHaveLength(2);
    expect(partners.body.version).toBe(2);

    const budget = await t.http.put(`/applications/${id}/budget`).set(lead.auth).set('If-Match', '"2"').send({ lines: labsBudget(lead.enterpriseNumber) }).expect(200);
    expect(budget.body.lines).toHaveLength(11);
    expect(budget.body.lines[0]).toMatchObject({ kind: 'STAFF', hours: 1720, directCost: 10_000_000 });

    const summary = await t.http.get(`/applications/${id}/budget-summary`).set(lead.auth).expect(200);
    expect(summary.body.totals).toMatchObject({ directCosts: 138_000_000, staffCosts: 80_000_000, indirectCosts: 12_000_000, eligibleCosts: 150_000_000 });
    expect(summary.body).toMatchObject({
      maxSubsidy: 99_900_000,
      requestedSubsidy: 99_900_000,
      subsidy: 99_900_000,
      ownContribution: 50_100_000,
      effectiveRatePercent: '66,6 %',
      submittable: true,
    });
    expect(summary.body.fundingSources).toEqual([
      expect.objectContaining({ code: 'EFRO', amount: 60_000_000 }),
      expect.objectContaining({ code: 'VLAANDEREN', amount: 39_900_000 }),
    ]);
    const byPartner = Object.fromEntries(summary.body.partners.map((p: { enterpriseNumber: string; eligibleCosts: number }) => [p.enterpriseNumber, p.eligibleCosts]));
    expect(byPartner).toEqual({ [lead.enterpriseNumber]: 75_000_000, '0403199702': 75_000_000 });

    t.clock.set('2020-09-30T14:59:59Z');
    const submitted = await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'submit-full-path-1').expect(200);
    expect(submitted.body).toMatchObject({ applicationId: id, submittedAt: '2020-09-30T14:59:59.000Z', submittedAtBrussels: '2020-09-30T16:59:59+02:00' });
    expect(submitted.body.sha256).toBe(sha256Hex(canonicalJson(submitted.body.snapshot)));
    expect(submitted.body.snapshot.budgetSummary.subsidy).toBe(99_900_000);

    const receipt = await t.http.get(`/applications/${id}/receipt`).set(lead.auth).expect(200);
    expect(receipt.body).toEqual(submitted.body);
    const after = await t.http.get(`/applications/${id}`).set(lead.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'SUBMITTED', requestedSubsidy: 99_900_000 });

    // Frozen: no more edits, and the snapshot cannot be changed even from SQL.
    await t.http.patch(`/applications/${id}`).set(lead.auth).send({ version: after.body.version, title: 'Anders' }).expect(409);
    await t.http.put(`/applications/${id}/budget`).set(lead.auth).send({ version: after.body.version, lines: [] }).expect(409);
    await expect(t.db.query(`UPDATE application_submissions SET snapshot = '{}' WHERE application_id = $1`, [id])).rejects.toThrow(/immutable/);

    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'application.created',
      'application.partners_replaced',
      'application.budget_replaced',
      'application.submitted',
    ]);
    t.clock.set('2020-08-01T08:00:00Z');
  });

  it('refuses a late submission at the closing instant, listing the reason, and writes nothing', async () => {
    const lead = await applicant(t);
    const { id } = await labsProposal(t, lead, callId);
    const before = await counts(id);
    t.clock.set('2020-09-30T15:00:00.000Z');
    const res = await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'late-submit-1').expect(422);
    t.clock.set('2020-08-01T08:00:00Z');
    expect(res.body.code).toBe('SUBMISSION_REFUSED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'call', code: 'CALL_CLOSED' })]);
    expect(await counts(id)).toEqual(before);
    const [{ status }] = await t.db.query(`SELECT status FROM applications WHERE id = $1`, [id]);
    expect(status).toBe('DRAFT');
    const [{ keys }] = await t.db.query(`SELECT count(*)::int AS keys FROM idempotency_keys WHERE key = 'late-submit-1'`);
    expect(keys).toBe(0);
  });

  it('lists every reason a proposal cannot be submitted', async () => {
    const lead = await applicant(t);
    const draft = await t.http.post(`/calls/${callId}/applications`).set(lead.auth).send({ title: 'Leeg', acronym: 'L', province: 'BE21' }).expect(201);
    const res = await t.http.post(`/applications/${draft.body.id}/submit`).set(lead.auth).set('Idempotency-Key', 'empty-submit-1').expect(422);
    const reasons = res.body.errors.map((e: { code: string }) => e.code);
    expect(reasons).toEqual(expect.arrayContaining(['REQUIRED', 'TOO_FEW_PARTNERS', 'MISSING_ORGANISATION_TYPE', 'EMPTY_BUDGET']));
  });

  it('refuses a stale edit with 412 and an edit without a version with 428, losing nothing', async () => {
    const lead = await applicant(t);
    const { id, version } = await labsProposal(t, lead, callId);
    await t.http.patch(`/applications/${id}`).set(lead.auth).send({ version, title: 'Eerste wijziging' }).expect(200);
    const stale = await t.http.patch(`/applications/${id}`).set(lead.auth).send({ version, title: 'Tweede wijziging' }).expect(412);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(stale.headers.etag).toBe(`"${version + 1}"`);
    await t.http.put(`/applications/${id}/budget`).set(lead.auth).set('If-Match', `"${version}"`).send({ lines: [] }).expect(412);
    await t.http.patch(`/applications/${id}`).set(lead.auth).send({ title: 'Zonder versie' }).expect(428);
    const current = await t.http.get(`/applications/${id}`).set(lead.auth).expect(200);
    expect(current.body.title).toBe('Eerste wijziging');
    expect((await counts(id)).lines).toBe(11);
  });

  it('submits once under two concurrent requests with the same key', async () => {
    const lead = await applicant(t);
    const { id } = await labsProposal(t, lead, callId, 'BE21');
    const [a, b] = await Promise.all([
      t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'same-key-12345'),
      t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'same-key-12345'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toEqual(b.body);
    expect((await counts(id)).submissions).toBe(1);
    const again = await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'same-key-12345').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.sha256).toBe(a.body.sha256);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'application.submitted'`, [id]);
    expect(n).toBe(1);
  });

  it('submits once under two concurrent requests with different keys: one success, one refusal', async () => {
    const lead = await applicant(t);
    const { id } = await labsProposal(t, lead, callId, 'BE22');
    const results = await Promise.all([
      t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'key-one-123456'),
      t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'key-two-123456'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('ALREADY_SUBMITTED');
    expect((await counts(id)).submissions).toBe(1);
  });

  it('allows one submitted proposal per lead organisation, call and province, held by the database too', async () => {
    const lead = await applicant(t);
    const first = await labsProposal(t, lead, callId, 'BE23');
    const second = await labsProposal(t, lead, callId, 'BE23');
    await t.http.post(`/applications/${first.id}/submit`).set(lead.auth).set('Idempotency-Key', 'dup-first-1').expect(200);
    const res = await t.http.post(`/applications/${second.id}/submit`).set(lead.auth).set('Idempotency-Key', 'dup-second-1').expect(422);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toContain('DUPLICATE_SUBMISSION');
    await expect(t.db.query(`UPDATE applications SET status = 'SUBMITTED', submitted_at = now() WHERE id = $1`, [second.id])).rejects.toThrow(
      /applications_one_submitted_per_lead/,
    );
  });

  it('submits one of two proposals of the same lead and province sent at once; the other is refused as a duplicate', async () => {
    const lead = await applicant(t);
    const first = await labsProposal(t, lead, callId, 'BE21');
    const second = await labsProposal(t, lead, callId, 'BE21');
    const results = await Promise.all([
      t.http.post(`/applications/${first.id}/submit`).set(lead.auth).set('Idempotency-Key', 'race-first-1'),
      t.http.post(`/applications/${second.id}/submit`).set(lead.auth).set('Idempotency-Key', 'race-second-1'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(results.find((r) => r.status === 422)!.body.errors.map((e: { code: string }) => e.code)).toEqual(['DUPLICATE_SUBMISSION']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM application_submissions WHERE application_id IN ($1, $2)`, [first.id, second.id]);
    expect(n).toBe(1);
    const [{ audits }] = await t.db.query(`SELECT count(*)::int AS audits FROM audit_log WHERE action = 'application.submitted' AND entity_id IN ($1, $2)`, [first.id, second.id]);
    expect(audits).toBe(1);
  });

  it('lets partner members read but not edit; hides the proposal from other organisations on every route', async () => {
    const lead = await applicant(t);
    const { id, version } = await labsProposal(t, lead, callId, 'BE25');
    const member = await applicant(t, { enterpriseNumber: NETWORK_PARTNER.enterpriseNumber, type: 'BUSINESS_NETWORK' as never });
    await t.http.get(`/applications/${id}`).set(member.auth).expect(200);
    await t.http.get(`/applications/${id}/budget-summary`).set(member.auth).expect(200);
    const listed = await t.http.get('/applications').set(member.auth).expect(200);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(id);
    const refused = await t.http.patch(`/applications/${id}`).set(member.auth).send({ version, title: 'Overgenomen' }).expect(403);
    expect(refused.body.code).toBe('NOT_LEAD_MEMBER');

    const stranger = await applicant(t);
    const routes: [string, string, object?][] = [
      ['get', `/applications/${id}`],
      ['patch', `/applications/${id}`, { version, title: 'x' }],
      ['put', `/applications/${id}/partners`, { version, partners: [] }],
      ['put', `/applications/${id}/budget`, { version, lines: [] }],
      ['get', `/applications/${id}/budget`],
      ['get', `/applications/${id}/budget-summary`],
      ['post', `/applications/${id}/submit`],
      ['get', `/applications/${id}/receipt`],
      ['post', `/applications/${id}/withdraw`],
    ];
    for (const [method, path, body] of routes) {
      const req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](path).set(stranger.auth).set('Idempotency-Key', 'stranger-key-1');
      const res = await (body ? req.send(body) : req);
      expect({ path: `${method} ${path}`, status: res.status }).toEqual({ path: `${method} ${path}`, status: 404 });
    }
    const strangerList = await t.http.get('/applications').set(stranger.auth).expect(200);
    expect(strangerList.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    const evaluator = await staff(t, Role.EVALUATOR);
    await t.http.get('/applications').set(evaluator.auth).expect(403);
    await t.http.get(`/applications/${id}`).set(evaluator.auth).expect(403);
    const finance = await staff(t, Role.FINANCE_OFFICER);
    await t.http.get(`/applications/${id}`).set(finance.auth).expect(200);
    const all = await t.http.get(`/applications?callId=${callId}&province=BE25&status=DRAFT`).set(pm.auth).expect(200);
    expect(all.body.items.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('answers malformed budgets with 400 problem details and writes nothing', async () => {
    const lead = await applicant(t);
    const { id, version } = await labsProposal(t, lead, callId);
    const before = await counts(id);
    const line = labsBudget(lead.enterpriseNumber)[8];
    const bad: [object, string][] = [
      [{ version, lines: [{ ...line, amount: -100 }] }, 'lines[0].amount'],
      [{ version, lines: [{ ...line, amount: 10.5 }] }, 'lines[0].amount'],
      [{ version, lines: [{ ...line, amount: '1000' }] }, 'lines[0].amount'],
      [{ version, lines: [{ ...line, year: 'next' }] }, 'lines[0].year'],
      [{ version, lines: [{ ...line, discount: 5 }] }, 'lines[0].discount'],
      [{ version, lines: [line], requestedSubsidy: 1.5 }, 'requestedSubsidy'],
      [{ version, lines: Array.from({ length: 1001 }, () => line) }, 'lines'],
      [{ version, lines: 'all of them' }, 'lines'],
      [{ version, lines: [{ ...line, partner: '0566.988.258' }] }, 'lines[0].partner'],
      [{ version, lines: [{ ...line, partner: '0417.497.106' }] }, 'lines[0].partner'],
    ];
    for (const [body, field] of bad) {
      const res = await t.http.put(`/applications/${id}/budget`).set(lead.auth).send(body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const created = await t.http.post(`/calls/${callId}/applications`).set(lead.auth).send({ title: 'X', acronym: 'X', province: 'BE99' }).expect(400);
    expect(created.body.errors[0].field).toBe('province');
    expect(await counts(id)).toEqual(before);
  });

  it('reports rule findings in the summary: hours above the limit, VAT, a partner without lines, too much asked', async () => {
    const lead = await applicant(t);
    const { id, version } = await labsProposal(t, lead, callId);
    const lines = labsBudget(lead.enterpriseNumber).filter((l) => l.partner === lead.enterpriseNumber);
    lines[0] = { ...lines[0], hours: 1721 };
    lines.push({ partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', year: 2022, description: 'Met btw', amount: 12_100, vatIncluded: true, vatAmount: 2_100 });
    await t.http.put(`/applications/${id}/budget`).set(lead.auth).send({ version, lines, requestedSubsidy: 200_000_000 }).expect(200);
    const summary = await t.http.get(`/applications/${id}/budget-summary`).set(lead.auth).expect(200);
    const codes = summary.body.findings.map((f: { code: string }) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['HOURS_ABOVE_LIMIT', 'PARTNER_WITHOUT_LINES', 'REQUESTED_ABOVE_MAXIMUM']));
    expect(summary.body.submittable).toBe(false);
    expect(summary.body.subsidy).toBeLessThanOrEqual(summary.body.maxSubsidy);
  });

  it('withdraws until the call closes, not after', async () => {
    const lead = await applicant(t);
    const a = await labsProposal(t, lead, callId, 'BE21');
    await t.http.post(`/applications/${a.id}/withdraw`).set(lead.auth).expect(200);
    const b = await labsProposal(t, lead, callId, 'BE22');
    t.clock.set('2020-09-30T15:00:00Z');
    const late = await t.http.post(`/applications/${b.id}/withdraw`).set(lead.auth).expect(409);
    expect(late.body.code).toBe('WITHDRAWAL_CLOSED');
    t.clock.set('2020-08-01T08:00:00Z');
  });
});
