import { OrganisationType } from '../src/core/domain/organisation-type';
import { Role } from '../src/core/domain/roles';
import { applicant, labsCall, labsProposal, NETWORK_PARTNER, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 15: clarifications during admissibility (the rule: src/evaluations/domain/clarification.rule.ts). */
describe('clarifications during admissibility', () => {
  let t: TestApp;
  let pm: Session;
  let auditor: Session;
  let lead: Session & { enterpriseNumber: string };
  let partner: Session;
  let other: Session;
  let proposalId: string;
  let acronym: string;

  const QUESTION = 'Bezorg de ondertekende engagementsverklaring van de partner.';
  const ANSWER = 'De verklaring is ondertekend op 2 oktober 2020 door de gedelegeerd bestuurder.';

  beforeAll(async () => {
    t = await createTestApp({ now: '2020-07-15T08:00:00Z' });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    auditor = await staff(t, Role.AUDITOR);
    lead = await applicant(t);
    partner = await applicant(t, { enterpriseNumber: NETWORK_PARTNER.enterpriseNumber, name: NETWORK_PARTNER.name, type: OrganisationType.BUSINESS_NETWORK });
    other = await applicant(t);
    const call = await labsCall(t, pm);
    const names = { title: 'Verduidelijkt lab', acronym: 'VERDUID' };
    acronym = names.acronym;
    proposalId = (await labsProposal(t, lead, call.id, 'BE24', names)).id;
    await t.http.post(`/applications/${proposalId}/submit`).set(lead.auth).set('Idempotency-Key', `clarify-${proposalId}`).expect(200);
  });
  afterAll(() => t.close());

  const ask = (due: string, who: Session = pm) => t.http.post(`/applications/${proposalId}/clarifications`).set(who.auth).send({ question: QUESTION, answerDueAt: due });
  const frozen = async () => {
    const receipt = await t.http.get(`/applications/${proposalId}/receipt`).set(lead.auth).expect(200);
    const application = await t.http.get(`/applications/${proposalId}`).set(lead.auth).expect(200);
    const [row] = await t.db.query(`SELECT status, version, updated_at FROM applications WHERE id = $1`, [proposalId]);
    return { sha256: receipt.body.sha256 as string, snapshot: JSON.stringify(receipt.body.snapshot), status: application.body.status as string, row: JSON.stringify(row) };
  };

  it('is not asked while the call is still open', async () => {
    const res = await ask('2020-10-15T17:00:00+02:00').expect(409);
    expect(res.body.code).toBe('CLARIFICATION_NOT_IN_ADMISSIBILITY');
  });

  it('is asked with a deadline, answered once by the lead, seen by the consortium, staff and auditor, and leaves the submission as it was', async () => {
    t.clock.set('2020-10-05T08:00:00Z');
    const before = await frozen();
    expect((await ask('2020-10-05T09:59:59+02:00').expect(422)).body).toMatchObject({ code: 'CLARIFICATION_DEADLINE_NOT_IN_FUTURE', errors: [expect.objectContaining({ field: 'answerDueAt' })] });

    const asked = await ask('2020-10-15T17:00:00+02:00').expect(201);
    expect(asked.body).toMatchObject({ status: 'OPEN', question: QUESTION, answerDueAt: '2020-10-15T15:00:00.000Z', answerDueAtBrussels: '2020-10-15T17:00:00+02:00', overdue: false, answer: null });
    const leadNotes = (await t.http.get('/me/notifications').set(lead.auth).expect(200)).body.items as { kind: string; title: string; body: string }[];
    expect(leadNotes.find((n) => n.kind === 'CLARIFICATION_REQUESTED')).toMatchObject({ title: `Vraag om verduidelijking over ${acronym}`, body: `${QUESTION}\n\nAntwoord vóór 15 oktober 2020 om 17:00.` });

    for (const reader of [lead, partner, pm, auditor]) {
      const list = await t.http.get(`/applications/${proposalId}/clarifications`).set(reader.auth).expect(200);
      expect(list.body).toEqual([expect.objectContaining({ id: asked.body.id, status: 'OPEN' })]);
    }
    await t.http.get(`/applications/${proposalId}/clarifications`).set(other.auth).expect(404);

    // The partner sees it but the lead answers; an organisation outside the consortium finds nothing.
    expect((await t.http.post(`/clarifications/${asked.body.id}/answer`).set(partner.auth).send({ answer: ANSWER }).expect(403)).body.code).toBe('NOT_LEAD_MEMBER');
    await t.http.post(`/clarifications/${asked.body.id}/answer`).set(other.auth).send({ answer: ANSWER }).expect(404);
    expect(JSON.stringify((await t.http.post(`/clarifications/${asked.body.id}/answer`).set(lead.auth).send({ answer: '  ' }).expect(400)).body.errors)).toContain('answer');

    t.clock.set('2020-10-15T14:59:59Z');
    const answered = await t.http.post(`/clarifications/${asked.body.id}/answer`).set(lead.auth).send({ answer: ` ${ANSWER} ` }).expect(200);
    expect(answered.body).toMatchObject({ status: 'ANSWERED', answer: ANSWER, answeredAt: '2020-10-15T14:59:59.000Z', overdue: false });
    expect((await t.http.post(`/clarifications/${asked.body.id}/answer`).set(lead.auth).send({ answer: ANSWER }).expect(409)).body.code).toBe('CLARIFICATION_ANSWERED');
    const pmNotes = (await t.http.get('/me/notifications').set(pm.auth).expect(200)).body.items as { kind: string; body: string }[];
    expect(pmNotes.find((n) => n.kind === 'CLARIFICATION_ANSWERED')).toMatchObject({ body: ANSWER });

    // The frozen proposal: same hash, same snapshot, same row (status, version, last change).
    expect(await frozen()).toEqual(before);
    expect(before.status).toBe('SUBMITTED');

    const trail = await t.http.get('/audit').query({ entityType: 'application', entityId: proposalId }).set(auditor.auth).expect(200);
    const actions = (trail.body.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['application.clarification_requested', 'application.clarification_answered']));
  });

  it('refuses an answer at the deadline (it shows as overdue), and a question once admissibility is decided', async () => {
    t.clock.set('2020-10-16T08:00:00Z');
    const asked = await ask('2020-10-20T17:00:00+02:00').expect(201);
    t.clock.set('2020-10-20T15:00:00Z');
    expect((await t.http.post(`/clarifications/${asked.body.id}/answer`).set(lead.auth).send({ answer: ANSWER }).expect(409)).body.code).toBe('CLARIFICATION_DEADLINE_PASSED');
    const list = await t.http.get(`/applications/${proposalId}/clarifications`).set(pm.auth).expect(200);
    expect(list.body.map((c: { status: string; overdue: boolean }) => [c.status, c.overdue])).toEqual([
      ['ANSWERED', false],
      ['OPEN', true],
    ]);

    await t.http.post(`/applications/${proposalId}/admissibility`).set(pm.auth).send({ admissible: true, reason: 'Volledig na verduidelijking' }).expect(200);
    expect((await ask('2020-10-30T17:00:00+01:00').expect(409)).body.code).toBe('CLARIFICATION_NOT_IN_ADMISSIBILITY');
    for (const role of [Role.ADMIN, Role.AUDITOR, Role.FINANCE_OFFICER, Role.EVALUATOR]) {
      await ask('2020-10-30T17:00:00+01:00', await staff(t, role)).expect(403);
    }
  });

  it('keeps every clarification: the service\'s database role cannot delete one, nor store an answer after the deadline', async () => {
    await expect(t.db.query(`DELETE FROM admissibility_clarifications`)).rejects.toThrow(/permission denied/);
    const [open] = (await t.db.query(`SELECT id, answer_due_at FROM admissibility_clarifications WHERE status = 'OPEN' LIMIT 1`)) as { id: string; answer_due_at: Date }[];
    await expect(
      t.db.query(`UPDATE admissibility_clarifications SET status = 'ANSWERED', answer = 'Te laat', answered_by = asked_by, answered_at = answer_due_at WHERE id = $1`, [open.id]),
    ).rejects.toThrow(/admissibility_clarifications_answer_complete/);
  });
});
