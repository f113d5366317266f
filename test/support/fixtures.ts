import { AuthService } from '../../src/auth/auth.service';
import { OrganisationType } from '../../src/core/domain/organisation-type';
import { Province } from '../../src/core/domain/provinces';
import { Role } from '../../src/core/domain/roles';
import { systemActor } from '../../src/core/domain/actor';
import { digitalExperienceLabsCall, edihPreselectionCall } from '../../src/demo/demo-calls';
import { edihBudget, labsBudget as demoLabsBudget } from '../../src/demo/demo-proposals';
import { TestApp } from './test-app';

let sequence = 0;

/** A valid enterprise number (mod 97) that no other fixture in this process uses. */
export function enterpriseNumber(seed = ++sequence + process.pid * 1000): string {
  const body = 10_000_000 + (seed % 9_000_000);
  const eight = String(body).padStart(8, '0');
  return `0${eight.slice(1)}${String(97 - (Number(`0${eight.slice(1)}`) % 97)).padStart(2, '0')}`;
}

export const PASSWORD = 'een lang wachtwoord';

export interface Session {
  token: string;
  userId: string;
  organisationId: string | null;
  auth: { Authorization: string };
}

export async function login(t: TestApp, email: string, password = PASSWORD): Promise<Session> {
  const res = await t.http.post('/auth/login').send({ email, password }).expect(200);
  const body = res.body as { accessToken: string; user: { id: string; organisation: { id: string } | null } };
  return {
    token: body.accessToken,
    userId: body.user.id,
    organisationId: body.user.organisation?.id ?? null,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** A staff account created the way an admin would, then signed in. */
export async function staff(t: TestApp, role: Role, organisation?: { enterpriseNumber: string; name: string; type: OrganisationType }): Promise<Session> {
  const email = `${role.toLowerCase()}-${++sequence}@vlaanderen.test`;
  await t.app.get(AuthService).createUser(
    { email, password: PASSWORD, fullName: `${role} ${sequence}`, roles: [role], organisation },
    systemActor('test'),
  );
  return login(t, email);
}

export async function applicant(
  t: TestApp,
  organisation: Partial<{ name: string; enterpriseNumber: string; type: OrganisationType; province: Province }> = {},
): Promise<Session & { enterpriseNumber: string }> {
  const n = ++sequence;
  const number = organisation.enterpriseNumber ?? enterpriseNumber();
  const res = await t.http
    .post('/auth/register')
    .send({
      email: `applicant-${n}@org.test`,
      password: PASSWORD,
      fullName: `Applicant ${n}`,
      organisation: {
        name: organisation.name ?? `Organisation ${n}`,
        enterpriseNumber: number,
        type: organisation.type ?? OrganisationType.KNOWLEDGE_INSTITUTION,
        province: organisation.province ?? Province.VLAAMS_BRABANT,
      },
    })
    .expect(201);
  const body = res.body as { accessToken: string; user: { id: string; organisation: { id: string } } };
  return {
    token: body.accessToken,
    userId: body.user.id,
    organisationId: body.user.organisation.id,
    auth: { Authorization: `Bearer ${body.accessToken}` },
    enterpriseNumber: number,
  };
}

/** The labs call, created and (optionally) published by a programme manager. */
export async function labsCall(t: TestApp, pm: Session, options: { publish?: boolean; code?: string } = {}) {
  const body = { ...digitalExperienceLabsCall(), code: options.code ?? `DXL-${++sequence}` };
  const created = await t.http.post('/calls').set(pm.auth).send(body).expect(201);
  const id = (created.body as { id: string }).id;
  if (options.publish !== false) await t.http.post(`/calls/${id}/publish`).set(pm.auth).expect(200);
  return { id, body };
}

/** The EDIH preselection call (yearly band, Flanders' matching, outcome PRESELECTION), open at the labs call's dates. */
export async function edihCall(t: TestApp, pm: Session, options: { code?: string } = {}) {
  const labs = digitalExperienceLabsCall();
  const body = { ...edihPreselectionCall(), code: options.code ?? `EDIH-${++sequence}`, opensAt: labs.opensAt, closesAt: labs.closesAt };
  const created = await t.http.post('/calls').set(pm.auth).send(body).expect(201);
  const id = (created.body as { id: string }).id;
  await t.http.post(`/calls/${id}/publish`).set(pm.auth).expect(200);
  return { id, body };
}

/** A second organisation for consortia: a business network (reaches many companies). */
export const NETWORK_PARTNER = { enterpriseNumber: '0403.199.702', name: 'Voka Kamer van Koophandel', organisationType: 'BUSINESS_NETWORK', role: 'PARTNER' };

/** The labs budget of the demo data (eligible € 1.500.000, maximum subsidy € 999.000). */
export function labsBudget(lead: string, partner = NETWORK_PARTNER.enterpriseNumber) {
  return demoLabsBudget(lead, partner);
}

/** A complete, submittable labs proposal by `lead` with a business-network partner. */
export async function labsProposal(
  t: TestApp,
  lead: Session & { enterpriseNumber: string },
  callId: string,
  province = 'BE24',
  names: { title: string; acronym: string } = { title: 'DigiHub', acronym: 'DH' },
  lines: object[] = labsBudget(lead.enterpriseNumber),
) {
  const created = await t.http
    .post(`/calls/${callId}/applications`)
    .set(lead.auth)
    .send({ ...names, summary: 'Een Digital Experience Lab', province, startDate: '2021-03-01' })
    .expect(201);
  const id = (created.body as { id: string }).id;
  const withPartners = await t.http
    .put(`/applications/${id}/partners`)
    .set(lead.auth)
    .send({
      version: created.body.version,
      partners: [{ enterpriseNumber: lead.enterpriseNumber, name: 'Hogeschool', organisationType: 'KNOWLEDGE_INSTITUTION', role: 'LEAD' }, NETWORK_PARTNER],
    })
    .expect(200);
  const budget = await t.http
    .put(`/applications/${id}/budget`)
    .set(lead.auth)
    .send({ version: withPartners.body.version, lines })
    .expect(200);
  return { id, version: (budget.body as { version: number }).version };
}

export interface RoundProposal {
  province: string;
  /** Consensus (and individual) score per criterion of the labs call. */
  /** Labs: STRATEGIC, OPERATIONAL and BUDGET on 0–5; EDIH: STRATEGIC and OPERATIONAL on 0–50. */
  scores: Record<string, number>;
}

/**
 * A whole evaluated round on a fresh labs call: proposals submitted while open, the clock
 * moved past closing, all admissible, three evaluators each scoring every proposal, the
 * consensus set to the given scores. Leaves the clock after the closing instant.
 */
export async function evaluatedRound(t: TestApp, pm: Session, proposals: RoundProposal[], options: { call?: 'labs' | 'edih' } = {}) {
  t.clock.set('2020-08-01T08:00:00Z');
  const edih = options.call === 'edih';
  const call = edih ? await edihCall(t, pm) : await labsCall(t, pm);
  const leads: (Session & { enterpriseNumber: string })[] = [];
  const applicationIds: string[] = [];
  for (const [i, p] of proposals.entries()) {
    const lead = await applicant(t);
    const lines = edih ? edihBudget(lead.enterpriseNumber, NETWORK_PARTNER.enterpriseNumber) : labsBudget(lead.enterpriseNumber);
    const { id } = await labsProposal(t, lead, call.id, p.province, edih ? { title: `Hub ${i + 1}`, acronym: `EDIH${i + 1}` } : undefined, lines);
    t.clock.set(`2020-09-0${1 + (i % 9)}T08:00:0${i % 10}Z`);
    await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `round-${id}`).expect(200);
    leads.push(lead);
    applicationIds.push(id);
  }
  t.clock.set('2020-10-01T08:00:00Z');
  for (const id of applicationIds) {
    await t.http.post(`/applications/${id}/admissibility`).set(pm.auth).send({ admissible: true, reason: 'Volledig en tijdig' }).expect(200);
  }
  const evaluators = [];
  for (let i = 0; i < 3; i++) {
    evaluators.push(await staff(t, Role.EVALUATOR, { enterpriseNumber: enterpriseNumber(), name: `Evaluatiebureau ${i}`, type: OrganisationType.COMPANY }));
  }
  await t.http.post(`/calls/${call.id}/assignments`).set(pm.auth).send({ mode: 'auto', evaluatorsPerProposal: 3, evaluatorIds: evaluators.map((e) => e.userId) }).expect(201);
  for (const evaluator of evaluators) {
    const mine = await t.http.get('/me/assignments').query({ callId: call.id, pageSize: 200 }).set(evaluator.auth).expect(200);
    for (const a of mine.body.items as { id: string; applicationId: string }[]) {
      const scores = proposals[applicationIds.indexOf(a.applicationId)].scores;
      await t.http.post(`/assignments/${a.id}/declaration`).set(evaluator.auth).send({ noConflictOfInterest: true, acceptConfidentiality: true }).expect(200);
      await t.http
        .put(`/assignments/${a.id}/scores`)
        .set(evaluator.auth)
        .send({ scores: Object.entries(scores).map(([criterion, score]) => ({ criterion, score, comment: `Beoordeling ${criterion}` })) })
        .expect(200);
      await t.http.post(`/assignments/${a.id}/submit`).set(evaluator.auth).expect(200);
    }
  }
  for (const [i, id] of applicationIds.entries()) {
    await t.http
      .put(`/applications/${id}/consensus`)
      .set(pm.auth)
      .send({ scores: Object.entries(proposals[i].scores).map(([criterion, score]) => ({ criterion, score, comment: `Consensus over ${criterion}` })) })
      .expect(200);
  }
  return { callId: call.id, applicationIds, leads, evaluators };
}

/** A decided round with one awarded lab (Vlaams-Brabant) and its grant. */
export async function awardedGrant(t: TestApp, pm: Session) {
  const round = await evaluatedRound(t, pm, [{ province: 'BE24', scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 4 } }]);
  const proposal = await t.http.post(`/calls/${round.callId}/award-proposal`).set(pm.auth).expect(201);
  const decision = await t.http.post(`/calls/${round.callId}/decision`).set(pm.auth).send({ proposalId: proposal.body.id, startDate: '2021-03-01' }).expect(201);
  const grant = decision.body.grants[0] as { id: string; grantNumber: string; amount: number };
  return { ...round, grant, lead: round.leads[0] };
}

/** A small well-formed PDF, as a bank certificate. */
export const CERTIFICATE_PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * The beneficiary registers its bank account with the certificate, and finance verifies it:
 * what must happen before any payment of the grant can be marked paid (issue 15).
 */
export async function verifiedBankAccount(t: TestApp, lead: Session, finance: Session, grantId: string, iban = 'BE68 5390 0754 7034'): Promise<{ id: string; iban: string }> {
  const registered = await t.http
    .post(`/grants/${grantId}/bank-account`)
    .set(lead.auth)
    .field('iban', iban)
    .field('holderName', 'Begunstigde vzw')
    .attach('file', CERTIFICATE_PDF, { filename: 'bankattest.pdf', contentType: 'application/pdf' })
    .expect(201);
  await t.http.post(`/bank-accounts/${registered.body.id}/verify`).set(finance.auth).expect(200);
  return { id: registered.body.id as string, iban: registered.body.iban as string };
}
