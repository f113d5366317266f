import { Role } from '../src/core/domain/roles';
import { applicant, awardedGrant, NETWORK_PARTNER, Session, staff, verifiedBankAccount } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const report = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };

function lines(lead: string) {
  return [
    // ⌊6.000.000 × 500 ÷ 1.720⌋ = 1.744.186
    { partner: lead, kind: 'STAFF', category: 'STAFF', description: 'Coördinatie', reference: 'LOON-2021-06', paymentDate: '2021-06-25', person: 'Labcoördinator', hours: 500, annualGrossCost: 6_000_000 },
    { partner: lead, kind: 'REAL', category: 'OPERATING', description: 'Sensorkits', reference: 'F2021-0142', paymentDate: '2021-04-15', amount: 150_000 },
    { partner: NETWORK_PARTNER.enterpriseNumber, kind: 'REAL', category: 'EXTERNAL_SERVICES', description: 'Workshop', reference: 'F2021-0377', paymentDate: '2021-05-20', amount: 500_000 },
  ];
}

interface QueueItem {
  id: string;
  grantNumber: string;
  callId: string;
  province: string;
  status: string;
  lines: number;
  declaredEligible: number;
  paymentDeadline: { completeClaimDate: string; dueDate: string; daysLeft: number; overdue: boolean; paidOn: string | null } | null;
}

describe('finance desk: the queue of cost statements and payments across grants', () => {
  let t: TestApp;
  let pm: Session;
  let finance: Session;

  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
  });
  afterAll(() => t.close());

  /** A grant whose period-1 statement is submitted on `day`. */
  async function submittedStatement(day: string) {
    const awarded = await awardedGrant(t, pm);
    t.clock.set(`${day}T08:00:00Z`);
    const put = await t.http.put(`/grants/${awarded.grant.id}/periods/1/progress-report`).set(awarded.lead.auth).send(report).expect(200);
    await t.http.post(`/progress-reports/${put.body.id}/submit`).set(awarded.lead.auth).expect(200);
    const draft = await t.http.put(`/grants/${awarded.grant.id}/periods/1/cost-statement`).set(awarded.lead.auth).send({ lines: lines(awarded.lead.enterpriseNumber) }).expect(200);
    const submitted = await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(awarded.lead.auth).expect(200);
    return { ...awarded, statement: submitted.body as { id: string; lines: { id: string; amount: number }[]; totals: { declaredEligible: number } } };
  }

  it('lists waiting statements oldest first with the days left, filtered and paged, and the payments they lead to', async () => {
    const older = await submittedStatement('2021-07-05');
    const newer = await submittedStatement('2021-07-10');
    const queue = async (query: Record<string, string | number> = {}) => {
      const res = await t.http.get('/cost-statements').query(query).set(finance.auth).expect(200);
      return res.body as { items: QueueItem[]; total: number; page: number; pageSize: number };
    };

    const all = await queue();
    expect(all.total).toBe(2);
    expect(all.items.map((i) => i.id)).toEqual([older.statement.id, newer.statement.id]);
    // Today is 10 July: the claim complete on 5 July is due on 23 September (80 days), 75 days left.
    expect(all.items[0]).toMatchObject({
      grantNumber: older.grant.grantNumber,
      callId: older.callId,
      province: 'BE24',
      status: 'SUBMITTED',
      periodNumber: 1,
      lines: 3,
      declaredEligible: older.statement.totals.declaredEligible,
      paymentDeadline: { completeClaimDate: '2021-07-05', dueDate: '2021-09-23', daysLeft: 75, overdue: false, paidOn: null },
    });
    expect(all.items[1].paymentDeadline).toMatchObject({ completeClaimDate: '2021-07-10', dueDate: '2021-09-28', daysLeft: 80 });

    expect((await queue({ callId: newer.callId })).items.map((i) => i.id)).toEqual([newer.statement.id]);
    expect(await queue({ province: 'BE21' })).toMatchObject({ items: [], total: 0 });
    expect(await queue({ status: 'APPROVED' })).toMatchObject({ items: [], total: 0 });
    expect(await queue({ pageSize: 1, page: 2 })).toMatchObject({ items: [expect.objectContaining({ id: newer.statement.id })], total: 2, page: 2, pageSize: 1 });
    expect(await queue({ pageSize: 1, page: 5 })).toMatchObject({ items: [], total: 2 });
    expect(await queue({ page: '1e300' })).toMatchObject({ items: [], total: 2 });

    const bad = await t.http.get('/cost-statements').query({ status: 'DRAFT', province: 'BE99', pageSize: 0 }).set(finance.auth).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'province', 'status']);

    // While reviewing, the finance officer sees what approving would give; approving gives exactly that.
    const [staffLine, operating, workshop] = older.statement.lines;
    await t.http.put(`/cost-statements/${older.statement.id}/lines/${staffLine.id}/review`).set(finance.auth).send({ decision: 'REDUCED', acceptedAmount: 1_000_000, reason: 'Uren niet gestaafd' }).expect(200);
    await t.http.put(`/cost-statements/${older.statement.id}/lines/${operating.id}/review`).set(finance.auth).send({ decision: 'REJECTED', reason: 'Geen factuur' }).expect(200);
    const reviewed = await t.http.put(`/cost-statements/${older.statement.id}/lines/${workshop.id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    // Accepted: 1.000.000 + 500.000 direct, 15 % of the lead's 1.000.000 staff = 150.000 indirect; × 333/500 rounded down.
    expect(reviewed.body.totals.acceptedEligible).toBe(1_650_000);
    expect(reviewed.body.subsidyPreview).toEqual({ gross: 1_098_900, advanceCleared: 0, capped: 0, net: 1_098_900 });
    const seenByLead = await t.http.get(`/cost-statements/${older.statement.id}`).set(older.lead.auth).expect(200);
    expect(seenByLead.body.subsidyPreview).toBeNull();
    expect((await queue({ status: 'IN_REVIEW' })).items.map((i) => i.id)).toEqual([older.statement.id]);

    const approved = await t.http.post(`/cost-statements/${older.statement.id}/approve`).set(finance.auth).expect(200);
    expect(approved.body.subsidy).toEqual(reviewed.body.subsidyPreview);
    expect(approved.body.subsidyPreview).toBeNull();
    expect((await queue()).items.map((i) => i.id)).toEqual([newer.statement.id]);

    const payments = await t.http.get('/payments').query({ status: 'PLANNED' }).set(finance.auth).expect(200);
    expect(payments.body).toMatchObject({ total: 1, page: 1 });
    const [planned] = payments.body.items;
    expect(planned).toMatchObject({
      grantId: older.grant.id,
      grantNumber: older.grant.grantNumber,
      province: 'BE24',
      kind: 'INTERIM',
      status: 'PLANNED',
      amount: 1_098_900,
      costStatementId: older.statement.id,
      periodNumber: 1,
      dueDate: '2021-09-23',
      deadline: { daysLeft: 75, overdue: false, paidLate: false },
    });
    expect((await t.http.get('/payments').query({ status: 'PAID' }).set(finance.auth).expect(200)).body).toMatchObject({ items: [], total: 0 });
    await verifiedBankAccount(t, older.lead, finance, older.grant.id);
    await t.http.post(`/payments/${planned.id}/paid`).set(finance.auth).send({ paidOn: '2021-07-10', reference: 'OV-2021-000123' }).expect(200);
    const paid = await t.http.get('/payments').query({ status: 'PAID', callId: older.callId, kind: 'INTERIM' }).set(finance.auth).expect(200);
    expect(paid.body.items).toEqual([expect.objectContaining({ id: planned.id, paidOn: '2021-07-10', reference: 'OV-2021-000123', paidTo: expect.objectContaining({ iban: 'BE68539007547034' }) })]);
    expect((await t.http.get('/payments').query({ callId: newer.callId }).set(finance.auth).expect(200)).body.total).toBe(0);
    expect((await queue({ status: 'APPROVED' })).items[0].paymentDeadline).toMatchObject({ paidOn: '2021-07-10', overdue: false });
  });

  it('keeps both lists from applicants and other staff roles', async () => {
    const someone = await applicant(t);
    for (const path of ['/cost-statements', '/payments']) {
      await t.http.get(path).set(someone.auth).expect(403);
      await t.http.get(path).set(pm.auth).expect(403);
      await t.http.get(path).expect(401);
    }
  });

  it('reads the queue through its index', async () => {
    const plan = await t.db.transaction(async (m) => {
      // On a handful of rows the planner would rightly scan the table; this asks whether the index serves the queue.
      await m.query('SET LOCAL enable_seqscan = off');
      return (await m.query(
        `EXPLAIN SELECT s.id FROM cost_statements s WHERE s.status = ANY($1::text[]) ORDER BY s.complete_claim_date ASC NULLS LAST, s.submitted_at ASC NULLS LAST, s.id LIMIT 25`,
        [['SUBMITTED', 'IN_REVIEW']],
      )) as { 'QUERY PLAN': string }[];
    });
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('cost_statements_queue_idx');
  });
});
