import { DataSource } from 'typeorm';
import { systemActor } from '../../src/core/domain/actor';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { OrganisationType } from '../../src/core/domain/organisation-type';
import { Province } from '../../src/core/domain/provinces';
import { Role } from '../../src/core/domain/roles';
import { applicant, enterpriseNumber, labsCall, labsProposal, login, NETWORK_PARTNER, PASSWORD, Session, staff } from './fixtures';
import { TestApp } from './test-app';

/** Everyone the authorisation matrix sends requests as. */
export const ACTORS = [
  'anonymous',
  'applicantOwn',
  'applicantPartner',
  'applicantOther',
  'evaluatorUnassigned',
  'evaluatorAssigned',
  'evaluatorDeclared',
  'finance',
  'pm',
  'admin',
  'auditor',
] as const;
export type ActorName = (typeof ACTORS)[number];

/** The roles each actor holds (none for anonymous): what the route declarations are checked against. */
export const ACTOR_ROLES: Record<ActorName, Role[]> = {
  anonymous: [],
  applicantOwn: [Role.APPLICANT],
  applicantPartner: [Role.APPLICANT],
  applicantOther: [Role.APPLICANT],
  evaluatorUnassigned: [Role.EVALUATOR],
  evaluatorAssigned: [Role.EVALUATOR],
  evaluatorDeclared: [Role.EVALUATOR],
  finance: [Role.FINANCE_OFFICER],
  pm: [Role.PROGRAMME_MANAGER],
  admin: [Role.ADMIN],
  auditor: [Role.AUDITOR],
};

/**
 * One realistic world, owned by one organisation ("own"): its proposal on a published,
 * evaluated and decided call, with a partner organisation in the consortium; the grant from
 * the decision with period 1 reported, approved, a payment planned and the claim corrected
 * afterwards (a recovery withheld from that payment), period 2 reported and
 * submitted with a supporting document; issued PDFs and notifications. Another organisation
 * has its own proposal and grant on the same call, so lists are not trivially empty.
 */
export interface World {
  sessions: Record<Exclude<ActorName, 'anonymous'>, Session>;
  emails: Record<Exclude<ActorName, 'anonymous'>, string>;
  ownEnterpriseNumber: string;
  /** An organisation register entry whose claimed type has its supporting document, pending. */
  registerEntry: string;
  call: { id: string; code: string };
  draftCall: { id: string };
  application: { id: string; version: number; title: string; acronym: string };
  otherApplication: { id: string };
  /** Each evaluator's own assignment on the proposal. */
  assignments: { assigned: string; declared: string };
  awardProposalId: string;
  /** Asked during admissibility, never answered (its deadline has long passed). */
  clarification: { id: string };
  grant: { id: string; grantNumber: string };
  otherGrant: { id: string };
  /** Period 2: report and statement submitted, a document on the statement. */
  report: { id: string };
  statement: { id: string; lineId: string };
  document: { id: string };
  payment: { id: string };
  /** Period 1's approved statement, corrected afterwards: its recovery is withheld from the planned payment. */
  approvedStatement: { id: string };
  recovery: { id: string };
  /** The beneficiary's bank account, registered with its certificate and waiting for finance. */
  bankAccount: { id: string };
  /** Data hash of the issued receipt of the proposal. */
  receiptHash: string;
  notification: { id: string };
  /** A further member of the owning organisation, added by the administrator; none of the actors. */
  spareUser: { id: string };
}

const REPORT = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };
export const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const SCORES = [
  { criterion: 'STRATEGIC', score: 4, comment: 'Sterk strategisch' },
  { criterion: 'OPERATIONAL', score: 4, comment: 'Goed uitgewerkt' },
  { criterion: 'BUDGET', score: 4, comment: 'Realistisch budget' },
];

export function costLine(lead: string, reference: string, paymentDate: string) {
  return { partner: lead, kind: 'REAL', category: 'INVESTMENTS', description: 'Testinfrastructuur', reference, paymentDate, amount: 2_000_000 };
}

async function proposal(t: TestApp, lead: Session & { enterpriseNumber: string }, callId: string, province: string, title: string, acronym: string) {
  const draft = await labsProposal(t, lead, callId, province, { title, acronym });
  await t.http.post(`/applications/${draft.id}/submit`).set(lead.auth).set('Idempotency-Key', `world-${draft.id}`).expect(200);
  return draft;
}

/** An external organisation claimed as a business network, with its statutes: the secretariat's queue. */
async function pendingRegisterEntry(t: TestApp, pm: Session): Promise<string> {
  const number = enterpriseNumber();
  const register = t.app.get(OrganisationsService);
  const actor = { ...systemActor('world'), userId: pm.userId, roles: [Role.PROGRAMME_MANAGER] };
  await t.app.get(DataSource).transaction((m) => register.enter(m, [{ enterpriseNumber: number, name: 'Netwerk in de wachtrij', type: OrganisationType.BUSINESS_NETWORK }], actor));
  const content = (async function* () {
    yield PDF_BYTES;
  })();
  await register.claimWithDocument(number, undefined, { fileName: 'statuten.pdf', contentType: 'application/pdf', content, fields: {} }, actor, async () => undefined);
  return number;
}

/** Files and submits the report and the statement of one period; returns their ids. */
async function reportPeriod(t: TestApp, grantId: string, lead: Session & { enterpriseNumber: string }, number: number, paymentDate: string, document: boolean) {
  const report = await t.http.put(`/grants/${grantId}/periods/${number}/progress-report`).set(lead.auth).send(REPORT).expect(200);
  const statement = await t.http
    .put(`/grants/${grantId}/periods/${number}/cost-statement`)
    .set(lead.auth)
    .send({ lines: [costLine(lead.enterpriseNumber, `F-${number}`, paymentDate)] })
    .expect(200);
  let documentId = '';
  if (document) {
    const uploaded = await t.http
      .post(`/cost-statements/${statement.body.id}/documents`)
      .set(lead.auth)
      .field('description', 'Factuur testinfrastructuur')
      .attach('file', PDF_BYTES, { filename: `factuur-${number}.pdf`, contentType: 'application/pdf' })
      .expect(201);
    documentId = uploaded.body.id;
    await t.http
      .post(`/progress-reports/${report.body.id}/documents`)
      .set(lead.auth)
      .attach('file', PDF_BYTES, { filename: `verslag-${number}.pdf`, contentType: 'application/pdf' })
      .expect(201);
  }
  await t.http.post(`/progress-reports/${report.body.id}/submit`).set(lead.auth).expect(200);
  await t.http.post(`/cost-statements/${statement.body.id}/submit`).set(lead.auth).expect(200);
  return { reportId: report.body.id as string, statementId: statement.body.id as string, lineId: statement.body.lines[0].id as string, documentId };
}

export async function buildWorld(t: TestApp): Promise<World> {
  t.clock.set('2020-08-01T08:00:00Z');
  const pm = await staff(t, Role.PROGRAMME_MANAGER);
  const finance = await staff(t, Role.FINANCE_OFFICER);
  const admin = await staff(t, Role.ADMIN);
  const evaluator = (n: number) => staff(t, Role.EVALUATOR, { enterpriseNumber: enterpriseNumber(), name: `Evaluatiebureau ${n}`, type: OrganisationType.COMPANY });
  const [evaluatorUnassigned, evaluatorAssigned, evaluatorDeclared, panel] = [await evaluator(1), await evaluator(2), await evaluator(3), await evaluator(4)];
  const own = await applicant(t, { name: 'Hogeschool Eigenaar', province: Province.VLAAMS_BRABANT });
  const other = await applicant(t, { name: 'Hogeschool Ander', province: Province.ANTWERPEN });
  const partner = await applicant(t, { enterpriseNumber: NETWORK_PARTNER.enterpriseNumber, name: NETWORK_PARTNER.name, type: OrganisationType.BUSINESS_NETWORK });

  const call = await labsCall(t, pm);
  const draftCall = await labsCall(t, pm, { publish: false });
  const title = 'Geheim Lab Eigenaar 7f3c';
  const acronym = 'GHEIM7F3C';
  const mine = await proposal(t, own, call.id, 'BE24', title, acronym);
  const theirs = await proposal(t, other, call.id, 'BE21', 'Lab van een andere organisatie', 'ANDER');

  t.clock.set('2020-10-01T08:00:00Z');
  const clarification = await t.http
    .post(`/applications/${mine.id}/clarifications`)
    .set(pm.auth)
    .send({ question: 'Bezorg de ondertekende partnerverklaring.', answerDueAt: '2020-10-10T17:00:00+02:00' })
    .expect(201);
  for (const id of [mine.id, theirs.id]) {
    await t.http.post(`/applications/${id}/admissibility`).set(pm.auth).send({ admissible: true, reason: 'Volledig en tijdig' }).expect(200);
  }
  const assigned = await t.http
    .post(`/calls/${call.id}/assignments`)
    .set(pm.auth)
    .send({
      mode: 'manual',
      assignments: [
        { applicationId: mine.id, evaluatorId: evaluatorAssigned.userId },
        { applicationId: mine.id, evaluatorId: evaluatorDeclared.userId },
        { applicationId: theirs.id, evaluatorId: evaluatorDeclared.userId },
        // A fourth evaluator (not an actor of the matrix) submits on both, so the consensus can be set.
        { applicationId: mine.id, evaluatorId: panel.userId },
        { applicationId: theirs.id, evaluatorId: panel.userId },
      ],
    })
    .expect(201);
  const created = assigned.body.created as { id: string; applicationId: string; evaluatorId: string }[];
  const idOf = (applicationId: string, evaluatorId: string) => created.find((a) => a.applicationId === applicationId && a.evaluatorId === evaluatorId)!.id;
  const assignments = { assigned: idOf(mine.id, evaluatorAssigned.userId), declared: idOf(mine.id, evaluatorDeclared.userId) };
  // Declared and scored, not submitted: the declared evaluator can still work on the sheet.
  for (const id of [assignments.declared, idOf(theirs.id, evaluatorDeclared.userId)]) {
    await t.http.post(`/assignments/${id}/declaration`).set(evaluatorDeclared.auth).send({ noConflictOfInterest: true, acceptConfidentiality: true }).expect(200);
    await t.http.put(`/assignments/${id}/scores`).set(evaluatorDeclared.auth).send({ scores: SCORES }).expect(200);
  }
  for (const id of [idOf(mine.id, panel.userId), idOf(theirs.id, panel.userId)]) {
    await t.http.post(`/assignments/${id}/declaration`).set(panel.auth).send({ noConflictOfInterest: true, acceptConfidentiality: true }).expect(200);
    await t.http.put(`/assignments/${id}/scores`).set(panel.auth).send({ scores: SCORES }).expect(200);
    await t.http.post(`/assignments/${id}/submit`).set(panel.auth).expect(200);
  }
  for (const id of [mine.id, theirs.id]) {
    await t.http.put(`/applications/${id}/consensus`).set(pm.auth).send({ scores: SCORES }).expect(200);
  }
  const award = await t.http.post(`/calls/${call.id}/award-proposal`).set(pm.auth).expect(201);
  const decision = await t.http.post(`/calls/${call.id}/decision`).set(pm.auth).send({ proposalId: award.body.id, startDate: '2021-03-01' }).expect(201);
  const grants = decision.body.grants as { id: string; applicationId: string; grantNumber: string }[];
  const grant = grants.find((g) => g.applicationId === mine.id)!;
  const otherGrant = grants.find((g) => g.applicationId === theirs.id)!;

  // Period 1 reported, reviewed and approved: an interim payment is planned.
  t.clock.set('2021-07-05T08:00:00Z');
  const first = await reportPeriod(t, grant.id, own, 1, '2021-04-15', false);
  await t.http.put(`/cost-statements/${first.statementId}/lines/${first.lineId}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
  await t.http.post(`/cost-statements/${first.statementId}/approve`).set(finance.auth).expect(200);
  const payments = await t.http.get(`/grants/${grant.id}/payments`).set(finance.auth).expect(200);
  const payment = (payments.body.items as { id: string; status: string }[]).find((p) => p.status === 'PLANNED')!;
  const corrected = await t.http
    .post(`/cost-statements/${first.statementId}/corrections`)
    .set(finance.auth)
    .send({ acceptedEligible: 1_000_000, source: 'AUDIT', reason: 'Audit: factuur deels buiten de periode' })
    .expect(201);
  const recovery = corrected.body.recoveries[0] as { id: string };

  // Period 2 reported and submitted, with supporting documents: waiting for finance and the programme manager.
  t.clock.set('2021-11-05T08:00:00Z');
  const second = await reportPeriod(t, grant.id, own, 2, '2021-09-10', true);

  const bankAccount = await t.http
    .post(`/grants/${grant.id}/bank-account`)
    .set(own.auth)
    .field('iban', 'BE68 5390 0754 7034')
    .field('holderName', 'Hogeschool Eigenaar vzw')
    .attach('file', PDF_BYTES, { filename: 'bankattest.pdf', contentType: 'application/pdf' })
    .expect(201);

  const spare = await t.http
    .post('/users')
    .set(admin.auth)
    .send({
      email: `collega-${own.userId.slice(0, 8)}@org.test`,
      password: PASSWORD,
      fullName: 'Collega van de aanvrager',
      roles: ['APPLICANT'],
      organisation: { enterpriseNumber: own.enterpriseNumber, name: 'Hogeschool Eigenaar', type: OrganisationType.KNOWLEDGE_INSTITUTION },
    })
    .expect(201);
  const registerEntry = await pendingRegisterEntry(t, pm);
  // The audit authority's account, made by the administrator as any staff account is.
  const auditorEmail = `auditor-${own.userId.slice(0, 8)}@auditvlaanderen.test`;
  await t.http.post('/users').set(admin.auth).send({ email: auditorEmail, password: PASSWORD, fullName: 'Auditor van de auditautoriteit', roles: ['AUDITOR'] }).expect(201);
  const auditor = await login(t, auditorEmail);
  const receipt = await t.http.get(`/applications/${mine.id}/receipt.pdf`).set(own.auth).expect(200);
  const [notification] = (await t.db.query(`SELECT id FROM notifications WHERE user_id = $1 ORDER BY created_at LIMIT 1`, [own.userId])) as { id: string }[];
  const emails = Object.fromEntries(
    (await t.db.query(`SELECT id, email FROM users`)).map((u: { id: string; email: string }) => [u.id, u.email]),
  ) as Record<string, string>;
  const sessions = { applicantOwn: own, applicantPartner: partner, applicantOther: other, evaluatorUnassigned, evaluatorAssigned, evaluatorDeclared, finance, pm, admin, auditor };
  return {
    sessions,
    emails: Object.fromEntries(Object.entries(sessions).map(([name, s]) => [name, emails[s.userId]])) as World['emails'],
    ownEnterpriseNumber: own.enterpriseNumber,
    registerEntry,
    call: { id: call.id, code: call.body.code },
    draftCall: { id: draftCall.id },
    application: { id: mine.id, version: mine.version, title, acronym },
    otherApplication: { id: theirs.id },
    assignments,
    awardProposalId: award.body.id,
    clarification: { id: clarification.body.id },
    grant: { id: grant.id, grantNumber: grant.grantNumber },
    otherGrant: { id: otherGrant.id },
    report: { id: second.reportId },
    statement: { id: second.statementId, lineId: second.lineId },
    document: { id: second.documentId },
    payment: { id: payment.id },
    approvedStatement: { id: first.statementId },
    recovery: { id: recovery.id },
    bankAccount: { id: bankAccount.body.id },
    receiptHash: receipt.headers['x-document-sha256'] as string,
    notification,
    spareUser: { id: spare.body.id },
  };
}
