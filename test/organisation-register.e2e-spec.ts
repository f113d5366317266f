import { OrganisationType } from '../src/core/domain/organisation-type';
import { Role } from '../src/core/domain/roles';
import { applicant, enterpriseNumber, labsBudget, labsCall, Session, staff, verifyRegisteredTypes } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const PDF = Buffer.from('%PDF-1.4\n% statuten vzw\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describe('organisation types are facts of the register, not claims of a proposal', () => {
  let t: TestApp;
  let pm: Session;
  let callId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: '2020-08-01T08:00:00Z' });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    callId = (await labsCall(t, pm)).id;
  });
  afterAll(() => t.close());

  type Partner = { enterpriseNumber: string; name: string; organisationType?: string; role: string };

  async function draftWith(lead: Session & { enterpriseNumber: string }, partners: (lead: string) => Partner[], acronym = 'ATT') {
    const created = await t.http.post(`/calls/${callId}/applications`).set(lead.auth).send({ title: 'Lab', acronym, summary: 'Een lab', province: 'BE24', startDate: '2021-03-01' }).expect(201);
    const id = created.body.id as string;
    const put = await t.http.put(`/applications/${id}/partners`).set(lead.auth).send({ version: created.body.version, partners: partners(lead.enterpriseNumber) }).expect(200);
    const partnerNumber = (put.body.partners as { enterpriseNumber: string; role: string }[]).find((p) => p.role === 'PARTNER')!.enterpriseNumber;
    const budget = await t.http.put(`/applications/${id}/budget`).set(lead.auth).send({ version: put.body.version, lines: labsBudget(lead.enterpriseNumber, partnerNumber) }).expect(200);
    return { id, put: put.body as { partners: { enterpriseNumber: string; organisationType: string; typeVerification: string }[] }, version: budget.body.version as number };
  }

  const summaryOf = async (id: string, who: Session) => (await t.http.get(`/applications/${id}/budget-summary`).set(who.auth).expect(200)).body as { submittable: boolean; findings: { code: string; severity: string; message: string; field?: string }[] };

  it('a company that calls itself a business network keeps its registered type, and the claim meets no consortium rule', async () => {
    const company = await applicant(t, { name: 'Bedrijf NV', type: OrganisationType.COMPANY });
    const institution = { enterpriseNumber: enterpriseNumber(), name: 'Hogeschool Verified', organisationType: 'KNOWLEDGE_INSTITUTION', role: 'PARTNER' };
    // The institution's type is in the register and verified; the company's COMPANY type too.
    const first = await draftWith(company, (lead) => [{ enterpriseNumber: lead, name: 'Bedrijf NV', organisationType: 'BUSINESS_NETWORK', role: 'LEAD' }, institution]);
    await verifyRegisteredTypes(t, [company.enterpriseNumber, institution.enterpriseNumber]);
    expect(first.put.partners[0]).toMatchObject({ enterpriseNumber: company.enterpriseNumber, organisationType: 'COMPANY' });
    const [{ organisation_type }] = await t.db.query(`SELECT organisation_type FROM application_partners WHERE application_id = $1 AND role = 'LEAD'`, [first.id]);
    expect(organisation_type).toBe('COMPANY');

    const summary = await summaryOf(first.id, company);
    expect(summary.submittable).toBe(false);
    expect(summary.findings).toContainEqual(expect.objectContaining({ code: 'MISSING_ORGANISATION_TYPE', severity: 'error', message: 'The consortium needs at least one partner of verified type BUSINESS_NETWORK' }));
    const refused = await t.http.post(`/applications/${first.id}/submit`).set(company.auth).set('Idempotency-Key', `attack-${first.id}`).expect(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ code: 'MISSING_ORGANISATION_TYPE' }));
    const [{ status }] = await t.db.query(`SELECT status FROM applications WHERE id = $1`, [first.id]);
    expect(status).toBe('DRAFT');
  });

  it('an external partner enters the register with its claimed type, pending: named in the findings until the secretariat verifies it on its document', async () => {
    const lead = await applicant(t, { type: OrganisationType.KNOWLEDGE_INSTITUTION });
    await verifyRegisteredTypes(t, [lead.enterpriseNumber]);
    const network = { enterpriseNumber: enterpriseNumber(), name: 'Netwerk In Oprichting vzw', organisationType: 'BUSINESS_NETWORK', role: 'PARTNER' };
    const { id, put } = await draftWith(lead, (n) => [{ enterpriseNumber: n, name: 'Hogeschool', role: 'LEAD' }, network], 'EXT');
    expect(put.partners[1]).toMatchObject({ organisationType: 'BUSINESS_NETWORK', typeVerification: 'PENDING' });

    const pending = await summaryOf(id, lead);
    expect(pending.submittable).toBe(false);
    expect(pending.findings).toContainEqual({
      code: 'UNVERIFIED_ORGANISATION_TYPE',
      severity: 'warning',
      field: 'partners[1].organisationType',
      message: 'Netwerk In Oprichting vzw: the organisation type BUSINESS_NETWORK is not verified by the programme secretariat yet, so it does not count for the consortium',
    });
    await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `ext-${id}`).expect(422);

    // No document, no verification; and only the secretariat verifies.
    const noDocument = await t.http.post(`/organisation-register/${network.enterpriseNumber}/verify`).set(pm.auth).send({}).expect(422);
    expect(noDocument.body.code).toBe('TYPE_DOCUMENT_MISSING');
    await t.http.post(`/organisation-register/${network.enterpriseNumber}/verify`).set(lead.auth).send({}).expect(403);

    const claimed = await t.http.post(`/applications/${id}/partners/${network.enterpriseNumber}/type-claim`).set(lead.auth).attach('file', PDF, { filename: 'statuten.pdf', contentType: 'application/pdf' }).expect(200);
    expect(claimed.body).toMatchObject({ type: 'BUSINESS_NETWORK', verificationStatus: 'PENDING', document: { fileName: 'statuten.pdf', contentType: 'application/pdf' } });

    const queue = await t.http.get('/organisation-register').query({ status: 'PENDING', pageSize: 200 }).set(pm.auth).expect(200);
    expect((queue.body.items as { enterpriseNumber: string }[]).map((e) => e.enterpriseNumber)).toContain(network.enterpriseNumber);
    const download = await t.http.get(`/organisation-register/${network.enterpriseNumber}/document`).set(pm.auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);

    const verified = await t.http.post(`/organisation-register/${network.enterpriseNumber}/verify`).set(pm.auth).send({ reason: 'Statuten: sectorfederatie', version: claimed.body.version }).expect(200);
    expect(verified.body).toMatchObject({ verificationStatus: 'VERIFIED', decisionReason: 'Statuten: sectorfederatie' });
    const counted = await summaryOf(id, lead);
    expect(counted.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(counted.submittable).toBe(true);
    // Verified once is final until someone claims another type.
    await t.http.post(`/organisation-register/${network.enterpriseNumber}/verify`).set(pm.auth).send({}).expect(409);
    const audit = (await t.db.query(`SELECT action FROM audit_log WHERE entity_type = 'organisation_register' AND entity_id = $1 ORDER BY id`, [network.enterpriseNumber])) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['organisation_type.claimed', 'organisation_type.claimed', 'organisation_type.document_downloaded', 'organisation_type.verified']);
    await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `ext2-${id}`).expect(200);
  });

  it('a claim to change a verified type waits again; a rejected claim does not count', async () => {
    const company = await applicant(t, { name: 'Bedrijf Twee NV', type: OrganisationType.COMPANY });
    const institution = { enterpriseNumber: enterpriseNumber(), name: 'Universiteit', organisationType: 'KNOWLEDGE_INSTITUTION', role: 'PARTNER' };
    const { id } = await draftWith(company, (n) => [{ enterpriseNumber: n, name: 'Bedrijf Twee NV', role: 'LEAD' }, institution], 'CHG');
    await verifyRegisteredTypes(t, [company.enterpriseNumber, institution.enterpriseNumber]);
    // The same type, verified already: nothing to claim.
    await t.http.post(`/applications/${id}/partners/${company.enterpriseNumber}/type-claim`).set(company.auth).field('type', 'COMPANY').attach('file', PDF, { filename: 'kbo.pdf', contentType: 'application/pdf' }).expect(409);
    const claim = await t.http.post(`/applications/${id}/partners/${company.enterpriseNumber}/type-claim`).set(company.auth).field('type', 'BUSINESS_NETWORK').attach('file', PDF, { filename: 'kbo.pdf', contentType: 'application/pdf' }).expect(200);
    expect(claim.body).toMatchObject({ type: 'BUSINESS_NETWORK', verificationStatus: 'PENDING' });
    const waiting = await t.http.get(`/applications/${id}`).set(company.auth).expect(200);
    expect(waiting.body.partners[0]).toMatchObject({ organisationType: 'BUSINESS_NETWORK', typeVerification: 'PENDING', typeDocument: true });
    const listed = await t.http.get('/applications').query({ callId, pageSize: 200 }).set(company.auth).expect(200);
    const inList = (listed.body.items as { id: string; partners: unknown[] }[]).find((a) => a.id === id)!;
    expect(inList.partners).toEqual([
      expect.objectContaining({ enterpriseNumber: company.enterpriseNumber, organisationType: 'BUSINESS_NETWORK', typeVerification: 'PENDING', typeDocument: true }),
      expect.objectContaining({ enterpriseNumber: institution.enterpriseNumber, organisationType: 'KNOWLEDGE_INSTITUTION', typeVerification: 'VERIFIED', typeDocument: false }),
    ]);
    expect((await summaryOf(id, company)).submittable).toBe(false);

    await t.http.post(`/organisation-register/${company.enterpriseNumber}/reject`).set(pm.auth).send({}).expect(400);
    const rejected = await t.http.post(`/organisation-register/${company.enterpriseNumber}/reject`).set(pm.auth).send({ reason: 'Een handelsvennootschap, geen sectorfederatie' }).expect(200);
    expect(rejected.body.verificationStatus).toBe('REJECTED');
    // The applicant reads why.
    const seen = await t.http.get(`/applications/${id}`).set(company.auth).expect(200);
    expect(seen.body.partners[0]).toMatchObject({ typeVerification: 'REJECTED', typeDecisionReason: 'Een handelsvennootschap, geen sectorfederatie' });
    const summary = await summaryOf(id, company);
    expect(summary.submittable).toBe(false);
    expect(summary.findings).toContainEqual(expect.objectContaining({ code: 'UNVERIFIED_ORGANISATION_TYPE', message: expect.stringContaining('Bedrijf Twee NV: the organisation type BUSINESS_NETWORK was rejected') }));
    // Admissibility reads the same summary: staff see the unverified type too.
    expect((await summaryOf(id, pm)).findings).toContainEqual(expect.objectContaining({ code: 'UNVERIFIED_ORGANISATION_TYPE' }));
  });

  it('asks the type of an organisation the register does not know, naming the field', async () => {
    const lead = await applicant(t);
    const created = await t.http.post(`/calls/${callId}/applications`).set(lead.auth).send({ title: 'Lab', acronym: 'UNK', province: 'BE24' }).expect(201);
    const res = await t.http
      .put(`/applications/${created.body.id}/partners`)
      .set(lead.auth)
      .send({ version: created.body.version, partners: [{ enterpriseNumber: lead.enterpriseNumber, name: 'Lead', role: 'LEAD' }, { enterpriseNumber: enterpriseNumber(), name: 'Onbekend', role: 'PARTNER' }] })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'partners[1].organisationType', code: 'REQUIRED' })]);
  });
});
