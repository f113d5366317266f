import ExcelJS from 'exceljs';
import { Role } from '../src/core/domain/roles';
import { applicant, awardedGrant, labsBudget, labsCall, labsProposal, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const report = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };
function binary(res: { on(event: string, cb: (chunk?: Buffer) => void): void }, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** VAT (CPR art. 64(1)(c)) on budgets and claimed cost lines, by one rule, shown apart. */
describe('VAT on budgets and claims', () => {
  let t: TestApp;
  let pm: Session;
  let finance: Session;

  beforeAll(async () => {
    t = await createTestApp({ now: '2020-08-01T08:00:00Z' });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
  });
  afterAll(() => t.close());

  it('excludes the VAT of an operation of € 5.000.000 or more with a warning, and lets it be submitted', async () => {
    const callId = (await labsCall(t, pm)).id;
    const lead = await applicant(t);
    const { id, version } = await labsProposal(t, lead, callId);
    // € 1.500.000 eligible + an investment of € 4.235.000 with € 735.000 VAT: € 5.735.000 including VAT.
    const lines = [
      ...labsBudget(lead.enterpriseNumber),
      { partner: lead.enterpriseNumber, kind: 'REAL', category: 'INVESTMENTS', year: 2022, description: 'Testhal', amount: 423_500_000, vatIncluded: true, vatAmount: 73_500_000 },
    ];
    const put = await t.http.put(`/applications/${id}/budget`).set(lead.auth).send({ version, lines }).expect(200);
    expect(put.body.lines.at(-1)).toMatchObject({ vatAmount: 73_500_000, vatRecoverable: false, eligibleVat: 0, vatExcluded: 73_500_000, directCost: 350_000_000 });
    const summary = await t.http.get(`/applications/${id}/budget-summary`).set(lead.auth).expect(200);
    expect(summary.body).toMatchObject({ vatEligible: false, submittable: true, totals: { declaredVat: 73_500_000, eligibleVat: 0, vatExcluded: 73_500_000 } });
    const vat = summary.body.findings.filter((f: { code: string }) => f.code === 'VAT_NOT_ELIGIBLE');
    expect(vat).toEqual([expect.objectContaining({ severity: 'warning', field: `lines[${lines.length - 1}].vatAmount` })]);
    await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', 'vat-submit-0001').expect(200);
    const receipt = await t.http.get(`/applications/${id}/receipt.pdf`).set(lead.auth).buffer(true).parse(binary).expect(200);
    expect((receipt.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('takes VAT on claimed lines: recoverable VAT excluded, a reduced line in proportion, shown in the PDF and the export', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    t.clock.set('2021-07-05T08:00:00Z');
    const put = await t.http.put(`/grants/${grant.id}/periods/1/progress-report`).set(lead.auth).send(report).expect(200);
    await t.http.post(`/progress-reports/${put.body.id}/submit`).set(lead.auth).expect(200);
    const base = { partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', paymentDate: '2021-05-10' };
    const tooMuch = await t.http
      .put(`/grants/${grant.id}/periods/1/cost-statement`)
      .set(lead.auth)
      .send({ lines: [{ ...base, description: 'Sensoren', reference: 'F-1', amount: 1_000, vatAmount: 1_001 }] })
      .expect(400);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ field: 'lines[0].vatAmount' })]);
    // € 12.100 with € 2.100 recoverable VAT, and € 6.050 with € 1.050 VAT that is not: the labs
    // operation (€ 1.500.000) is below € 5.000.000, so only the recoverable VAT is excluded.
    const draft = await t.http
      .put(`/grants/${grant.id}/periods/1/cost-statement`)
      .set(lead.auth)
      .send({
        lines: [
          { ...base, description: 'Sensoren', reference: 'F-1', amount: 1_210_000, vatAmount: 210_000, vatRecoverable: true },
          { ...base, description: 'Workshop', reference: 'F-2', amount: 605_000, vatAmount: 105_000 },
        ],
      })
      .expect(200);
    expect(draft.body.lines.map((l: { eligibleAmount: number; eligibleVat: number; vatExcluded: number; vatExclusion: string | null }) => [l.eligibleAmount, l.eligibleVat, l.vatExcluded, l.vatExclusion])).toEqual([
      [1_000_000, 0, 210_000, 'RECOVERABLE'],
      [605_000, 105_000, 0, null],
    ]);
    expect(draft.body.totals).toMatchObject({ declaredDirect: 1_605_000, declaredEligible: 1_605_000, declaredVat: 315_000, eligibleVat: 105_000, vatExcluded: 210_000 });
    await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).expect(200);
    // Reduced to € 6.050 of € 12.100: ⌊1.000.000 × 605.000 ÷ 1.210.000⌋ = 500.000 eligible.
    const reduced = await t.http
      .put(`/cost-statements/${draft.body.id}/lines/${draft.body.lines[0].id}/review`)
      .set(finance.auth)
      .send({ decision: 'REDUCED', acceptedAmount: 605_000, reason: 'Helft buiten het project' })
      .expect(200);
    expect(reduced.body.lines[0].review).toMatchObject({ acceptedAmount: 605_000, acceptedEligible: 500_000 });
    await t.http.put(`/cost-statements/${draft.body.id}/lines/${draft.body.lines[1].id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    const approved = await t.http.post(`/cost-statements/${draft.body.id}/approve`).set(finance.auth).expect(200);
    expect(approved.body.totals).toMatchObject({ acceptedDirect: 1_105_000, acceptedEligible: 1_105_000 });
    // ⌊1.105.000 × 333/500⌋ = 735.930.
    expect(approved.body.subsidy.gross).toBe(735_930);

    const pdf = await t.http.get(`/grants/${grant.id}/periods/1/cost-statement.pdf`).set(finance.auth).buffer(true).parse(binary).expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const xlsx = await t.http.get(`/exports/cost-lines?format=xlsx`).set(finance.auth).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(col('Referentie')).value && String(row.getCell(col('Dossiernummer')).value) === grant.grantNumber) {
        rows.push(['Btw', 'Btw terugvorderbaar', 'Subsidiabele btw', 'Uitgesloten btw'].map((h) => row.getCell(col(h)).value));
      }
    });
    expect(rows).toEqual([
      [2_100, 'ja', 0, 2_100],
      [1_050, 'nee', 1_050, 0],
    ]);
  });
});
