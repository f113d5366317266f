import { Role } from '../src/core/domain/roles';
import { OrganisationType } from '../src/core/domain/organisation-type';
import { applicant, evaluatedRound, labsCall, labsProposal, NETWORK_PARTNER, Session, staff } from './support/fixtures';
import { pdfText } from '../src/reporting/render/testing/pdf-text';
import { createTestApp, TestApp } from './support/test-app';

/** Binary bodies: supertest buffers them when asked to. */
function binary(res: { on(event: string, cb: (chunk?: Buffer) => void): void }, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('evaluation and award', () => {
  let t: TestApp;
  let pm: Session;
  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
  });
  afterAll(() => t.close());

  it('runs admissibility → assignment → declaration → scores → consensus → ranking → proposal → decision', async () => {
    const round = await evaluatedRound(t, pm, [
      { province: 'BE24', scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 3 } }, // 4×2+4+3 = 15
      { province: 'BE24', scores: { STRATEGIC: 5, OPERATIONAL: 3, BUDGET: 3 } }, // 16: best in BE24
      { province: 'BE21', scores: { STRATEGIC: 2.5, OPERATIONAL: 5, BUDGET: 5 } }, // fails STRATEGIC threshold 3
      { province: 'BE22', scores: { STRATEGIC: 3, OPERATIONAL: 3, BUDGET: 3 } }, // 12, passes (total 9 ≥ 9)
    ]);
    const [a, b, c, d] = round.applicationIds;

    const ranking = await t.http.get(`/calls/${round.callId}/ranking`).set(pm.auth).expect(200);
    expect(ranking.body.entries.map((e: { applicationId: string }) => e.applicationId)).toEqual([b, a, c, d]);
    expect(ranking.body.entries[0]).toMatchObject({ rank: 1, weightedTotal: 16, unweightedTotal: 11, passed: true });
    expect(ranking.body.entries[2]).toMatchObject({ applicationId: c, passed: false });
    expect(ranking.body.entries[2].criteria[0]).toMatchObject({ criterion: 'STRATEGIC', score: 2.5, threshold: 3, passed: false });

    const proposal = await t.http.post(`/calls/${round.callId}/award-proposal`).set(pm.auth).expect(201);
    const outcomes = Object.fromEntries(proposal.body.entries.map((e: { applicationId: string; outcome: string }) => [e.applicationId, e.outcome]));
    expect(outcomes).toEqual({ [b]: 'AWARD', [a]: 'RESERVE', [c]: 'REJECT', [d]: 'AWARD' });
    expect(proposal.body.totalAwarded).toBe(2 * 99_900_000);
    expect(proposal.body.entries.find((e: { applicationId: string }) => e.applicationId === a).reason).toMatch(/quota/);
    // Reasons also as codes with their figures, for screens to word in their language.
    expect(ranking.body.tieBreakOrder).toEqual(['STRATEGIC', 'OPERATIONAL', 'BUDGET']);
    expect(proposal.body.entries.find((e: { applicationId: string }) => e.applicationId === a)).toMatchObject({ reasonCode: 'PROVINCE_QUOTA_REACHED', reasonParams: { quota: 1 } });
    expect(proposal.body.entries.find((e: { applicationId: string }) => e.applicationId === c)).toMatchObject({
      reasonCode: 'BELOW_THRESHOLD',
      reasonParams: { failures: expect.arrayContaining([{ criterion: 'STRATEGIC', score: 2.5, threshold: 3 }]) },
    });

    // Two concurrent decisions on the same proposal: exactly one.
    const decisions = await Promise.all([
      t.http.post(`/calls/${round.callId}/decision`).set(pm.auth).send({ proposalId: proposal.body.id }),
      t.http.post(`/calls/${round.callId}/decision`).set(pm.auth).send({ proposalId: proposal.body.id }),
    ]);
    expect(decisions.map((r) => r.status).sort()).toEqual([201, 409]);
    const decided = decisions.find((r) => r.status === 201)!.body;
    expect(decided).toMatchObject({ awarded: 2, reserve: 1, rejected: 1 });
    expect(decided.grants).toHaveLength(2);
    expect(decided.grants[0]).toMatchObject({
      amount: 99_900_000,
      fundingSplit: [expect.objectContaining({ code: 'EFRO', amount: 60_000_000 }), expect.objectContaining({ code: 'VLAANDEREN', amount: 39_900_000 })],
      startDate: '2021-03-01',
      endDate: '2023-02-28',
      status: 'ACTIVE',
    });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM grants WHERE call_id = $1`, [round.callId]);
    expect(n).toBe(2);
    const [{ status }] = await t.db.query(`SELECT status FROM calls WHERE id = $1`, [round.callId]);
    expect(status).toBe('DECIDED');

    // The applicant sees the outcome and the consensus, never individual scores or names.
    const result = await t.http.get(`/applications/${b}/result`).set(round.leads[1].auth).expect(200);
    expect(result.body).toMatchObject({ outcome: 'AWARDED', weightedTotal: 16, grant: { amount: 99_900_000 }, reasonCode: 'AWARDED', reasonParams: {} });
    const rejected = await t.http.get(`/applications/${c}/result`).set(round.leads[2].auth).expect(200);
    expect(rejected.body).toMatchObject({ outcome: 'REJECTED', reasonCode: 'BELOW_THRESHOLD' });
    expect(result.body.consensus.map((s: { comment: string }) => s.comment)).toEqual(expect.arrayContaining(['Consensus over STRATEGIC']));
    expect(JSON.stringify(result.body)).not.toMatch(/Beoordeling|evaluator/i);
    await t.http.get(`/applications/${a}/consensus`).set(round.leads[0].auth).expect(403);

    // Withdrawing an award moves the reserve of that province up in the next proposal.
    const bGrant = decided.grants.find((g: { applicationId: string }) => g.applicationId === b);
    await t.http.post(`/grants/${bGrant.id}/withdraw`).set(pm.auth).send({ reason: 'Consortium valt uiteen' }).expect(200);
    const next = await t.http.post(`/calls/${round.callId}/award-proposal`).set(pm.auth).expect(201);
    expect(next.body.alreadyCommitted).toBe(99_900_000);
    expect(next.body.entries.find((e: { applicationId: string }) => e.applicationId === a)).toMatchObject({ outcome: 'AWARD' });
    const second = await t.http.post(`/calls/${round.callId}/decision`).set(pm.auth).send({ proposalId: next.body.id }).expect(201);
    expect(second.body.grants.map((g: { applicationId: string }) => g.applicationId)).toEqual([a]);

    const actions = await t.db.query(`SELECT DISTINCT action FROM audit_log WHERE action LIKE 'assignment.%' OR action LIKE 'call.%' OR action LIKE 'grant.%'`);
    expect(actions.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining(['assignment.created', 'assignment.declared_no_conflict', 'assignment.submitted', 'call.award_proposed', 'call.decided', 'grant.created', 'grant.withdrawn']),
    );
  });

  it('EDIH: the decision of a PRESELECTION call puts candidates forward, ranked, with letters and an export, and grants nothing', async () => {
    const round = await evaluatedRound(
      t,
      pm,
      [
        { province: 'BE24', scores: { STRATEGIC: 40, OPERATIONAL: 35 } }, // 75: first
        { province: 'BE21', scores: { STRATEGIC: 35, OPERATIONAL: 30 } }, // 65: second
        { province: 'BE22', scores: { STRATEGIC: 25, OPERATIONAL: 45 } }, // strategic below 30: rejected
      ],
      { call: 'edih' },
    );
    const [a, b, c] = round.applicationIds;

    // € 2.000.000 a year for three years: Digital Europe € 1.000.000 a year, Flanders matches, own € 0.
    const summary = await t.http.get(`/applications/${a}/budget-summary`).set(round.leads[0].auth).expect(200);
    expect(summary.body).toMatchObject({
      subsidy: 300_000_000,
      fundingSources: [{ code: 'DIGITAL_EUROPE', amount: 300_000_000 }],
      matchingCofinancing: { code: 'VLAANDEREN', amount: 300_000_000 },
      ownContribution: 0,
      contributionByYear: [
        { year: 2021, eligibleCosts: 200_000_000, contribution: 100_000_000 },
        { year: 2022, eligibleCosts: 200_000_000, contribution: 100_000_000 },
        { year: 2023, eligibleCosts: 200_000_000, contribution: 100_000_000 },
      ],
    });

    const before = await t.http.get(`/calls/${round.callId}/preselection`).set(pm.auth).expect(200);
    expect(before.body).toEqual({ callId: round.callId, candidates: [], totalContribution: 0, totalMatching: 0 });

    const proposal = await t.http.post(`/calls/${round.callId}/award-proposal`).set(pm.auth).expect(201);
    const decided = await t.http.post(`/calls/${round.callId}/decision`).set(pm.auth).send({ proposalId: proposal.body.id }).expect(201);
    expect(decided.body).toMatchObject({ outcome: 'PRESELECTION', grants: [], awarded: 2, reserve: 0, rejected: 1 });
    expect(decided.body.preselection.map((p: { applicationId: string; rank: number }) => [p.rank, p.applicationId])).toEqual([
      [1, a],
      [2, b],
    ]);
    expect(decided.body.preselection[0]).toMatchObject({ acronym: 'EDIH1', province: 'BE24', contribution: 300_000_000, matching: 300_000_000 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM grants WHERE call_id = $1`, [round.callId]);
    expect(n).toBe(0);
    const [{ status }] = await t.db.query(`SELECT status FROM calls WHERE id = $1`, [round.callId]);
    expect(status).toBe('DECIDED');

    const list = await t.http.get(`/calls/${round.callId}/preselection`).set(pm.auth).expect(200);
    expect(list.body).toMatchObject({ totalContribution: 600_000_000, totalMatching: 600_000_000 });
    await t.http.get(`/calls/${round.callId}/preselection`).set(round.leads[0].auth).expect(403);

    // The list goes to the Commission once: no second decision.
    const next = await t.http.post(`/calls/${round.callId}/award-proposal`).set(pm.auth).expect(201);
    const refused = await t.http.post(`/calls/${round.callId}/decision`).set(pm.auth).send({ proposalId: next.body.id }).expect(409);
    expect(refused.body.code).toBe('PRESELECTION_DECIDED');

    const result = await t.http.get(`/applications/${a}/result`).set(round.leads[0].auth).expect(200);
    expect(result.body).toMatchObject({ outcome: 'AWARDED', preselectionRank: 1, grant: null });
    const rejected = await t.http.get(`/applications/${c}/result`).set(round.leads[2].auth).expect(200);
    expect(rejected.body).toMatchObject({ outcome: 'REJECTED', preselectionRank: null });
    const notes = await t.http.get('/me/notifications').set(round.leads[1].auth).expect(200);
    expect(notes.body.items.map((x: { kind: string }) => x.kind)).toContain('PRESELECTED');

    // The letter of a candidate put forward is a preselection letter, in Dutch.
    const letter = await t.http.get(`/applications/${b}/decision-letter.pdf`).set(round.leads[1].auth).buffer(true).parse(binary).expect(200);
    expect(letter.headers['content-disposition']).toContain('voorselectiebrief-EDIH2.pdf');
    const text = (await pdfText(letter.body as Buffer)).flat;
    expect(text).toContain('Beslissing over de voorselectie');
    expect(text).toContain('op plaats 2 van 2');
    expect(text).toContain('Deze voorselectie is geen subsidie');
    expect(text).toContain('Matching cofinanciering € 3.000.000,00 (Vlaamse matching (EWI))');

    // The receipt names the subsidy's source and the matching apart from the own contribution.
    const receipt = await t.http.get(`/applications/${a}/receipt.pdf`).set(round.leads[0].auth).buffer(true).parse(binary).expect(200);
    const receiptText = (await pdfText(receipt.body as Buffer)).flat;
    expect(receiptText).toContain('€ 3.000.000,00 (50 %): Digital Europe Programme');
    expect(receiptText).toContain('Matching cofinanciering € 3.000.000,00 (50 %): Vlaamse matching (EWI)');

    const csv = await t.http.get(`/exports/preselection?callId=${round.callId}&format=csv`).set(pm.auth).buffer(true).parse(binary).expect(200);
    const rows = (csv.body as Buffer).toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(rows[0]).toBe(
      'Rang;Project;Titel;Provincie;Penvoerder;KBO-nummer;Gevraagde EU-bijdrage;Gevraagde EU-bijdrage (cent);Matching cofinanciering;Matching cofinanciering (cent);Beslist op',
    );
    expect(rows[1]).toMatch(/^1;EDIH1;Hub 1;Vlaams-Brabant;.*;3000000,00;300000000;3000000,00;300000000;/);
    expect(rows[2]).toMatch(/^2;EDIH2;/);
    const xlsx = await t.http.get(`/exports/preselection?callId=${round.callId}&format=xlsx`).set(pm.auth).buffer(true).parse(binary).expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');

    const actions = await t.db.query(`SELECT after FROM audit_log WHERE action = 'call.decided' AND entity_id = $1`, [round.callId]);
    expect(actions[0].after.preselected).toEqual([
      { rank: 1, applicationId: a },
      { rank: 2, applicationId: b },
    ]);
  });

  it('keeps proposal content from an evaluator until the declaration, and from evaluators not assigned', async () => {
    t.clock.set('2020-08-01T08:00:00Z');
    const call = await labsCall(t, pm);
    const lead = await applicant(t);
    const { id } = await labsProposal(t, lead, call.id);
    await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `decl-${id}`).expect(200);
    await t.http.post(`/applications/${id}/admissibility`).set(pm.auth).send({ admissible: true, reason: 'ok' }).expect(409);
    t.clock.set('2020-10-01T08:00:00Z');
    await t.http.post(`/applications/${id}/admissibility`).set(pm.auth).send({ admissible: true, reason: 'ok' }).expect(200);

    const evaluator = await staff(t, Role.EVALUATOR);
    const other = await staff(t, Role.EVALUATOR);
    const assigned = await t.http.post(`/calls/${call.id}/assignments`).set(pm.auth).send({ mode: 'manual', assignments: [{ applicationId: id, evaluatorId: evaluator.userId }] }).expect(201);
    const assignmentId = assigned.body.created[0].id;

    const mine = await t.http.get('/me/assignments').set(evaluator.auth).expect(200);
    expect(mine.body).toMatchObject({ total: 1, page: 1 });
    expect(mine.body.items[0]).toMatchObject({ id: assignmentId, status: 'ASSIGNED', proposal: null });
    expect(mine.body.items[0].evaluatorName).toBeUndefined();
    const refused = await t.http.get(`/assignments/${assignmentId}/proposal`).set(evaluator.auth).expect(403);
    expect(refused.body.code).toBe('DECLARATION_REQUIRED');
    await t.http.put(`/assignments/${assignmentId}/scores`).set(evaluator.auth).send({ scores: [] }).expect(403);
    await t.http.get(`/applications/${id}`).set(evaluator.auth).expect(403);

    await t.http.get(`/assignments/${assignmentId}/proposal`).set(other.auth).expect(404);
    await t.http.post(`/assignments/${assignmentId}/declaration`).set(other.auth).send({ noConflictOfInterest: true, acceptConfidentiality: true }).expect(404);

    await t.http.post(`/assignments/${assignmentId}/declaration`).set(evaluator.auth).send({ noConflictOfInterest: true }).expect(400);
    await t.http.post(`/assignments/${assignmentId}/declaration`).set(evaluator.auth).send({ noConflictOfInterest: true, acceptConfidentiality: true }).expect(200);
    const content = await t.http.get(`/assignments/${assignmentId}/proposal`).set(evaluator.auth).expect(200);
    expect(content.body.application.id).toBe(id);
    expect(content.body.budgetSummary.subsidy).toBe(99_900_000);

    // Scores off the scale or the step are refused; comments are required on submission.
    const offScale = await t.http.put(`/assignments/${assignmentId}/scores`).set(evaluator.auth).send({ scores: [{ criterion: 'STRATEGIC', score: 5.5, comment: '' }] }).expect(400);
    expect(offScale.body.errors[0]).toMatchObject({ field: 'scores[0].score', code: 'SCORE_OUT_OF_RANGE' });
    const offStep = await t.http.put(`/assignments/${assignmentId}/scores`).set(evaluator.auth).send({ scores: [{ criterion: 'STRATEGIC', score: 3.25, comment: '' }] }).expect(400);
    expect(offStep.body.errors[0]).toMatchObject({ code: 'SCORE_OFF_STEP' });
    const unknown = await t.http.put(`/assignments/${assignmentId}/scores`).set(evaluator.auth).send({ scores: [{ criterion: 'BEAUTY', score: 3, comment: '' }] }).expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ code: 'UNKNOWN_CRITERION' });
    await t.http.put(`/assignments/${assignmentId}/scores`).set(evaluator.auth).send({ scores: [{ criterion: 'STRATEGIC', score: 3.5, comment: '' }] }).expect(200);
    const incomplete = await t.http.post(`/assignments/${assignmentId}/submit`).set(evaluator.auth).expect(400);
    expect(incomplete.body.errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['CRITERION_MISSING', 'COMMENT_REQUIRED']));
  });

  it('never assigns an evaluator whose organisation is a partner, and handles a declared conflict', async () => {
    t.clock.set('2020-08-01T08:00:00Z');
    const call = await labsCall(t, pm);
    const lead = await applicant(t);
    const { id } = await labsProposal(t, lead, call.id);
    await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `coi-${id}`).expect(200);
    t.clock.set('2020-10-01T08:00:00Z');
    await t.http.post(`/applications/${id}/admissibility`).set(pm.auth).send({ admissible: true, reason: 'ok' }).expect(200);

    const conflicted = await staff(t, Role.EVALUATOR, { enterpriseNumber: NETWORK_PARTNER.enterpriseNumber, name: 'Voka', type: OrganisationType.BUSINESS_NETWORK });
    const free = await staff(t, Role.EVALUATOR);
    const manual = await t.http.post(`/calls/${call.id}/assignments`).set(pm.auth).send({ mode: 'manual', assignments: [{ applicationId: id, evaluatorId: conflicted.userId }] }).expect(422);
    expect(manual.body.errors[0]).toMatchObject({ code: 'CONFLICT_OF_INTEREST' });
    const auto = await t.http
      .post(`/calls/${call.id}/assignments`)
      .set(pm.auth)
      .send({ mode: 'auto', evaluatorsPerProposal: 2, evaluatorIds: [conflicted.userId, free.userId] })
      .expect(201);
    expect(auto.body.created.map((a: { evaluatorId: string }) => a.evaluatorId)).toEqual([free.userId]);
    expect(auto.body.shortfalls).toEqual([{ applicationId: id, missing: 1 }]);

    // The free evaluator declares a conflict after all: the assignment ends and managers are told.
    const assignmentId = auto.body.created[0].id;
    await t.http.post(`/assignments/${assignmentId}/declaration`).set(free.auth).send({ noConflictOfInterest: false, conflictReason: 'Vroegere werkgever' }).expect(200);
    await t.http.get(`/assignments/${assignmentId}/proposal`).set(free.auth).expect(404);
    const notes = await t.http.get('/me/notifications').set(pm.auth).expect(200);
    expect(notes.body.items.map((n: { kind: string }) => n.kind)).toContain('EVALUATOR_CONFLICT');
    const again = await t.http.post(`/calls/${call.id}/assignments`).set(pm.auth).send({ mode: 'auto', evaluatorsPerProposal: 1, evaluatorIds: [free.userId] }).expect(201);
    expect(again.body.created).toEqual([]);
  });

  it('refuses evaluation routes to the wrong roles', async () => {
    const someone = await applicant(t);
    const evaluator = await staff(t, Role.EVALUATOR);
    const fakeId = '00000000-0000-4000-8000-000000000000';
    await t.http.post(`/calls/${fakeId}/assignments`).set(someone.auth).send({ mode: 'auto', evaluatorsPerProposal: 1 }).expect(403);
    await t.http.post(`/calls/${fakeId}/award-proposal`).set(evaluator.auth).expect(403);
    await t.http.post(`/calls/${fakeId}/decision`).set(someone.auth).send({ proposalId: fakeId }).expect(403);
    await t.http.get(`/calls/${fakeId}/ranking`).set(evaluator.auth).expect(403);
    await t.http.put(`/applications/${fakeId}/consensus`).set(evaluator.auth).send({ scores: [] }).expect(403);
    await t.http.get('/me/assignments').set(someone.auth).expect(403);
  });
});
