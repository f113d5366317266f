import { Role } from '../src/core/domain/roles';
import { awardedGrant, Session, staff, verifiedBankAccount } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const report = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };

/**
 * Where money moves, a retry with the same Idempotency-Key answers the first answer (status and
 * body), the key with another request is refused, and parallel retries apply once.
 */
describe('idempotency where money moves', () => {
  let t: TestApp;
  let pm: Session;
  let finance: Session;

  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[]) => Number((await t.db.query(sql, params))[0].n);
  const audits = (entityId: string, action: string) => count(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = $2`, [entityId, action]);

  it('submits, approves, plans and pays once per key, under parallel retries too', async () => {
    const { grant, lead, callId } = await awardedGrant(t, pm);
    // Stands in for a call with a 30 % advance (see grants.e2e-spec.ts, 'clears an advance').
    await t.owner.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE calls SET rules = jsonb_set(rules, '{advanceRate}', '{"numerator": 3, "denominator": 10}') WHERE id = $1`, [callId]);
    });
    t.clock.set('2021-02-15T08:00:00Z');
    const advances = await Promise.all([1, 2, 3].map(() => t.http.post(`/grants/${grant.id}/payments/advance`).set(finance.auth).set('Idempotency-Key', 'advance-key-1')));
    expect(advances.map((r) => r.status)).toEqual([201, 201, 201]);
    for (const r of advances) expect(r.body).toEqual(advances[0].body);
    expect(advances.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect(await count(`SELECT count(*)::int AS n FROM payments WHERE grant_id = $1 AND kind = 'ADVANCE'`, [grant.id])).toBe(1);
    // Without a key the state decides: a second advance is refused.
    expect((await t.http.post(`/grants/${grant.id}/payments/advance`).set(finance.auth).expect(409)).body.code).toBe('ADVANCE_ALREADY_PLANNED');

    t.clock.set('2021-03-02T08:00:00Z');
    // A payment goes only to a verified account.
    await verifiedBankAccount(t, lead, finance, grant.id);
    const paid = { paidOn: '2021-03-01', reference: 'OV-VOORSCHOT' };
    const marks = await Promise.all([1, 2, 3].map(() => t.http.post(`/payments/${advances[0].body.id}/paid`).set(finance.auth).set('Idempotency-Key', 'paid-key-0001').send(paid)));
    expect(marks.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of marks) expect(r.body).toEqual(marks[0].body);
    expect(marks[0].body).toMatchObject({ status: 'PAID', paidOn: '2021-03-01', reference: 'OV-VOORSCHOT' });
    expect(await audits(advances[0].body.id, 'payment.paid')).toBe(1);
    // The same key with another body is refused, as proposal submission does.
    const reused = await t.http.post(`/payments/${advances[0].body.id}/paid`).set(finance.auth).set('Idempotency-Key', 'paid-key-0001').send({ ...paid, reference: 'OV-ANDERS' }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const badKey = await t.http.post(`/payments/${advances[0].body.id}/paid`).set(finance.auth).set('Idempotency-Key', 'short').send(paid).expect(400);
    expect(badKey.body.errors[0].field).toBe('Idempotency-Key');

    t.clock.set('2021-07-05T08:00:00Z');
    const put = await t.http.put(`/grants/${grant.id}/periods/1/progress-report`).set(lead.auth).send(report).expect(200);
    await t.http.post(`/progress-reports/${put.body.id}/submit`).set(lead.auth).expect(200);
    // € 700.000 eligible earns ⌊70.000.000 × 333/500⌋ = 46.620.000, of which 29.970.000 clears the advance.
    const line = { partner: lead.enterpriseNumber, kind: 'REAL', category: 'INVESTMENTS', description: 'Testinfrastructuur', reference: 'F-1', paymentDate: '2021-05-10', amount: 70_000_000 };
    const draft = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: [line] }).expect(200);
    const submits = await Promise.all([1, 2, 3].map(() => t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).set('Idempotency-Key', 'submit-key-01')));
    expect(submits.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of submits) expect(r.body).toEqual(submits[0].body);
    expect(await audits(draft.body.id, 'cost_statement.submitted')).toBe(1);
    // A later retry with the key still answers the first answer, though the statement is no longer a draft.
    const later = await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).set('Idempotency-Key', 'submit-key-01').expect(200);
    expect(later.body).toEqual(submits[0].body);
    expect(later.headers['idempotent-replayed']).toBe('true');
    await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).set('Idempotency-Key', 'submit-key-02').expect(409);

    await t.http.put(`/cost-statements/${draft.body.id}/lines/${draft.body.lines[0].id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    const approvals = await Promise.all([1, 2, 3].map(() => t.http.post(`/cost-statements/${draft.body.id}/approve`).set(finance.auth).set('Idempotency-Key', 'approve-key-1')));
    expect(approvals.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of approvals) expect(r.body).toEqual(approvals[0].body);
    expect(approvals[0].body.subsidy).toEqual({ gross: 46_620_000, advanceCleared: 29_970_000, capped: 0, net: 16_650_000 });
    expect(await audits(draft.body.id, 'cost_statement.approved')).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM payments WHERE grant_id = $1 AND kind = 'INTERIM'`, [grant.id])).toBe(1);
    // A key belongs to one request: the approval's key on another route is refused.
    const otherRoute = await t.http.post(`/grants/${grant.id}/payments/balance`).set(finance.auth).set('Idempotency-Key', 'approve-key-1').expect(422);
    expect(otherRoute.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
