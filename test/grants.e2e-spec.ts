import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganisationType } from '../src/core/domain/organisation-type';
import { Role } from '../src/core/domain/roles';
import { applicant, awardedGrant, CERTIFICATE_PDF, NETWORK_PARTNER, Session, staff, verifiedBankAccount } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const PARTNER = NETWORK_PARTNER.enterpriseNumber.replace(/\./g, '');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const UPLOAD_MAX_BYTES = 64 * 1024;

interface Line {
  id: string;
  amount: number;
  review: { decision: string; acceptedAmount: number } | null;
}

/** Period 1 lines: staff of both partners, and real costs in three categories. */
function periodOneLines(lead: string) {
  return [
    // ⌊6.000.000 × 500 ÷ 1.720⌋ = 1.744.186
    { partner: lead, kind: 'STAFF', category: 'STAFF', description: 'Coördinatie', reference: 'LOON-2021-06', paymentDate: '2021-06-25', person: 'Labcoördinator', hours: 500, annualGrossCost: 6_000_000 },
    // 5.160.000 × 400 ÷ 1.720 = 1.200.000
    { partner: NETWORK_PARTNER.enterpriseNumber, kind: 'STAFF', category: 'STAFF', description: 'Kmo-begeleiding', reference: 'LOON-2021-06-B', paymentDate: '2021-06-25', person: 'Bedrijfsadviseur', hours: 400, annualGrossCost: 5_160_000 },
    { partner: lead, kind: 'REAL', category: 'OPERATING', description: 'Sensorkits', reference: 'F2021-0142', paymentDate: '2021-04-15', amount: 150_000 },
    { partner: NETWORK_PARTNER.enterpriseNumber, kind: 'REAL', category: 'EXTERNAL_SERVICES', description: 'Workshop', reference: 'F2021-0377', paymentDate: '2021-05-20', amount: 500_000 },
    { partner: lead, kind: 'REAL', category: 'INVESTMENTS', description: 'Demonstratieopstelling', reference: 'F2021-0099', paymentDate: '2021-03-30', amount: 2_000_000 },
  ];
}

const report = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };

describe('grants and reporting', () => {
  let t: TestApp;
  let pm: Session;
  let finance: Session;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'efro-uploads-'));
    t = await createTestApp({ env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) } });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
  });
  afterAll(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  /** Files and submits the progress report of a period. */
  async function fileReport(grantId: string, lead: Session, number: number) {
    const put = await t.http.put(`/grants/${grantId}/periods/${number}/progress-report`).set(lead.auth).send(report).expect(200);
    await t.http.post(`/progress-reports/${put.body.id}/submit`).set(lead.auth).expect(200);
    return put.body.id as string;
  }

  it('runs report → statement → review → approval → payment, with the ledger adding up', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    const shown = await t.http.get(`/grants/${grant.id}`).set(lead.auth).expect(200);
    expect(shown.body).toMatchObject({
      grantNumber: grant.grantNumber,
      amount: 99_900_000,
      startDate: '2021-03-01',
      endDate: '2023-02-28',
      status: 'ACTIVE',
      beneficiary: { organisationId: lead.organisationId, enterpriseNumber: lead.enterpriseNumber },
      rate: { numerator: 333, denominator: 500 },
      ratePercent: '66,6 %',
      fundingSplit: [expect.objectContaining({ code: 'EFRO', amount: 60_000_000 }), expect.objectContaining({ code: 'VLAANDEREN', amount: 39_900_000 })],
      ledger: { commitment: 99_900_000, paid: 0, accepted: 0, open: 99_900_000, retained: 19_980_000, paymentCeiling: 79_920_000, addsUp: true },
      recordsRetainedUntil: null,
    });
    expect(shown.body.consortium.map((p: { enterpriseNumber: string; role: string }) => [p.enterpriseNumber, p.role])).toEqual([
      [lead.enterpriseNumber, 'LEAD'],
      [PARTNER, 'PARTNER'],
    ]);
    const listed = await t.http.get('/grants').set(lead.auth).expect(200);
    expect(listed.body.items.map((g: { id: string }) => g.id)).toEqual([grant.id]);

    // Six 4-month periods over 24 months, each due 30 days after it ends, then the final report.
    const periods = await t.http.get(`/grants/${grant.id}/periods`).set(lead.auth).expect(200);
    expect(periods.body.map((p: { number: number; kind: string; startDate: string; endDate: string; dueDate: string }) => [p.number, p.kind, p.startDate, p.endDate, p.dueDate])).toEqual([
      [1, 'PERIOD', '2021-03-01', '2021-06-30', '2021-07-30'],
      [2, 'PERIOD', '2021-07-01', '2021-10-31', '2021-11-30'],
      [3, 'PERIOD', '2021-11-01', '2022-02-28', '2022-03-30'],
      [4, 'PERIOD', '2022-03-01', '2022-06-30', '2022-07-30'],
      [5, 'PERIOD', '2022-07-01', '2022-10-31', '2022-11-30'],
      [6, 'PERIOD', '2022-11-01', '2023-02-28', '2023-03-30'],
      [7, 'FINAL', '2021-03-01', '2023-02-28', '2023-03-30'],
    ]);
    expect(periods.body[0].status).toBe('UPCOMING');

    t.clock.set('2021-07-05T08:00:00Z');
    await fileReport(grant.id, lead, 1);
    const draft = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: periodOneLines(lead.enterpriseNumber) }).expect(200);
    expect(draft.headers.etag).toBe(`"${draft.body.version}"`);
    expect(draft.body.lines.map((l: Line) => l.amount)).toEqual([1_744_186, 1_200_000, 150_000, 500_000, 2_000_000]);
    // Flat rate per partner on staff costs: ⌊1.744.186 × 15 %⌋ + 1.200.000 × 15 %.
    expect(draft.body.totals).toMatchObject({ declaredStaff: 2_944_186, declaredIndirect: 261_627 + 180_000, declaredDirect: 5_594_186, declaredEligible: 6_035_813, acceptedEligible: 0 });
    const statementId = draft.body.id as string;
    const lineIds = draft.body.lines.map((l: Line) => l.id) as string[];

    // Supporting documents: PDF and images only, checked on content, limited in size, listed with their hash.
    const pdf = await t.http
      .post(`/cost-statements/${statementId}/documents`)
      .set(lead.auth)
      .field('description', 'Factuur sensorkits')
      .field('lineId', lineIds[2])
      .attach('file', PDF, { filename: 'factuur-0142.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(pdf.body).toMatchObject({ fileName: 'factuur-0142.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, costLineId: lineIds[2] });
    expect(pdf.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    const text = await t.http.post(`/cost-statements/${statementId}/documents`).set(lead.auth).attach('file', Buffer.from('hello'), { filename: 'a.txt', contentType: 'text/plain' }).expect(422);
    expect(text.body.errors[0].code).toBe('TYPE_NOT_ALLOWED');
    const disguised = await t.http.post(`/cost-statements/${statementId}/documents`).set(lead.auth).attach('file', PNG, { filename: 'x.pdf', contentType: 'application/pdf' }).expect(422);
    expect(disguised.body.errors[0].code).toBe('CONTENT_MISMATCH');
    const big = Buffer.concat([PDF, Buffer.alloc(UPLOAD_MAX_BYTES)]);
    await t.http.post(`/cost-statements/${statementId}/documents`).set(lead.auth).attach('file', big, { filename: 'groot.pdf', contentType: 'application/pdf' }).expect(413);
    await t.http.post(`/cost-statements/${statementId}/documents`).set(lead.auth).send({ file: 'x' }).expect(400);
    const documents = await t.http.get(`/cost-statements/${statementId}/documents`).set(finance.auth).expect(200);
    expect(documents.body.map((d: { sha256: string }) => d.sha256)).toEqual([pdf.body.sha256]);
    const download = await t.http.get(`/documents/${pdf.body.id}/content`).set(finance.auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-sha256']).toBe(pdf.body.sha256);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);

    const submitted = await t.http.post(`/cost-statements/${statementId}/submit`).set(lead.auth).expect(200);
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', paymentDeadline: { completeClaimDate: '2021-07-05', dueDate: '2021-09-23', daysLeft: 80, overdue: false } });
    // Frozen until finance returns it.
    const frozen = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: [] }).expect(409);
    expect(frozen.body.code).toBe('STATEMENT_FROZEN');
    await t.http.post(`/cost-statements/${statementId}/documents`).set(lead.auth).attach('file', PDF, { filename: 'laat.pdf', contentType: 'application/pdf' }).expect(409);
    await expect(t.db.query(`UPDATE cost_statement_lines SET amount_cents = 1 WHERE id = $1`, [lineIds[2]])).rejects.toThrow(/frozen/);

    // Finance asks about a line and returns the statement; the beneficiary corrects and resubmits.
    await t.http.post(`/cost-statements/${statementId}/lines/${lineIds[2]}/question`).set(finance.auth).send({ question: 'Bezorg het betalingsbewijs; de factuur vermeldt € 1.200.' }).expect(200);
    await t.http.put(`/cost-statements/${statementId}/lines/${lineIds[0]}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    const returned = await t.http.post(`/cost-statements/${statementId}/return`).set(finance.auth).send({ reason: 'Eén lijn klopt niet met de factuur' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'RETURNED', returnReason: 'Eén lijn klopt niet met de factuur' });
    const leftOut = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: [] }).expect(400);
    expect(leftOut.body.errors.map((e: { code: string }) => e.code)).toContain('LINE_REMOVAL_NOT_ALLOWED');
    const corrected: Record<string, unknown>[] = periodOneLines(lead.enterpriseNumber).map((l, i) => ({ ...l, id: lineIds[i] }));
    corrected[2] = { ...corrected[2], amount: 120_000, answer: 'Klopt: € 1.200, betaald op 15 april.' };
    const edited = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: corrected, version: returned.body.version }).expect(200);
    expect(edited.body.lines[0].review).toMatchObject({ decision: 'ACCEPTED' }); // unchanged line keeps its review
    expect(edited.body.lines[2]).toMatchObject({ amount: 120_000, review: null, question: { answer: 'Klopt: € 1.200, betaald op 15 april.' } });
    await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: corrected, version: returned.body.version }).expect(412);
    t.clock.set('2021-07-12T08:00:00Z');
    const resubmitted = await t.http.post(`/cost-statements/${statementId}/submit`).set(lead.auth).expect(200);
    // The payment deadline counts from the claim complete again.
    expect(resubmitted.body.paymentDeadline).toMatchObject({ completeClaimDate: '2021-07-12', dueDate: '2021-09-30' });

    // Line by line review: accepted, reduced with a reason, rejected with a reason.
    await t.http.post(`/cost-statements/${statementId}/approve`).set(finance.auth).expect(409); // still SUBMITTED: no review yet
    await t.http.put(`/cost-statements/${statementId}/lines/${lineIds[1]}/review`).set(finance.auth).send({ decision: 'REDUCED', acceptedAmount: 1_000_000 }).expect(400);
    const tooMuch = await t.http.put(`/cost-statements/${statementId}/lines/${lineIds[1]}/review`).set(finance.auth).send({ decision: 'REDUCED', acceptedAmount: 1_200_001, reason: 'x' }).expect(422);
    expect(tooMuch.body.code).toBe('REDUCED_AMOUNT_INVALID');
    await t.http.put(`/cost-statements/${statementId}/lines/${lineIds[1]}/review`).set(finance.auth).send({ decision: 'REDUCED', acceptedAmount: 1_000_000, reason: 'Uren niet volledig gestaafd' }).expect(200);
    await t.http.put(`/cost-statements/${statementId}/lines/${lineIds[2]}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    await t.http.put(`/cost-statements/${statementId}/lines/${lineIds[3]}/review`).set(finance.auth).send({ decision: 'REJECTED', reason: 'Geen factuur' }).expect(200);
    const incomplete = await t.http.post(`/cost-statements/${statementId}/approve`).set(finance.auth).expect(422);
    expect(incomplete.body.errors).toEqual([expect.objectContaining({ field: 'lines[4]', code: 'NOT_REVIEWED' })]);
    const reviewed = await t.http.put(`/cost-statements/${statementId}/lines/${lineIds[4]}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    // The flat rate follows the accepted staff costs: ⌊1.744.186 × 15 %⌋ + 1.000.000 × 15 %.
    expect(reviewed.body.totals).toMatchObject({ acceptedStaff: 2_744_186, acceptedIndirect: 261_627 + 150_000, acceptedDirect: 4_864_186, acceptedEligible: 5_275_813 });

    t.clock.set('2021-07-20T08:00:00Z');
    const approved = await t.http.post(`/cost-statements/${statementId}/approve`).set(finance.auth).expect(200);
    // ⌊5.275.813 × 999.000 ÷ 1.500.000⌋ = ⌊3.513.691,458⌋
    expect(approved.body).toMatchObject({ status: 'APPROVED', subsidy: { gross: 3_513_691, advanceCleared: 0, capped: 0, net: 3_513_691 } });
    await expect(t.db.query(`UPDATE cost_statements SET return_reason = 'x' WHERE id = $1`, [statementId])).rejects.toThrow(/never changes/);

    const payments = await t.http.get(`/grants/${grant.id}/payments`).set(lead.auth).expect(200);
    expect(payments.body.items).toEqual([
      expect.objectContaining({ kind: 'INTERIM', status: 'PLANNED', amount: 3_513_691, costStatementId: statementId, periodNumber: 1, plannedOn: '2021-07-20', dueDate: '2021-09-30' }),
    ]);
    expect(payments.body.ledger).toMatchObject({
      commitment: 99_900_000,
      claimed: 6_005_813,
      accepted: 5_275_813,
      earned: 3_513_691,
      planned: 3_513_691,
      paid: 0,
      open: 96_386_309,
      retained: 19_980_000,
      addsUp: true,
    });
    const paymentId = payments.body.items[0].id as string;
    await t.http.post(`/payments/${paymentId}/paid`).set(lead.auth).send({ paidOn: '2021-08-01', reference: 'OV-1' }).expect(403);
    t.clock.set('2021-08-02T08:00:00Z');
    const future = await t.http.post(`/payments/${paymentId}/paid`).set(finance.auth).send({ paidOn: '2021-08-03', reference: 'OV-2021-000123' }).expect(422);
    expect(future.body.code).toBe('PAYMENT_DATE_INVALID');
    // Issue 15: no payment to an account finance has not verified.
    const noAccount = await t.http.post(`/payments/${paymentId}/paid`).set(finance.auth).send({ paidOn: '2021-08-01', reference: 'OV-2021-000123' }).expect(409);
    expect(noAccount.body).toMatchObject({ code: 'BANK_ACCOUNT_NOT_VERIFIED', errors: [expect.objectContaining({ field: 'bankAccount', code: 'BANK_ACCOUNT_MISSING' })] });
    expect(noAccount.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await t.http.get(`/grants/${grant.id}/bank-account`).set(lead.auth).expect(200)).body).toMatchObject({ account: null, payable: false });
    const register = (iban: string, holderName = 'Hogeschool vzw') =>
      t.http
        .post(`/grants/${grant.id}/bank-account`)
        .set(lead.auth)
        .field('iban', iban)
        .field('holderName', holderName)
        .attach('file', CERTIFICATE_PDF, { filename: 'bankattest.pdf', contentType: 'application/pdf' });
    const national = await register('BE41 5390 0754 7035').expect(422);
    expect(national.body).toMatchObject({ code: 'BANK_ACCOUNT_INVALID', errors: [{ field: 'iban', code: 'IBAN_NATIONAL_CHECK', message: expect.any(String) }] });
    expect((await register('BE68 5390 0754 7035').expect(422)).body.errors).toEqual([expect.objectContaining({ field: 'iban', code: 'IBAN_CHECKSUM' })]);
    expect((await register('', '').expect(400)).body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['iban:isNotEmpty', 'holderName:isNotEmpty']);
    const notPdf = await t.http
      .post(`/grants/${grant.id}/bank-account`)
      .set(lead.auth)
      .field('iban', 'BE68 5390 0754 7034')
      .field('holderName', 'Hogeschool vzw')
      .attach('file', Buffer.from('geen pdf'), { filename: 'attest.pdf', contentType: 'application/pdf' })
      .expect(422);
    expect(notPdf.body.code).toBe('DOCUMENT_REFUSED');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM bank_accounts WHERE grant_id = $1`, [grant.id]))[0].n).toBe(0);
    await t.http.post(`/grants/${grant.id}/bank-account`).set(finance.auth).field('iban', 'BE68539007547034').field('holderName', 'x').attach('file', CERTIFICATE_PDF, 'a.pdf').expect(403);
    const first = await register('nl91 abna 0417 1643 00').expect(201);
    expect(first.body).toMatchObject({ iban: 'NL91ABNA0417164300', status: 'PENDING', certificate: { fileName: 'bankattest.pdf', contentType: 'application/pdf' } });
    const pending = await t.http.post(`/payments/${paymentId}/paid`).set(finance.auth).send({ paidOn: '2021-08-01', reference: 'OV-2021-000123' }).expect(409);
    expect(pending.body.errors[0].code).toBe('BANK_ACCOUNT_PENDING');
    await t.http.post(`/bank-accounts/${first.body.id}/verify`).set(lead.auth).expect(403);
    await t.http.post(`/bank-accounts/${first.body.id}/reject`).set(finance.auth).send({}).expect(400);
    const rejected = await t.http.post(`/bank-accounts/${first.body.id}/reject`).set(finance.auth).send({ reason: 'Attest op naam van een andere houder' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: 'Attest op naam van een andere houder' });
    expect((await t.http.post(`/payments/${paymentId}/paid`).set(finance.auth).send({ paidOn: '2021-08-01', reference: 'x' }).expect(409)).body.errors[0].code).toBe('BANK_ACCOUNT_REJECTED');
    await t.http.post(`/bank-accounts/${first.body.id}/verify`).set(finance.auth).expect(409);
    const second = await register(' be68 5390 0754 7034 ').expect(201);
    expect(second.body).toMatchObject({ iban: 'BE68539007547034', status: 'PENDING' });
    const verified = await t.http.post(`/bank-accounts/${second.body.id}/verify`).set(finance.auth).expect(200);
    expect(verified.body.status).toBe('VERIFIED');
    expect((await t.http.get(`/grants/${grant.id}/bank-account`).set(finance.auth).expect(200)).body).toMatchObject({ account: { id: second.body.id }, payable: true });
    // The certificate downloads for the beneficiary and finance.
    await t.http.get(verified.body.certificate.contentUrl).set(finance.auth).expect(200);

    const paid = await t.http.post(`/payments/${paymentId}/paid`).set(finance.auth).send({ paidOn: '2021-08-01', reference: 'OV-2021-000123' }).expect(200);
    expect(paid.body).toMatchObject({ status: 'PAID', paidOn: '2021-08-01', reference: 'OV-2021-000123', deadline: { overdue: false, paidLate: false } });
    expect(paid.body.paidTo).toEqual({ bankAccountId: second.body.id, iban: 'BE68539007547034', holderName: 'Hogeschool vzw' });

    // A change after the award waits for verification again, is audited before and after, and
    // leaves the paid payment's account as it was.
    const changed = await register('BE54 0970 0000 0097', 'Hogeschool Nieuw vzw').expect(201);
    expect(changed.body.status).toBe('PENDING');
    const trail = (await t.db.query(`SELECT action, before, after FROM audit_log WHERE entity_type = 'bank_account' AND entity_id = $1`, [changed.body.id])) as {
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown>;
    }[];
    expect(trail.find((e) => e.action === 'bank_account.changed')).toMatchObject({
      before: { bankAccountId: second.body.id, iban: 'BE68539007547034', status: 'VERIFIED' },
      after: { iban: 'BE54097000000097', holderName: 'Hogeschool Nieuw vzw', status: 'PENDING' },
    });
    expect((await t.db.query(`SELECT status FROM bank_accounts WHERE id = $1`, [second.body.id]))[0].status).toBe('SUPERSEDED');
    const history = await t.http.get(`/grants/${grant.id}/payments`).set(finance.auth).expect(200);
    expect(history.body.items[0].paidTo).toMatchObject({ iban: 'BE68539007547034', holderName: 'Hogeschool vzw' });
    await t.http.post(`/bank-accounts/${changed.body.id}/verify`).set(finance.auth).expect(200);
    await t.http.post(`/payments/${paymentId}/paid`).set(finance.auth).send({ paidOn: '2021-08-01', reference: 'again' }).expect(409);
    await t.http.post(`/payments/${paymentId}/cancel`).set(finance.auth).send({ reason: 'oeps' }).expect(409);
    await expect(t.db.query(`UPDATE payments SET reference = 'changed' WHERE id = $1`, [paymentId])).rejects.toThrow(/never changes/);

    const after = await t.http.get(`/grants/${grant.id}`).set(lead.auth).expect(200);
    expect(after.body.ledger).toMatchObject({ paid: 3_513_691, planned: 0, accepted: 5_275_813, open: 96_386_309, addsUp: true });
    // CPR art. 82: 31 December of the fifth year after the last payment.
    expect(after.body.recordsRetainedUntil).toBe('2026-12-31');
    const statement = await t.http.get(`/cost-statements/${statementId}`).set(lead.auth).expect(200);
    expect(statement.body.paymentDeadline).toMatchObject({ dueDate: '2021-09-30', paidOn: '2021-08-01', paidLate: false, overdue: false });
    const period = (await t.http.get(`/grants/${grant.id}/periods`).set(lead.auth).expect(200)).body[0];
    expect(period).toMatchObject({ status: 'APPROVED', costStatement: { id: statementId, status: 'APPROVED', acceptedEligible: 5_275_813, subsidyNet: 3_513_691 } });

    const mine = await t.http.get('/me/notifications').set(lead.auth).expect(200);
    expect(mine.body.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['COST_STATEMENT_RETURNED', 'COST_STATEMENT_APPROVED', 'PAYMENT_PAID']));
    const actions = await t.db.query(`SELECT DISTINCT action FROM audit_log WHERE action LIKE 'cost_%' OR action LIKE 'payment.%' OR action LIKE 'progress_report.%' OR action = 'document.uploaded'`);
    expect(actions.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining([
        'progress_report.created',
        'progress_report.submitted',
        'cost_statement.created',
        'cost_statement.submitted',
        'cost_statement.returned',
        'cost_statement.resubmitted',
        'cost_line.reviewed',
        'cost_line.question_asked',
        'cost_statement.approved',
        'payment.planned',
        'payment.paid',
        'document.uploaded',
      ]),
    );

    // Nothing about the grant is deleted before its retention date.
    await expect(t.db.query(`DELETE FROM cost_statements WHERE id = $1`, [statementId])).rejects.toThrow(/kept until/);
    await expect(t.db.query(`DELETE FROM reporting_periods WHERE grant_id = $1`, [grant.id])).rejects.toThrow(/kept until/);
    await expect(t.db.query(`DELETE FROM supporting_documents WHERE id = $1`, [pdf.body.id])).rejects.toThrow(/kept until/);
    await expect(t.db.query(`DELETE FROM cost_statement_lines WHERE statement_id = $1`, [statementId])).rejects.toThrow(/kept/);
    await expect(t.db.query(`DELETE FROM payments WHERE id = $1`, [paymentId])).rejects.toThrow(/never deleted/);
    await expect(t.owner.query(`TRUNCATE cost_statements CASCADE`)).rejects.toThrow(/never truncated/);
  });

  it('refuses a statement that breaks the rules, listing every reason', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    t.clock.set('2021-10-20T08:00:00Z');
    const lines = [
      { partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', description: 'Vorige periode', reference: 'F1', paymentDate: '2021-06-30', amount: 1000 },
      { partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', description: 'Voor de start', reference: 'F2', paymentDate: '2021-02-15', amount: 1000 },
      { partner: lead.enterpriseNumber, kind: 'REAL', category: 'TRAVEL', description: 'Reiskosten', reference: 'F3', paymentDate: '2021-08-01', amount: 1000 },
      { partner: lead.enterpriseNumber, kind: 'REAL', category: 'STAFF', description: 'Loon als factuur', reference: 'F4', paymentDate: '2021-08-01', amount: 1000 },
      { partner: '0417.497.106', kind: 'REAL', category: 'OPERATING', description: 'Geen partner', reference: 'F5', paymentDate: '2021-08-01', amount: 1000 },
      { partner: lead.enterpriseNumber, kind: 'STAFF', category: 'STAFF', description: 'Te veel uren', reference: 'L1', paymentDate: '2021-09-30', person: 'Onderzoeker', hours: 1000, annualGrossCost: 6_000_000 },
      { partner: lead.enterpriseNumber, kind: 'STAFF', category: 'STAFF', description: 'Te veel uren', reference: 'L2', paymentDate: '2021-10-15', person: 'onderzoeker ', hours: 800, annualGrossCost: 6_000_000 },
    ];
    const draft = await t.http.put(`/grants/${grant.id}/periods/2/cost-statement`).set(lead.auth).send({ lines }).expect(200);
    // A line in a category the call does not have is in no total.
    expect(draft.body.totals.declaredDirect).toBe(1000 + 1000 + 1000 + Math.floor((6_000_000 * 1000) / 1720) + Math.floor((6_000_000 * 800) / 1720));
    const refused = await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).expect(422);
    expect(refused.body.code).toBe('STATEMENT_SUBMISSION_REFUSED');
    expect(refused.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'period:PERIOD_NOT_ENDED',
      'progressReport:PROGRESS_REPORT_MISSING',
      'lines[0].paymentDate:COST_OUTSIDE_PERIOD',
      'lines[1].paymentDate:COST_OUTSIDE_GRANT',
      'lines[2].category:CATEGORY_NOT_ALLOWED',
      'lines[3].category:CATEGORY_NOT_ALLOWED',
      'lines[4].partner:UNKNOWN_PARTNER',
      'lines[6].hours:HOURS_ABOVE_LIMIT',
    ]);
    const [{ status }] = await t.db.query(`SELECT status FROM cost_statements WHERE id = $1`, [draft.body.id]);
    expect(status).toBe('DRAFT');

    // The final report has no cost statement; an unknown period does not exist.
    expect((await t.http.put(`/grants/${grant.id}/periods/7/cost-statement`).set(lead.auth).send({ lines: [] }).expect(409)).body.code).toBe('FINAL_HAS_NO_STATEMENT');
    await t.http.put(`/grants/${grant.id}/periods/8/cost-statement`).set(lead.auth).send({ lines: [] }).expect(404);
    const badIndicators = await t.http.put(`/grants/${grant.id}/periods/2/progress-report`).set(lead.auth).send({ narrative: 'x', indicators: { BEAUTY: 1 } }).expect(400);
    expect(badIndicators.body.errors[0]).toMatchObject({ field: 'indicators.BEAUTY', code: 'UNKNOWN_INDICATOR' });
    const put = await t.http.put(`/grants/${grant.id}/periods/2/progress-report`).set(lead.auth).send({ narrative: 'kort', indicators: { COMPANIES_SERVED: 3 } }).expect(200);
    expect(put.body.indicators).toEqual([
      { code: 'COMPANIES_SERVED', label: 'Bediende bedrijven', value: 3 },
      { code: 'TESTS_CARRIED_OUT', label: 'Uitgevoerde tests', value: null },
    ]);
    const incomplete = await t.http.post(`/progress-reports/${put.body.id}/submit`).set(lead.auth).expect(422);
    expect(incomplete.body.errors.map((e: { code: string }) => e.code)).toEqual(['PERIOD_NOT_ENDED', 'NARRATIVE_REQUIRED', 'INDICATOR_MISSING']);
  });

  it('never overpays when two statements of one grant are approved at the same time', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    t.clock.set('2021-11-05T08:00:00Z');
    const ids: string[] = [];
    for (const [number, paymentDate] of [
      [1, '2021-05-10'],
      [2, '2021-09-10'],
    ] as const) {
      await fileReport(grant.id, lead, number);
      // € 700.000 eligible earns € 466.200; two of them pass grant − retention (€ 799.200).
      const line = { partner: lead.enterpriseNumber, kind: 'REAL', category: 'INVESTMENTS', description: 'Testinfrastructuur', reference: `F-${number}`, paymentDate, amount: 70_000_000 };
      const draft = await t.http.put(`/grants/${grant.id}/periods/${number}/cost-statement`).set(lead.auth).send({ lines: [line] }).expect(200);
      await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).expect(200);
      await t.http.put(`/cost-statements/${draft.body.id}/lines/${draft.body.lines[0].id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
      ids.push(draft.body.id);
    }
    const approvals = await Promise.all(ids.map((id) => t.http.post(`/cost-statements/${id}/approve`).set(finance.auth)));
    expect(approvals.map((r) => r.status)).toEqual([200, 200]);
    const subsidies = approvals.map((r) => r.body.subsidy as { gross: number; net: number; capped: number });
    expect(subsidies.map((s) => s.gross)).toEqual([46_620_000, 46_620_000]);
    expect(subsidies.map((s) => s.net).sort((a, b) => a - b)).toEqual([33_300_000, 46_620_000]);
    expect(subsidies.map((s) => s.capped).sort((a, b) => a - b)).toEqual([0, 13_320_000]);
    const [{ total }] = await t.db.query(`SELECT sum(amount_cents)::bigint AS total FROM payments WHERE grant_id = $1 AND status <> 'CANCELLED'`, [grant.id]);
    expect(Number(total)).toBe(79_920_000);
    // The database is the backstop: payments beyond the grant are refused whatever the code does.
    await expect(
      t.db.query(`INSERT INTO payments (grant_id, kind, status, amount_cents, planned_on, created_by) VALUES ($1, 'ADVANCE', 'PLANNED', 20000001, '2021-11-05', $2)`, [grant.id, finance.userId]),
    ).rejects.toThrow(/exceed the grant/);

    // The final report, after the end of the grant, releases the retention: the balance pays what
    // was earned beyond the payments.
    const finalReport = await t.http.put(`/grants/${grant.id}/periods/7/progress-report`).set(lead.auth).send(report).expect(200);
    const tooEarly = await t.http.post(`/progress-reports/${finalReport.body.id}/submit`).set(lead.auth).expect(422);
    expect(tooEarly.body.errors.map((e: { code: string }) => e.code)).toEqual(['PERIOD_NOT_ENDED']);
    const early = await t.http.post(`/grants/${grant.id}/payments/balance`).set(finance.auth).expect(409);
    expect(early.body.errors.map((e: { code: string }) => e.code)).toEqual(['FINAL_REPORT_NOT_ACCEPTED']);
    t.clock.set('2023-03-06T08:00:00Z');
    await t.http.post(`/progress-reports/${finalReport.body.id}/submit`).set(lead.auth).expect(200);
    await t.http.post(`/progress-reports/${finalReport.body.id}/accept`).set(finance.auth).send({ comment: 'ok' }).expect(403);
    await t.http.post(`/progress-reports/${finalReport.body.id}/accept`).set(pm.auth).send({ comment: 'Eindverslag volledig' }).expect(200);
    const balance = await t.http.post(`/grants/${grant.id}/payments/balance`).set(finance.auth).expect(201);
    // Due 80 days after the final claim was complete.
    expect(balance.body).toMatchObject({ kind: 'BALANCE', status: 'PLANNED', amount: 93_240_000 - 79_920_000, dueDate: '2023-05-25' });
    await t.http.post(`/grants/${grant.id}/payments/balance`).set(finance.auth).expect(409);
    const ledger = (await t.http.get(`/grants/${grant.id}/payments`).set(finance.auth).expect(200)).body.ledger;
    expect(ledger).toMatchObject({ commitment: 99_900_000, earned: 93_240_000, planned: 93_240_000, open: 6_660_000, retained: 0, finalReportApproved: true, addsUp: true });

    await t.http.post(`/grants/${grant.id}/close`).set(finance.auth).expect(409);
    t.clock.set('2023-03-10T08:00:00Z');
    await verifiedBankAccount(t, lead, finance, grant.id);
    const all = (await t.http.get(`/grants/${grant.id}/payments`).set(finance.auth).expect(200)).body.items as { id: string }[];
    for (const p of all) await t.http.post(`/payments/${p.id}/paid`).set(finance.auth).send({ paidOn: '2023-03-09', reference: `OV-${p.id.slice(0, 4)}` }).expect(200);
    const closed = await t.http.post(`/grants/${grant.id}/close`).set(finance.auth).expect(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', ledger: { paid: 93_240_000, open: 6_660_000, addsUp: true }, recordsRetainedUntil: '2028-12-31' });
    await t.http.put(`/grants/${grant.id}/periods/3/progress-report`).set(lead.auth).send(report).expect(409);
  });

  it('clears an advance against later claims', async () => {
    const { grant, lead, callId } = await awardedGrant(t, pm);
    await t.http.post(`/grants/${grant.id}/payments/advance`).set(finance.auth).expect(409); // the labs call has no advance
    // Stands in for a call published with a 30 % advance (published rules are frozen by a trigger,
    // which this one statement skips): nothing before the grant depends on the advance rate.
    await t.owner.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE calls SET rules = jsonb_set(rules, '{advanceRate}', '{"numerator": 3, "denominator": 10}') WHERE id = $1`, [callId]);
    });
    t.clock.set('2021-02-15T08:00:00Z');
    const advance = await t.http.post(`/grants/${grant.id}/payments/advance`).set(finance.auth).expect(201);
    expect(advance.body).toMatchObject({ kind: 'ADVANCE', status: 'PLANNED', amount: 29_970_000, dueDate: '2021-03-01' });
    expect((await t.http.post(`/grants/${grant.id}/payments/advance`).set(finance.auth).expect(409)).body.code).toBe('ADVANCE_ALREADY_PLANNED');
    t.clock.set('2021-03-02T08:00:00Z');
    await verifiedBankAccount(t, lead, finance, grant.id);
    await t.http.post(`/payments/${advance.body.id}/paid`).set(finance.auth).send({ paidOn: '2021-03-01', reference: 'OV-VOORSCHOT' }).expect(200);

    t.clock.set('2021-07-05T08:00:00Z');
    await fileReport(grant.id, lead, 1);
    // € 300.000 eligible earns € 199.800: all of it clears the advance, nothing is paid.
    const line = { partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', description: 'Werking', reference: 'F-1', paymentDate: '2021-05-10', amount: 30_000_000 };
    const draft = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: [line] }).expect(200);
    await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).expect(200);
    await t.http.put(`/cost-statements/${draft.body.id}/lines/${draft.body.lines[0].id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    const approved = await t.http.post(`/cost-statements/${draft.body.id}/approve`).set(finance.auth).expect(200);
    expect(approved.body.subsidy).toEqual({ gross: 19_980_000, advanceCleared: 19_980_000, capped: 0, net: 0 });
    const payments = await t.http.get(`/grants/${grant.id}/payments`).set(lead.auth).expect(200);
    expect(payments.body.items).toHaveLength(1);
    expect(payments.body.ledger).toMatchObject({ advance: 29_970_000, advanceOutstanding: 9_990_000, paid: 29_970_000, earned: 19_980_000, addsUp: true });
    expect(payments.body.recordsRetainedUntil).toBe('2026-12-31');
  });

  it('shows a grant to its consortium only, and keeps finance routes from applicants and evaluators', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    const other = await awardedGrant(t, pm);
    const stranger = await applicant(t);
    const partner = await applicant(t, { enterpriseNumber: PARTNER, type: OrganisationType.BUSINESS_NETWORK, name: NETWORK_PARTNER.name });
    const evaluator = await staff(t, Role.EVALUATOR);

    // Missing and invisible answer alike.
    for (const session of [stranger, other.lead]) {
      await t.http.get(`/grants/${grant.id}`).set(session.auth).expect(404);
      await t.http.get(`/grants/${grant.id}/periods`).set(session.auth).expect(404);
      await t.http.get(`/grants/${grant.id}/payments`).set(session.auth).expect(404);
      await t.http.put(`/grants/${grant.id}/periods/1/progress-report`).set(session.auth).send(report).expect(404);
    }
    await t.http.get(`/grants/00000000-0000-4000-8000-000000000000`).set(finance.auth).expect(404);
    expect((await t.http.get('/grants').set(stranger.auth).expect(200)).body.items).toEqual([]);
    expect((await t.http.get('/grants').set(other.lead.auth).expect(200)).body.items.map((g: { id: string }) => g.id)).toEqual([other.grant.id]);

    // A partner of the approved consortium reads, but only the beneficiary files.
    await t.http.get(`/grants/${grant.id}`).set(partner.auth).expect(200);
    const notLead = await t.http.put(`/grants/${grant.id}/periods/1/progress-report`).set(partner.auth).send(report).expect(403);
    expect(notLead.body.code).toBe('NOT_BENEFICIARY');

    t.clock.set('2021-07-05T08:00:00Z');
    await fileReport(grant.id, lead, 1);
    const draft = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: periodOneLines(lead.enterpriseNumber) }).expect(200);
    await t.http.get(`/cost-statements/${draft.body.id}`).set(other.lead.auth).expect(404);
    await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(other.lead.auth).expect(404);
    await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(partner.auth).expect(403);
    await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).expect(200);
    const lineId = draft.body.lines[0].id as string;

    // Evaluators see no grant at all; finance routes refuse applicants, evaluators and programme managers.
    await t.http.get('/grants').set(evaluator.auth).expect(403);
    await t.http.get(`/grants/${grant.id}`).set(evaluator.auth).expect(403);
    const financeOnly: [string, string, object][] = [
      ['put', `/cost-statements/${draft.body.id}/lines/${lineId}/review`, { decision: 'ACCEPTED' }],
      ['post', `/cost-statements/${draft.body.id}/lines/${lineId}/question`, { question: 'Waarom?' }],
      ['post', `/cost-statements/${draft.body.id}/return`, { reason: 'x' }],
      ['post', `/cost-statements/${draft.body.id}/approve`, {}],
      ['post', `/grants/${grant.id}/payments/advance`, {}],
      ['post', `/grants/${grant.id}/payments/balance`, {}],
      ['post', `/grants/${grant.id}/close`, {}],
      ['post', `/payments/00000000-0000-4000-8000-000000000000/paid`, { paidOn: '2021-07-05', reference: 'x' }],
      ['post', `/payments/00000000-0000-4000-8000-000000000000/cancel`, { reason: 'x' }],
    ];
    for (const session of [lead, partner, evaluator, pm]) {
      for (const [method, url, body] of financeOnly) {
        const res = await (method === 'put' ? t.http.put(url) : t.http.post(url)).set(session.auth).send(body);
        expect([url, res.status]).toEqual([url, 403]);
      }
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM cost_statement_lines WHERE statement_id = $1 AND decision IS NOT NULL`, [draft.body.id]);
    expect(n).toBe(0);
  });
});
