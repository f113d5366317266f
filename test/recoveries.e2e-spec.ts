import { Role } from '../src/core/domain/roles';
import { applicant, awardedGrant, NETWORK_PARTNER, Session, staff, verifiedBankAccount } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const report = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };

function lines(lead: string) {
  return [
    { partner: lead, kind: 'STAFF', category: 'STAFF', description: 'Coördinatie', reference: 'LOON-2021-06', paymentDate: '2021-06-25', person: 'Labcoördinator', hours: 500, annualGrossCost: 6_000_000 },
    { partner: lead, kind: 'REAL', category: 'OPERATING', description: 'Sensorkits', reference: 'F2021-0142', paymentDate: '2021-04-15', amount: 150_000 },
    { partner: NETWORK_PARTNER.enterpriseNumber, kind: 'REAL', category: 'EXTERNAL_SERVICES', description: 'Workshop', reference: 'F2021-0377', paymentDate: '2021-05-20', amount: 500_000 },
  ];
}

interface Recovery {
  id: string;
  status: string;
  amount: number;
  offsetPaymentId: string | null;
  bookedOn: string;
  dueDate: string | null;
}

describe('recoveries: a later check lowers costs already paid', () => {
  let t: TestApp;
  let pm: Session;
  let finance: Session;

  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
  });
  afterAll(() => t.close());

  /**
   * A grant whose period-1 statement is approved at 1.650.000 accepted (1.000.000 + 500.000
   * direct, 150.000 flat rate), earning ⌊1.650.000 × 333/500⌋ = 1.098.900, planned as the interim
   * payment; paid when `pay` is set.
   */
  async function approvedClaim(pay: boolean) {
    const awarded = await awardedGrant(t, pm);
    t.clock.set('2021-07-05T08:00:00Z');
    const put = await t.http.put(`/grants/${awarded.grant.id}/periods/1/progress-report`).set(awarded.lead.auth).send(report).expect(200);
    await t.http.post(`/progress-reports/${put.body.id}/submit`).set(awarded.lead.auth).expect(200);
    const draft = await t.http.put(`/grants/${awarded.grant.id}/periods/1/cost-statement`).set(awarded.lead.auth).send({ lines: lines(awarded.lead.enterpriseNumber) }).expect(200);
    const submitted = await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(awarded.lead.auth).expect(200);
    const id = submitted.body.id as string;
    const [staffLine, operating, workshop] = submitted.body.lines as { id: string }[];
    await t.http.put(`/cost-statements/${id}/lines/${staffLine.id}/review`).set(finance.auth).send({ decision: 'REDUCED', acceptedAmount: 1_000_000, reason: 'Uren niet gestaafd' }).expect(200);
    await t.http.put(`/cost-statements/${id}/lines/${operating.id}/review`).set(finance.auth).send({ decision: 'REJECTED', reason: 'Geen factuur' }).expect(200);
    await t.http.put(`/cost-statements/${id}/lines/${workshop.id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    const approved = await t.http.post(`/cost-statements/${id}/approve`).set(finance.auth).expect(200);
    await verifiedBankAccount(t, awarded.lead, finance, awarded.grant.id);
    expect(approved.body.subsidy).toEqual({ gross: 1_098_900, advanceCleared: 0, capped: 0, net: 1_098_900 });
    t.clock.set('2021-07-10T08:00:00Z');
    const payments = await t.http.get(`/grants/${awarded.grant.id}/payments`).set(finance.auth).expect(200);
    const payment = payments.body.items[0] as { id: string; amount: number };
    if (pay) await t.http.post(`/payments/${payment.id}/paid`).set(finance.auth).send({ paidOn: '2021-07-10', reference: 'OV-2021-000123' }).expect(200);
    return { ...awarded, statementId: id, payment };
  }

  it('books a recovery order for what was paid on costs an audit rejects, and finance marks it received', async () => {
    const g = await approvedClaim(true);
    const before = await t.http.get(`/cost-statements/${g.statementId}`).set(finance.auth).expect(200);

    const bad = await t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).send({ acceptedEligible: 1_650_000, source: 'AUDIT', reason: 'Geen verschil' }).expect(422);
    expect(bad.body).toMatchObject({ code: 'CORRECTION_NOT_A_REDUCTION', errors: [expect.objectContaining({ field: 'acceptedEligible' })] });
    await t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).send({ acceptedEligible: 1_500_000, source: 'GUESS', reason: '' }).expect(400);
    await t.http.post(`/cost-statements/${g.statementId}/corrections`).set(g.lead.auth).send({ acceptedEligible: 1_500_000, source: 'AUDIT', reason: 'x' }).expect(403);

    // ⌊1.500.000 × 333/500⌋ = 999.000 earned now: 1.098.900 − 999.000 = 99.900 unduly paid, nothing planned to offset it.
    const res = await t.http
      .post(`/cost-statements/${g.statementId}/corrections`)
      .set(finance.auth)
      .send({ acceptedEligible: 1_500_000, source: 'AUDIT', reason: 'Audit 2021: workshopfactuur deels buiten de periode' })
      .expect(201);
    expect(res.body.correction).toMatchObject({ source: 'AUDIT', periodNumber: 1, acceptedBefore: 1_650_000, acceptedAfter: 1_500_000, grossBefore: 1_098_900, grossAfter: 999_000, unduly: 99_900, advanceReopened: 0, correctedOn: '2021-07-10' });
    // The term is 30 days from the booking (RECOVERY_TERM_DAYS): 10 July + 30 = 9 August.
    expect(res.body.recoveries).toEqual([expect.objectContaining({ status: 'OPEN', amount: 99_900, offsetPaymentId: null, bookedOn: '2021-07-10', dueDate: '2021-08-09', overdue: false })]);
    expect(res.body.ledger).toMatchObject({ paid: 1_098_900, recovered: 0, recoveryOpen: 99_900, open: g.grant.amount - 1_098_900, addsUp: true });
    const order = res.body.recoveries[0] as Recovery;

    // The approved statement itself stays as it was approved; the correction sits beside it.
    const after = await t.http.get(`/cost-statements/${g.statementId}`).set(finance.auth).expect(200);
    expect(after.body).toEqual(before.body);

    const letter = await t.http.get(`/recoveries/${order.id}/letter.pdf`).set(g.lead.auth).expect(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    await t.http.get(`/recoveries/${order.id}/letter.pdf`).set((await applicant(t)).auth).expect(404);

    await t.http.post(`/recoveries/${order.id}/received`).set(finance.auth).send({ receivedOn: '2021-07-01', reference: 'TV-1' }).expect(422);
    await t.http.post(`/recoveries/${order.id}/received`).set(finance.auth).send({ receivedOn: '2021-07-11', reference: 'TV-1' }).expect(422);
    await t.http.post(`/recoveries/${order.id}/received`).set(pm.auth).send({ receivedOn: '2021-07-10', reference: 'TV-1' }).expect(403);
    const received = await t.http.post(`/recoveries/${order.id}/received`).set(finance.auth).send({ receivedOn: '2021-07-10', reference: 'TV-2021-0045' }).expect(200);
    expect(received.body).toMatchObject({ status: 'RECOVERED', receivedOn: '2021-07-10', reference: 'TV-2021-0045' });
    await t.http.post(`/recoveries/${order.id}/received`).set(finance.auth).send({ receivedOn: '2021-07-10', reference: 'TV-2021-0045' }).expect(409);

    const list = await t.http.get(`/grants/${g.grant.id}/payments`).set(g.lead.auth).expect(200);
    // Paid back, the room is free again: open = grant − (1.098.900 − 99.900).
    expect(list.body.ledger).toMatchObject({ paid: 1_098_900, recovered: 99_900, recoveryOpen: 0, open: g.grant.amount - 999_000, addsUp: true });
    expect(list.body.corrections).toHaveLength(1);
    expect(list.body.recoveries).toEqual([expect.objectContaining({ id: order.id, status: 'RECOVERED' })]);

    const audit = (await t.db.query(`SELECT action, before, after FROM audit_log WHERE entity_id = ANY($1) ORDER BY seq`, [[g.statementId, order.id]])) as { action: string; before: unknown; after: Record<string, unknown> }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['cost_statement.corrected', 'recovery.ordered', 'recovery.received']));
    expect(audit.find((a) => a.action === 'cost_statement.corrected')).toMatchObject({ before: { accepted: 1_650_000, gross: 1_098_900 }, after: { accepted: 1_500_000, gross: 999_000, unduly: 99_900, source: 'AUDIT' } });

    const csv = await t.http.get('/exports/payments').query({ callId: g.callId }).set(finance.auth).expect(200);
    const rows = csv.text.trim().split(/\r?\n/).map((l) => l.split(';'));
    const header = rows[0];
    const recoveryRow = rows.find((r) => r[header.indexOf('Soort')] === 'RECOVERY_ORDER');
    expect(recoveryRow).toBeDefined();
    expect(recoveryRow![header.indexOf('Status')]).toBe('RECOVERED');
    expect(recoveryRow![header.indexOf('Bedrag (cent)')]).toBe('-99900');
    expect(recoveryRow![header.indexOf('Referentie')]).toBe('TV-2021-0045');
  });

  it('offsets against the payment still planned, which then transfers the rest and cannot be cancelled', async () => {
    const g = await approvedClaim(false);
    // ⌊1.000.000 × 333/500⌋ = 666.000: 432.900 of the planned 1.098.900 is withheld.
    const res = await t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).send({ acceptedEligible: 1_000_000, source: 'CORRECTION', reason: 'Dubbel ingediende loonkost' }).expect(201);
    expect(res.body.recoveries).toEqual([expect.objectContaining({ status: 'OFFSET', amount: 432_900, offsetPaymentId: g.payment.id, dueDate: null })]);
    expect(res.body.ledger).toMatchObject({ planned: 1_098_900, recovered: 432_900, recoveryOpen: 0, open: g.grant.amount - 666_000, addsUp: true });

    await t.http.post(`/payments/${g.payment.id}/cancel`).set(finance.auth).send({ reason: 'Toch niet' }).expect(409);
    const paid = await t.http.post(`/payments/${g.payment.id}/paid`).set(finance.auth).send({ paidOn: '2021-07-10', reference: 'OV-2021-000200' }).expect(200);
    expect(paid.body).toMatchObject({ amount: 1_098_900, offset: 432_900, transfer: 666_000 });
    const letter = await t.http.get(`/recoveries/${res.body.recoveries[0].id}/letter.pdf`).set(finance.auth).expect(200);
    expect(letter.headers['content-type']).toBe('application/pdf');

    // A second correction, with the payment made: 666.000 − ⌊900.000 × 333/500⌋ = 666.000 − 599.400 = 66.600 by order.
    const second = await t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).send({ acceptedEligible: 900_000, source: 'AUDIT', reason: 'Audit' }).expect(201);
    expect(second.body.correction).toMatchObject({ acceptedBefore: 1_000_000, grossBefore: 666_000, grossAfter: 599_400, unduly: 66_600 });
    expect(second.body.recoveries).toEqual([expect.objectContaining({ status: 'OPEN', amount: 66_600 })]);
    // The grant cannot be closed while the order is not paid back.
    const close = await t.http.post(`/grants/${g.grant.id}/close`).set(finance.auth).expect(409);
    expect(close.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: `recoveries.${second.body.recoveries[0].id}`, code: 'RECOVERY_OPEN' })]));
  });

  it('books a correction and a refund once when they are retried with their Idempotency-Key, also in parallel', async () => {
    const g = await approvedClaim(true);
    const body = { acceptedEligible: 1_500_000, source: 'AUDIT', reason: 'Audit 2021: workshopfactuur deels buiten de periode' };
    const correct = (key: string, b: object) => t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).set('Idempotency-Key', key).send(b);
    const tries = await Promise.all([1, 2, 3].map(() => correct('correct-key-0001', body)));
    expect(tries.map((r) => r.status)).toEqual([201, 201, 201]);
    for (const r of tries) expect(r.body).toEqual(tries[0].body);
    expect(tries.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM claim_corrections WHERE cost_statement_id = $1`, [g.statementId]))[0].n).toBe(1);
    expect((await correct('correct-key-0001', { ...body, acceptedEligible: 1_400_000 }).expect(422)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const order = tries[0].body.recoveries[0] as Recovery;
    const refund = { receivedOn: '2021-07-10', reference: 'TV-2021-0046' };
    const received = await Promise.all([1, 2].map(() => t.http.post(`/recoveries/${order.id}/received`).set(finance.auth).set('Idempotency-Key', 'recovered-key-01').send(refund)));
    expect(received.map((r) => r.status)).toEqual([200, 200]);
    expect(received[1].body).toEqual(received[0].body);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'recovery.received'`, [order.id]))[0].n).toBe(1);
  });

  it('refuses to correct a statement that is not approved', async () => {
    const awarded = await awardedGrant(t, pm);
    t.clock.set('2021-07-05T08:00:00Z');
    const draft = await t.http.put(`/grants/${awarded.grant.id}/periods/1/cost-statement`).set(awarded.lead.auth).send({ lines: lines(awarded.lead.enterpriseNumber) }).expect(200);
    const res = await t.http.post(`/cost-statements/${draft.body.id}/corrections`).set(finance.auth).send({ acceptedEligible: 0, source: 'AUDIT', reason: 'x' }).expect(409);
    expect(res.body.code).toBe('STATEMENT_NOT_APPROVED');
    await t.http.post(`/cost-statements/00000000-0000-4000-8000-000000000000/corrections`).set(finance.auth).send({ acceptedEligible: 0, source: 'AUDIT', reason: 'x' }).expect(404);
  });

  it('books each cent once when corrections and refunds race on one grant (parallel requests)', async () => {
    const g = await approvedClaim(true);
    const targets = [1_500_000, 1_200_000, 1_500_000, 1_200_000, 1_500_000, 1_200_000];
    const results = await Promise.all(
      targets.map((acceptedEligible) => t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).send({ acceptedEligible, source: 'AUDIT', reason: 'Parallel' })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 422)).toBe(true);
    // Whatever the order, the claim ends at 1.200.000 accepted: ⌊1.200.000 × 333/500⌋ = 799.200,
    // so exactly 1.098.900 − 799.200 = 299.700 is booked, by one or two corrections.
    const ok = statuses.filter((s) => s === 201).length;
    expect(ok === 1 || ok === 2).toBe(true);
    const list = await t.http.get(`/grants/${g.grant.id}/payments`).set(finance.auth).expect(200);
    const recoveries = list.body.recoveries as Recovery[];
    expect(recoveries.reduce((s, r) => s + r.amount, 0)).toBe(299_700);
    expect(list.body.corrections.at(-1)).toMatchObject({ acceptedAfter: 1_200_000, grossAfter: 799_200 });

    const refunds = await Promise.all(
      recoveries.flatMap((r) => [1, 2, 3].map(() => t.http.post(`/recoveries/${r.id}/received`).set(finance.auth).send({ receivedOn: '2021-07-10', reference: `TV-${r.id.slice(0, 4)}` }))),
    );
    expect(refunds.filter((r) => r.status === 200)).toHaveLength(recoveries.length);
    expect(refunds.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
    const end = await t.http.get(`/grants/${g.grant.id}/payments`).set(finance.auth).expect(200);
    expect(end.body.ledger).toMatchObject({ paid: 1_098_900, recovered: 299_700, recoveryOpen: 0, open: g.grant.amount - 799_200, addsUp: true });
  });

  it('never offsets against a payment cancelled at the same moment (parallel requests)', async () => {
    const g = await approvedClaim(false);
    const [corrected, cancelled] = await Promise.all([
      t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).send({ acceptedEligible: 1_500_000, source: 'AUDIT', reason: 'Parallel' }),
      t.http.post(`/payments/${g.payment.id}/cancel`).set(finance.auth).send({ reason: 'Parallel' }),
    ]);
    expect(corrected.status).toBe(201);
    const [recovery] = corrected.body.recoveries as Recovery[];
    // One after the other on the grant row: cancelled first, the 99.900 is ordered back; offset first, the payment stays.
    if (cancelled.status === 200) expect(recovery).toMatchObject({ status: 'OPEN', amount: 99_900, offsetPaymentId: null });
    else {
      expect(cancelled.body.code).toBe('PAYMENT_HAS_OFFSET');
      expect(recovery).toMatchObject({ status: 'OFFSET', amount: 99_900, offsetPaymentId: g.payment.id });
    }
    const end = await t.http.get(`/grants/${g.grant.id}/payments`).set(finance.auth).expect(200);
    expect(end.body.ledger.addsUp).toBe(true);
    expect(end.body.ledger.paid + end.body.ledger.planned - end.body.ledger.recovered).toBeLessThanOrEqual(g.grant.amount);
  });

  it('lets the database refuse recoveries beyond the payments, whatever the code does', async () => {
    const g = await approvedClaim(true);
    const res = await t.http.post(`/cost-statements/${g.statementId}/corrections`).set(finance.auth).send({ acceptedEligible: 1_500_000, source: 'AUDIT', reason: 'x' }).expect(201);
    const order = res.body.recoveries[0] as Recovery;
    const [{ correction_id: correctionId, created_by: createdBy }] = (await t.db.query(`SELECT correction_id, created_by FROM recoveries WHERE id = $1`, [order.id])) as { correction_id: string; created_by: string }[];
    await expect(
      t.db.query(`INSERT INTO recoveries (grant_id, correction_id, status, amount_cents, booked_on, due_date, created_by) VALUES ($1, $2, 'OPEN', $3, '2021-07-10', '2021-08-09', $4)`, [
        g.grant.id,
        correctionId,
        1_098_900,
        createdBy,
      ]),
    ).rejects.toThrow(/exceed its payments/);
    await expect(t.db.query(`DELETE FROM recoveries WHERE id = $1`, [order.id])).rejects.toThrow(/never deleted/);
  });
});

describe('progress reports reopened for their text, figures closed', () => {
  let t: TestApp;
  let pm: Session;
  let finance: Session;

  beforeAll(async () => {
    t = await createTestApp();
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
  });
  afterAll(() => t.close());

  it('reopens a submitted report for its text with a reason; the beneficiary edits and resubmits; the cost statement stays as it was', async () => {
    const g = await awardedGrant(t, pm);
    t.clock.set('2021-07-05T08:00:00Z');
    const put = await t.http.put(`/grants/${g.grant.id}/periods/1/progress-report`).set(g.lead.auth).send(report).expect(200);
    const submitted = await t.http.post(`/progress-reports/${put.body.id}/submit`).set(g.lead.auth).expect(200);
    expect(submitted.body.actions).toEqual([]);
    const asPm = await t.http.get(`/progress-reports/${put.body.id}`).set(pm.auth).expect(200);
    expect(asPm.body.actions).toEqual(expect.arrayContaining([{ action: 'reopen', label: 'Heropenen voor tekst' }]));
    const draft = await t.http.put(`/grants/${g.grant.id}/periods/1/cost-statement`).set(g.lead.auth).send({ lines: lines(g.lead.enterpriseNumber) }).expect(200);
    await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(g.lead.auth).expect(200);
    const statementBefore = await t.http.get(`/cost-statements/${draft.body.id}`).set(finance.auth).expect(200);
    const rowBefore = await t.db.query(`SELECT * FROM cost_statements WHERE id = $1`, [draft.body.id]);
    const linesBefore = await t.db.query(`SELECT * FROM cost_statement_lines WHERE statement_id = $1 ORDER BY position`, [draft.body.id]);

    await t.http.post(`/progress-reports/${put.body.id}/reopen`).set(g.lead.auth).send({ reason: 'x' }).expect(403);
    await t.http.post(`/progress-reports/${put.body.id}/reopen`).set(pm.auth).send({ reason: '' }).expect(400);
    const reopened = await t.http.post(`/progress-reports/${put.body.id}/reopen`).set(pm.auth).send({ reason: 'Indicator dubbel geteld; pas de tekst aan.' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'REOPENED', reopenedForText: true, reopenReason: 'Indicator dubbel geteld; pas de tekst aan.' });
    await t.http.post(`/progress-reports/${put.body.id}/reopen`).set(pm.auth).send({ reason: 'nog eens' }).expect(409);
    await t.http.post(`/progress-reports/${put.body.id}/accept`).set(pm.auth).send({ comment: 'ok' }).expect(409);

    const asLead = await t.http.get(`/progress-reports/${put.body.id}`).set(g.lead.auth).expect(200);
    expect(asLead.body.actions).toEqual([expect.objectContaining({ action: 'submit' })]);
    const edited = { narrative: 'Tien kmo’s testten sensoren (eerder dubbel geteld).', indicators: { COMPANIES_SERVED: 10, TESTS_CARRIED_OUT: 31 } };
    await t.http.put(`/grants/${g.grant.id}/periods/1/progress-report`).set(g.lead.auth).send(edited).expect(200);
    // The figures stay closed: the statement cannot be replaced, and nothing of it changed.
    const refused = await t.http.put(`/grants/${g.grant.id}/periods/1/cost-statement`).set(g.lead.auth).send({ lines: lines(g.lead.enterpriseNumber).slice(1) }).expect(409);
    expect(refused.body.code).toBe('STATEMENT_FROZEN');
    const resubmitted = await t.http.post(`/progress-reports/${put.body.id}/submit`).set(g.lead.auth).expect(200);
    expect(resubmitted.body).toMatchObject({ status: 'SUBMITTED', narrative: edited.narrative, reopenedForText: false });

    expect((await t.http.get(`/cost-statements/${draft.body.id}`).set(finance.auth).expect(200)).body).toEqual(statementBefore.body);
    expect(await t.db.query(`SELECT * FROM cost_statements WHERE id = $1`, [draft.body.id])).toEqual(rowBefore);
    expect(await t.db.query(`SELECT * FROM cost_statement_lines WHERE statement_id = $1 ORDER BY position`, [draft.body.id])).toEqual(linesBefore);

    const audit = (await t.db.query(`SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [put.body.id])) as { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
    expect(audit.map((a) => a.action)).toEqual(['progress_report.created', 'progress_report.submitted', 'progress_report.reopened', 'progress_report.text_changed', 'progress_report.resubmitted_text']);
    expect(audit[2].after).toMatchObject({ status: 'REOPENED', reason: 'Indicator dubbel geteld; pas de tekst aan.', scope: 'text' });
    expect(audit[3]).toMatchObject({ before: { narrative: report.narrative, indicators: report.indicators }, after: { narrative: edited.narrative, indicators: edited.indicators } });
    // The accepted report can be judged again as usual.
    await t.http.post(`/progress-reports/${put.body.id}/accept`).set(pm.auth).send({ comment: 'Duidelijk' }).expect(200);
  });
});
