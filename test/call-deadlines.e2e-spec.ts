import { CallsService } from '../src/calls/calls.service';
import { Role } from '../src/core/domain/roles';
import { applicant, labsCall, labsProposal, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 15: a call's closing instant extended before it closes (the rule: src/calls/domain/closing-extension.rule.ts). */
describe('extending a call\'s closing instant', () => {
  let t: TestApp;
  let pm: Session;
  beforeAll(async () => {
    t = await createTestApp({ now: '2020-06-20T08:00:00Z' });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
  });
  afterAll(() => t.close());

  const REASON = 'Storing van het e-loket op 28 september';
  const LATER = '2020-10-14T17:00:00+02:00';

  it('moves the instant later, with the reason in the audit trail, tells the applicants with a draft, and the scheduler follows it', async () => {
    const { id, body } = await labsCall(t, pm);
    t.clock.set('2020-09-15T10:00:00Z');
    const drafting = await applicant(t);
    const drafting2 = await applicant(t);
    const submitting = await applicant(t);
    const draft = await labsProposal(t, drafting, id);
    await labsProposal(t, drafting2, id, 'BE21');
    const done = await labsProposal(t, submitting, id, 'BE22');
    await t.http.post(`/applications/${done.id}/submit`).set(submitting.auth).set('Idempotency-Key', `deadline-${done.id}`).expect(200);

    const res = await t.http.post(`/calls/${id}/closing-extension`).set(pm.auth).send({ closesAt: LATER, reason: `  ${REASON} ` }).expect(200);
    expect(res.body).toMatchObject({ status: 'OPEN', closesAt: '2020-10-14T15:00:00.000Z', closesAtBrussels: '2020-10-14T17:00:00+02:00' });
    expect((await t.http.get(`/calls/${id}`).expect(200)).body.closesAt).toBe('2020-10-14T15:00:00.000Z');

    const audit = await t.http.get('/audit').query({ entityType: 'call', entityId: id }).set(pm.auth).expect(200);
    const entry = (audit.body.items as { action: string; before: unknown; after: unknown }[]).find((e) => e.action === 'call.closing_extended');
    expect(entry).toMatchObject({ before: { closesAt: '2020-09-30T15:00:00.000Z' }, after: { closesAt: '2020-10-14T15:00:00.000Z', reason: REASON } });

    // Told: the lead members of both drafts; not the applicant who already submitted.
    const told = async (s: Session) =>
      ((await t.http.get('/me/notifications').set(s.auth).expect(200)).body.items as { kind: string; title: string; body: string; entityId: string }[]).filter(
        (n) => n.kind === 'CALL_CLOSING_EXTENDED',
      );
    for (const s of [drafting, drafting2]) {
      expect(await told(s)).toEqual([expect.objectContaining({ title: `Oproep ${body.code}: indienen kan tot 14 oktober 2020 om 17:00`, body: REASON, entityId: id })]);
    }
    expect(await told(submitting)).toEqual([]);

    // After the old instant the call is still open: the scheduler does not close it, a submission is on time.
    t.clock.set('2020-10-01T08:00:00Z');
    const service = t.app.get(CallsService);
    await service.applySchedule();
    expect((await t.db.query(`SELECT status FROM calls WHERE id = $1`, [id]))[0].status).toBe('OPEN');
    expect((await t.http.get(`/calls/${id}`).expect(200)).body.status).toBe('OPEN');
    await t.http.post(`/applications/${draft.id}/submit`).set(drafting.auth).set('Idempotency-Key', `deadline-${draft.id}`).expect(200);

    // At the new instant it closes, and stays closed.
    t.clock.set('2020-10-14T15:00:00Z');
    await service.applySchedule();
    expect((await t.db.query(`SELECT status FROM calls WHERE id = $1`, [id]))[0].status).toBe('CLOSED');
    const reopen = await t.http.post(`/calls/${id}/closing-extension`).set(pm.auth).send({ closesAt: '2020-10-31T17:00:00+01:00', reason: REASON }).expect(409);
    expect(reopen.body.code).toBe('CALL_CLOSED');
    t.clock.set('2020-06-20T08:00:00Z');
  });

  it('never brings the instant forward, never reopens a call the clock closed before the job ran, and leaves drafts to their editor', async () => {
    const { id } = await labsCall(t, pm);
    t.clock.set('2020-09-15T10:00:00Z');
    const earlier = await t.http.post(`/calls/${id}/closing-extension`).set(pm.auth).send({ closesAt: '2020-09-29T17:00:00+02:00', reason: REASON }).expect(422);
    expect(earlier.body).toMatchObject({ code: 'CLOSING_NOT_LATER', errors: [expect.objectContaining({ field: 'closesAt' })] });
    const same = await t.http.post(`/calls/${id}/closing-extension`).set(pm.auth).send({ closesAt: '2020-09-30T17:00:00+02:00', reason: REASON }).expect(422);
    expect(same.body.code).toBe('CLOSING_NOT_LATER');

    // Stored OPEN (the job has not run), closed by the clock.
    t.clock.set('2020-09-30T15:00:00Z');
    const closed = await t.http.post(`/calls/${id}/closing-extension`).set(pm.auth).send({ closesAt: LATER, reason: REASON }).expect(409);
    expect(closed.body.code).toBe('CALL_CLOSED');
    expect((await t.db.query(`SELECT closes_at FROM calls WHERE id = $1`, [id]))[0].closes_at.toISOString()).toBe('2020-09-30T15:00:00.000Z');

    const draft = await labsCall(t, pm, { publish: false });
    expect((await t.http.post(`/calls/${draft.id}/closing-extension`).set(pm.auth).send({ closesAt: LATER, reason: REASON }).expect(409)).body.code).toBe('CALL_NOT_PUBLISHED');
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ANY($1) AND action = 'call.closing_extended'`, [[id, draft.id]]);
    expect(audit[0].n).toBe(0);
    t.clock.set('2020-06-20T08:00:00Z');
  });

  it('names the field of a malformed request, and lets only the programme manager extend', async () => {
    const { id } = await labsCall(t, pm);
    const local = await t.http.post(`/calls/${id}/closing-extension`).set(pm.auth).send({ closesAt: '2020-10-14T17:00:00', reason: REASON }).expect(400);
    expect(JSON.stringify(local.body.errors)).toContain('closesAt');
    const blank = await t.http.post(`/calls/${id}/closing-extension`).set(pm.auth).send({ closesAt: LATER, reason: '   ' }).expect(400);
    expect(JSON.stringify(blank.body.errors)).toContain('reason');
    for (const role of [Role.ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR, Role.EVALUATOR]) {
      const s = await staff(t, role);
      await t.http.post(`/calls/${id}/closing-extension`).set(s.auth).send({ closesAt: LATER, reason: REASON }).expect(403);
    }
    await t.http.post(`/calls/${id}/closing-extension`).send({ closesAt: LATER, reason: REASON }).expect(401);
  });
});
