import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Test } from 'supertest';
import { digitalExperienceLabsCall } from '../src/demo/demo-calls';
import { ACTOR_ROLES, ACTORS, ActorName, buildWorld, costLine, PDF_BYTES, SCORES, World } from './support/authorization-world';
import { enterpriseNumber, labsBudget, NETWORK_PARTNER, PASSWORD } from './support/fixtures';
import { allows, DeclaredRoute, declaredRoles, nestRoutes, openApiRoles, RouteKey } from './support/route-inventory';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every route × every actor, with the status each must get.
 *
 * The role level is derived, not written down: the route's declared access (the @Access/@Public
 * metadata the guard reads, checked against x-roles in the OpenAPI document) gives 401 to an
 * anonymous caller and 403 to a role the route does not list. A row states only what happens
 * to callers whose role the guard lets through: by default they pass (any answer other than
 * 401, 403 or 404, and 2xx for a GET), and `outcomes` names the callers the service must still
 * refuse on this record — 404 where the record is hidden (missing and invisible answer alike),
 * 403 where it is visible but the action is not theirs.
 *
 * A route without a row fails the first test with its name; adding a route is one line.
 * Callers authenticate with their bearer token, or on `session` rows with a cookie session of
 * their own opened just before the request (so that signing out ends no one else's).
 */

type Outcome = 'pass' | 401 | 403 | 404;
type Ref = (w: World, actor: ActorName) => string;
type Payload = (w: World, actor: ActorName) => object;

interface Case {
  /** Path parameter → the record it names (of the owning organisation unless stated). */
  params?: Record<string, Ref>;
  query?: (w: World) => Record<string, string>;
  body?: Payload;
  headers?: (w: World, actor: ActorName) => Record<string, string>;
  /** Authenticate with a fresh cookie session (and its CSRF token) instead of the bearer token. */
  session?: boolean;
  /** A multipart upload of a small PDF. */
  upload?: boolean;
  /** Text fields sent before the uploaded file. */
  fields?: Record<string, string>;
  /** Callers that pass the guard but must be refused on this record. */
  outcomes?: Partial<Record<ActorName, Outcome>>;
  /** Writes whose success changes what other rows see run after the others: phase 1, then 2. */
  phase?: 1 | 2;
  /** The response is meant to name records the caller could not otherwise see (a public hash lookup). */
  revealsIds?: boolean;
  /** A browser navigation that answers with a redirect (303): that is its success for a GET. */
  redirects?: boolean;
}
type Row = Case | Case[];

const row = (c: Case = {}): Case => c;

// Records of the world, by what a path parameter names.
const ref = {
  call: (w) => w.call.id,
  draftCall: (w) => w.draftCall.id,
  application: (w) => w.application.id,
  grant: (w) => w.grant.id,
  statement: (w) => w.statement.id,
  line: (w) => w.statement.lineId,
  report: (w) => w.report.id,
  document: (w) => w.document.id,
  payment: (w) => w.payment.id,
  approvedStatement: (w) => w.approvedStatement.id,
  recovery: (w) => w.recovery.id,
  bankAccount: (w) => w.bankAccount.id,
  notification: (w) => w.notification.id,
  receiptHash: (w) => w.receiptHash,
  clarification: (w) => w.clarification.id,
  /** The caller's own assignment on the proposal; an evaluator without one names the declared evaluator's. */
  assignment: (w, actor) => (actor === 'evaluatorAssigned' ? w.assignments.assigned : w.assignments.declared),
  /** A member of the owning organisation added by the administrator, who is none of the actors: safe to change. */
  spareUser: (w) => w.spareUser.id,
} satisfies Record<string, Ref>;
const literal = (value: string): Ref => () => value;

// Who may do what with a record of the owning organisation, beyond the role.
/** Read by the consortium (lead and partner) and by staff: hidden from other organisations. */
const CONSORTIUM: Case['outcomes'] = { applicantOther: 404 };
/** Changed by members of the lead organisation (beneficiary) only: a partner sees it but may not act. */
const LEAD: Case['outcomes'] = { applicantPartner: 403, applicantOther: 404 };
/** An evaluator's own assignment: someone else's is hidden, and the content waits for the declaration. */
const OWN_ASSIGNMENT: Case['outcomes'] = { evaluatorUnassigned: 404, evaluatorAssigned: 403 };
/** Somebody's own notification: hidden from everyone else. */
const OWN_NOTIFICATION: Case['outcomes'] = Object.fromEntries(ACTORS.filter((a) => a !== 'applicantOwn' && a !== 'anonymous').map((a) => [a, 404]));
/** Drafts are for staff (and the audit authority, who reads every record): hidden from everyone else. */
const STAFF_ONLY_RECORD: Case['outcomes'] = Object.fromEntries(
  ACTORS.filter((a) => !['finance', 'pm', 'admin', 'auditor'].includes(a)).map((a) => [a, 404]),
);

/**
 * What the auditor may send besides reads and the public routes: signing out, and marking their
 * own notification read. Every other route that writes refuses the role at the guard.
 */
const AUDITOR_WRITES: RouteKey[] = ['DELETE /auth/session', 'POST /me/notifications/:id/read'];

/** Each caller's own e-mail and password (the anonymous caller uses the owner's). */
const credentials: Payload = (w, a) => ({ email: w.emails[a === 'anonymous' ? 'applicantOwn' : a], password: PASSWORD });
const PERIOD_THREE_REPORT = { narrative: 'Voortgang van de derde periode.', indicators: { COMPANIES_SERVED: 4, TESTS_CARRIED_OUT: 9 } };
let unique = 0;
const next = () => `${++unique}-${process.pid}`;

const EXPECTED: Record<RouteKey, Row> = {
  'GET /health': row(),
  'GET /health/live': row(),
  'GET /health/ready': row(),
  // Off unless METRICS_ENABLED, and then behind its own scraper token (test/operations.e2e-spec.ts):
  // here it answers 404 to everyone alike.
  'GET /metrics': row({ outcomes: Object.fromEntries(ACTORS.map((a) => [a, 404])) }),

  'POST /auth/register': row({
    body: () => ({
      email: `matrix-${next()}@org.test`,
      password: PASSWORD,
      fullName: 'Nieuwe aanvrager',
      organisation: { name: `Nieuwe organisatie ${unique}`, enterpriseNumber: enterpriseNumber(), type: 'COMPANY', province: 'BE23' },
    }),
  }),
  'POST /auth/login': row({ body: credentials }),
  'POST /auth/session': row({ body: credentials }),
  'GET /auth/session': row({ session: true }),
  'DELETE /auth/session': row({ session: true }),
  'GET /auth/me': row(),
  'POST /users': row({ body: () => ({ email: `staff-${next()}@vlaanderen.test`, password: PASSWORD, fullName: 'Nieuwe evaluator', roles: ['EVALUATOR'] }) }),
  'GET /users': row(),
  'PATCH /users/:id': row({ params: { id: ref.spareUser }, body: () => ({ active: true }), phase: 1 }),

  // Issue 16, sign-in through OpenID Connect (no provider is configured here: the flow routes
  // redirect everyone to the sign-in page's explanation; test/oidc.e2e-spec.ts runs the flow).
  'GET /auth/oidc/providers': row(),
  'GET /auth/oidc/:provider/start': row({ params: { provider: literal('onbekend') }, redirects: true }),
  'GET /auth/oidc/:provider/callback': row({ params: { provider: literal('onbekend') }, redirects: true }),
  'GET /auth/oidc/end-session': row({ session: true }),

  'POST /calls': row({ body: () => ({ ...digitalExperienceLabsCall(), code: `MATRIX-${next()}` }) }),
  'GET /calls': row(),
  'GET /calls/:id': [row({ params: { id: ref.call } }), row({ params: { id: ref.draftCall }, outcomes: STAFF_ONLY_RECORD })],
  'PATCH /calls/:id': row({ params: { id: ref.draftCall }, body: () => ({ title: 'Digital Experience Labs (ontwerp)' }) }),
  'POST /calls/:id/publish': row({ params: { id: ref.call } }),
  // Issue 15: the closing instant extended (the world's call closed long ago: refused on its merits, 409).
  'POST /calls/:id/closing-extension': row({ params: { id: ref.call }, body: () => ({ closesAt: '2020-10-14T17:00:00+02:00', reason: 'Storing van het e-loket' }) }),

  'POST /calls/:callId/applications': [
    row({ params: { callId: ref.call }, body: () => ({ title: 'Te laat', acronym: 'LAAT', summary: 'Na de sluiting', province: 'BE23', startDate: '2021-03-01' }) }),
    row({
      params: { callId: ref.draftCall },
      body: () => ({ title: 'Te vroeg', acronym: 'VROEG', summary: 'Voor de publicatie', province: 'BE23', startDate: '2021-03-01' }),
      outcomes: { applicantOwn: 404, applicantPartner: 404, applicantOther: 404 },
    }),
  ],
  'GET /applications': row(),
  'GET /applications/:id': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),
  'PATCH /applications/:id': row({ params: { id: ref.application }, body: (w) => ({ version: w.application.version, title: 'Overgenomen' }), outcomes: LEAD }),
  'PUT /applications/:id/partners': row({
    params: { id: ref.application },
    body: (w) => ({
      version: w.application.version,
      partners: [{ enterpriseNumber: '0417.497.106', name: 'Overname', organisationType: 'COMPANY', role: 'LEAD' }, NETWORK_PARTNER],
    }),
    outcomes: LEAD,
  }),
  // Issue 15: organisation types are facts of the register. The world's proposal is awarded:
  // its lead's claim passes the guard and the consortium check, then meets NOT_EDITABLE (409).
  'POST /applications/:id/partners/:enterpriseNumber/type-claim': row({ params: { id: ref.application, enterpriseNumber: (w) => w.ownEnterpriseNumber }, upload: true, outcomes: LEAD }),
  'GET /organisation-register': row(),
  'GET /organisation-register/:enterpriseNumber': row({ params: { enterpriseNumber: (w) => w.registerEntry } }),
  'GET /organisation-register/:enterpriseNumber/document': row({ params: { enterpriseNumber: (w) => w.registerEntry } }),
  'POST /organisation-register/:enterpriseNumber/verify': row({ params: { enterpriseNumber: (w) => w.registerEntry }, body: () => ({}), phase: 1 }),
  'POST /organisation-register/:enterpriseNumber/reject': row({ params: { enterpriseNumber: (w) => w.registerEntry }, body: () => ({ reason: 'Geen sectorfederatie' }), phase: 1 }),
  'POST /applications/:id/submit': row({ params: { id: ref.application }, headers: (_w, a) => ({ 'Idempotency-Key': `matrix-submit-${a}` }), outcomes: LEAD }),
  'GET /applications/:id/receipt': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),
  'POST /applications/:id/withdraw': row({ params: { id: ref.application }, outcomes: LEAD, phase: 1 }),
  'PUT /applications/:id/budget': row({ params: { id: ref.application }, body: (w) => ({ version: w.application.version, lines: labsBudget('0417.497.106') }), outcomes: LEAD }),
  'GET /applications/:id/budget': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),
  'GET /applications/:id/budget-summary': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),

  'POST /applications/:id/admissibility': row({ params: { id: ref.application }, body: () => ({ admissible: false, reason: 'Niet ontvankelijk' }) }),
  'POST /calls/:id/assignments': row({
    params: { id: ref.call },
    // Assigns again what is assigned: refused on its merits (422), which shows the guard let it through.
    body: (w) => ({ mode: 'manual', assignments: [{ applicationId: w.application.id, evaluatorId: w.sessions.evaluatorDeclared.userId }] }),
  }),
  'GET /calls/:id/assignments': row({ params: { id: ref.call } }),
  'GET /calls/:id/evaluators': row({ params: { id: ref.call } }),
  'GET /me/assignments': row(),
  'POST /assignments/:id/declaration': row({
    params: { id: ref.assignment },
    body: () => ({ noConflictOfInterest: true, acceptConfidentiality: true }),
    outcomes: { evaluatorUnassigned: 404 },
    // Last of all: afterwards the assigned evaluator has declared, and the rows above would pass for them.
    phase: 2,
  }),
  'GET /assignments/:id/proposal': row({ params: { id: ref.assignment }, outcomes: OWN_ASSIGNMENT }),
  'GET /assignments/:id/scores': row({ params: { id: ref.assignment }, outcomes: OWN_ASSIGNMENT }),
  'PUT /assignments/:id/scores': row({ params: { id: ref.assignment }, body: () => ({ scores: SCORES }), outcomes: OWN_ASSIGNMENT }),
  'POST /assignments/:id/submit': row({ params: { id: ref.assignment }, outcomes: OWN_ASSIGNMENT, phase: 1 }),
  'GET /applications/:id/consensus': row({ params: { id: ref.application } }),
  'PUT /applications/:id/consensus': row({ params: { id: ref.application }, body: () => ({ scores: SCORES }) }),
  'GET /applications/:id/result': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),
  'GET /calls/:id/ranking': row({ params: { id: ref.call } }),
  'POST /calls/:id/award-proposal': row({ params: { id: ref.call } }),
  'POST /calls/:id/decision': row({ params: { id: ref.call }, body: (w) => ({ proposalId: w.awardProposalId }) }),
  // Issue 15: clarifications during admissibility (the world's proposal is past it: refused on the merits, 409).
  'POST /applications/:id/clarifications': row({ params: { id: ref.application }, body: () => ({ question: 'Nog een vraag', answerDueAt: '2030-01-01T12:00:00+01:00' }) }),
  'GET /applications/:id/clarifications': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),
  'POST /clarifications/:id/answer': row({ params: { id: ref.clarification }, body: () => ({ answer: 'Te laat' }), outcomes: LEAD }),
  'GET /calls/:id/preselection': row({ params: { id: ref.call } }),
  'GET /award-proposals/:id/entries': row({ params: { id: (w) => w.awardProposalId } }),
  'POST /grants/:id/withdraw': row({ params: { id: ref.grant }, body: () => ({ reason: 'Consortium valt uiteen' }), phase: 1 }),

  'GET /grants': row(),
  'GET /grants/:id': row({ params: { id: ref.grant }, outcomes: CONSORTIUM }),
  'GET /grants/:id/periods': row({ params: { id: ref.grant }, outcomes: CONSORTIUM }),
  'PUT /grants/:id/periods/:number/progress-report': row({ params: { id: ref.grant, number: literal('3') }, body: () => PERIOD_THREE_REPORT, outcomes: LEAD }),
  'PUT /grants/:id/periods/:number/cost-statement': row({
    params: { id: ref.grant, number: literal('3') },
    body: (w) => ({ lines: [costLine(w.ownEnterpriseNumber, 'F-3', '2021-11-10')] }),
    outcomes: LEAD,
  }),
  'POST /grants/:id/close': row({ params: { id: ref.grant }, phase: 1 }),

  'GET /cost-statements/:id': row({ params: { id: ref.statement }, outcomes: CONSORTIUM }),
  'POST /cost-statements/:id/submit': row({ params: { id: ref.statement }, outcomes: LEAD }),
  'PUT /cost-statements/:id/lines/:lineId/review': row({ params: { id: ref.statement, lineId: ref.line }, body: () => ({ decision: 'ACCEPTED' }) }),
  'POST /cost-statements/:id/lines/:lineId/question': row({ params: { id: ref.statement, lineId: ref.line }, body: () => ({ question: 'Bezorg het betalingsbewijs.' }) }),
  'POST /cost-statements/:id/return': row({ params: { id: ref.statement }, body: () => ({ reason: 'Eén lijn klopt niet' }), phase: 1 }),
  'POST /cost-statements/:id/approve': row({ params: { id: ref.statement }, phase: 1 }),
  'POST /cost-statements/:id/documents': row({ params: { id: ref.statement }, upload: true, outcomes: LEAD }),
  'GET /cost-statements/:id/documents': row({ params: { id: ref.statement }, outcomes: CONSORTIUM }),

  'GET /progress-reports/:id': row({ params: { id: ref.report }, outcomes: CONSORTIUM }),
  'POST /progress-reports/:id/submit': row({ params: { id: ref.report }, outcomes: LEAD }),
  'POST /progress-reports/:id/accept': row({ params: { id: ref.report }, body: () => ({ comment: 'Volledig' }), phase: 1 }),
  'POST /progress-reports/:id/return': row({ params: { id: ref.report }, body: () => ({ comment: 'Vul de indicatoren aan' }), phase: 1 }),
  'POST /progress-reports/:id/reopen': row({ params: { id: ref.report }, body: () => ({ reason: 'Tekst aanvullen' }), phase: 1 }),
  'POST /progress-reports/:id/documents': row({ params: { id: ref.report }, upload: true, outcomes: LEAD }),
  'GET /progress-reports/:id/documents': row({ params: { id: ref.report }, outcomes: CONSORTIUM }),
  'GET /documents/:id/content': row({ params: { id: ref.document }, outcomes: CONSORTIUM }),

  'GET /grants/:id/payments': row({ params: { id: ref.grant }, outcomes: CONSORTIUM }),
  'POST /grants/:id/payments/advance': row({ params: { id: ref.grant } }),
  'POST /grants/:id/payments/balance': row({ params: { id: ref.grant } }),
  'POST /payments/:id/paid': row({ params: { id: ref.payment }, body: () => ({ paidOn: '2021-11-01', reference: 'OV-2021-000777' }), phase: 1 }),
  'POST /payments/:id/cancel': row({ params: { id: ref.payment }, body: () => ({ reason: 'Dubbel gepland' }), phase: 1 }),
  'POST /cost-statements/:id/corrections': row({ params: { id: ref.approvedStatement }, body: () => ({ acceptedEligible: 500_000, source: 'CORRECTION', reason: 'Correctie' }), phase: 1 }),
  'POST /recoveries/:id/received': row({ params: { id: ref.recovery }, body: () => ({ receivedOn: '2021-11-05', reference: 'TV-2021-000001' }), phase: 1 }),
  'GET /recoveries/:id/letter.pdf': row({ params: { id: ref.recovery }, outcomes: CONSORTIUM }),
  // Issue 15, bank accounts: read with the grant, registered by the beneficiary, decided by finance.
  'GET /grants/:id/bank-account': row({ params: { id: ref.grant }, outcomes: CONSORTIUM }),
  'POST /grants/:id/bank-account': row({ params: { id: ref.grant }, upload: true, fields: { iban: 'BE68 5390 0754 7034', holderName: 'Hogeschool Eigenaar vzw' }, outcomes: LEAD, phase: 1 }),
  'POST /bank-accounts/:id/verify': row({ params: { id: ref.bankAccount }, phase: 1 }),
  'POST /bank-accounts/:id/reject': row({ params: { id: ref.bankAccount }, body: () => ({ reason: 'Attest onleesbaar' }), phase: 1 }),

  'GET /applications/:id/receipt.pdf': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),
  'GET /applications/:id/decision-letter.pdf': row({ params: { id: ref.application }, outcomes: CONSORTIUM }),
  'GET /grants/:id/periods/:n/cost-statement.pdf': row({ params: { id: ref.grant, n: literal('1') }, outcomes: CONSORTIUM }),
  'GET /grants/:id/payment-statement.pdf': row({ params: { id: ref.grant }, outcomes: CONSORTIUM }),
  'GET /calls/:id/overview.pdf': row({ params: { id: ref.call } }),
  'GET /documents/:hash': row({ params: { hash: ref.receiptHash }, revealsIds: true }),
  'GET /exports/:kind': row({ params: { kind: literal('payments') }, query: (w) => ({ callId: w.call.id }) }),

  // Issue 13, finance desk (w13b): the lists across grants, for finance officers only.
  'GET /cost-statements': row({ query: (w) => ({ callId: w.call.id }) }),
  'GET /payments': row({ query: (w) => ({ callId: w.call.id }) }),

  'GET /me/notifications': row(),
  'POST /me/notifications/:id/read': row({ params: { id: ref.notification }, outcomes: OWN_NOTIFICATION }),

  // Issue 18, mail arrives once (w18m): the administrators' list of undelivered mail and its retry.
  'GET /admin/notifications/failed': row(),
  'POST /admin/notifications/:id/retry': row({ params: { id: ref.notification } }),
  // issue 13, beneficiary screens (w13a): the upload limits the page checks before sending a file.
  'GET /supporting-documents/rules': row(),
  // Issue 18 (w18a): the audit trail and personal data.
  'GET /audit': row({ query: (w) => ({ entityType: 'grant', entityId: w.grant.id }) }),
  'GET /audit/verification': row(),
  'GET /audit/checkpoints': row(),
  'GET /me/personal-data': row(),
  'GET /users/:id/personal-data': row({ params: { id: ref.spareUser } }),
};

/**
 * What a caller must never find in a successful answer: the owning organisation's records for
 * anyone outside its consortium and staff, the proposal's content for an evaluator before the
 * declaration, grants for every evaluator, drafts for non-staff.
 */
function hiddenFrom(w: World, actor: ActorName): string[] {
  const grantRecords = [w.grant.id, w.grant.grantNumber, w.statement.id, w.report.id, w.document.id, w.payment.id, w.bankAccount.id];
  const proposal = [w.application.title, w.application.acronym];
  switch (actor) {
    case 'anonymous':
    case 'applicantOther':
    case 'evaluatorUnassigned':
      return [w.application.id, ...proposal, ...grantRecords, w.draftCall.id];
    case 'evaluatorAssigned':
      return [...proposal, ...grantRecords, w.draftCall.id];
    case 'evaluatorDeclared':
      return [...grantRecords, w.draftCall.id];
    case 'applicantOwn':
      return [w.draftCall.id, w.otherApplication.id, w.otherGrant.id];
    case 'applicantPartner': // the network partner is in both consortia
      return [w.draftCall.id];
    default:
      return [];
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MISSING = '00000000-0000-4000-8000-000000000000';

/** Two problem+json answers say the same, apart from what differs per request. */
function sameProblem(a: string, b: string): boolean {
  const strip = (text: string) => {
    try {
      const { correlationId: _c, instance: _i, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return text; // not problem+json at all: compared as it is
    }
  };
  return strip(a) === strip(b);
}

function changedTables(before: string, after: string): string[] {
  const rows = (text: string) => new Map((JSON.parse(text) as { t: string; n: string; x: string }[]).map((r) => [r.t, `${r.n}/${r.x}`]));
  const [a, b] = [rows(before), rows(after)];
  return [...b.keys()].filter((table) => a.get(table) !== b.get(table));
}

function code(text: string): unknown {
  try {
    return (JSON.parse(text) as { code?: unknown }).code;
  } catch {
    return undefined;
  }
}

function detail(text: string): string {
  try {
    return JSON.stringify((JSON.parse(text) as { detail?: unknown }).detail);
  } catch {
    return text.slice(0, 100);
  }
}

interface Result {
  route: RouteKey;
  actor: ActorName;
  expected: Outcome;
  status: number;
  problem?: string;
}

function expectedFor(access: DeclaredRoute['access'], actor: ActorName, c: Case): Outcome {
  if (!access) return 403; // refused outright by the guard; the inventory test names it
  if (!access.public) {
    if (actor === 'anonymous') return 401;
    if (!allows(access, ACTOR_ROLES[actor])) return 403;
  }
  return c.outcomes?.[actor] ?? 'pass';
}

describe('authorisation matrix: every route × every actor', () => {
  let t: TestApp;
  let w: World;
  let uploadDir: string;
  let routes: DeclaredRoute[];
  let openApi: OpenAPIObject;

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'efro-matrix-'));
    t = await createTestApp({ env: { UPLOAD_DIR: uploadDir } });
    w = await buildWorld(t);
    routes = nestRoutes(t.app);
    openApi = (await t.http.get('/docs-json').expect(200)).body as OpenAPIObject;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  it('has a row for every route, and every route declares the same access in Nest and in the OpenAPI document', () => {
    const problems: string[] = [];
    const documented = openApiRoles(openApi);
    for (const route of routes) {
      if (!(route.key in EXPECTED)) problems.push(`${route.key} has no row in the authorisation matrix (test/authorization-matrix.e2e-spec.ts, EXPECTED)`);
      if (!route.access) problems.push(`${route.key} declares no access (@Access or @Public)`);
      if (!documented.has(route.key)) problems.push(`${route.key} is missing from the OpenAPI document`);
      else if (JSON.stringify(documented.get(route.key)) !== JSON.stringify(declaredRoles(route.access)))
        problems.push(`${route.key}: x-roles ${JSON.stringify(documented.get(route.key))} differ from the declared ${JSON.stringify(declaredRoles(route.access))}`);
    }
    const known = new Set(routes.map((r) => r.key));
    for (const key of Object.keys(EXPECTED)) if (!known.has(key)) problems.push(`the matrix row ${key} names no route of the application`);
    for (const key of documented.keys()) if (!known.has(key)) problems.push(`the OpenAPI document lists ${key}, which no controller serves`);
    // A row may only refine what the guard lets through; outcomes for refused callers would never be tested.
    for (const route of routes) {
      for (const c of ([] as Case[]).concat(EXPECTED[route.key] ?? [])) {
        for (const actor of Object.keys(c.outcomes ?? {}) as ActorName[]) {
          if (expectedFor(route.access, actor, {}) !== 'pass') problems.push(`${route.key}: the row states an outcome for ${actor}, whom the declared access already refuses`);
        }
        for (const name of route.path.match(/:([A-Za-z]+)/g)?.map((p) => p.slice(1)) ?? []) {
          if (!c.params?.[name]) problems.push(`${route.key}: the row does not say which record :${name} names`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers each actor on each route as the declared access and the record allow', async () => {
    const results: Result[] = [];
    const jobs: { route: DeclaredRoute; c: Case; actor: ActorName }[] = [];
    for (const route of routes) {
      for (const c of ([] as Case[]).concat(EXPECTED[route.key] ?? [])) {
        // Refused callers first: a refused request changes nothing, so it may run before the one that succeeds.
        const ordered = [...ACTORS].sort((a, b) => Number(expectedFor(route.access, a, c) === 'pass') - Number(expectedFor(route.access, b, c) === 'pass'));
        for (const actor of ordered) jobs.push({ route, c, actor });
      }
    }
    jobs.sort((a, b) => (a.c.phase ?? 0) - (b.c.phase ?? 0));

    let sent = 0;
    /** How the actor proves who they are on this row: the bearer token, or a cookie session opened for it. */
    const credentialsFor = async (c: Case, actor: ActorName): Promise<Record<string, string>> => {
      if (actor === 'anonymous') return {};
      if (!c.session) return w.sessions[actor].auth;
      const opened = await t.http.post('/auth/session').send(credentials(w, actor)).expect(200);
      const cookie = ([] as string[]).concat(opened.headers['set-cookie'] ?? []).find((h) => h.startsWith('efro_session='))!;
      return { Cookie: cookie.split(';')[0], 'X-CSRF-Token': opened.body.csrfToken as string };
    };
    const send = async (route: DeclaredRoute, c: Case, actor: ActorName, auth: Record<string, string>, param: (name: string) => string) => {
      sent++;
      const path = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent(param(name)));
      let req: Test = (t.http as unknown as Record<string, (p: string) => Test>)[route.method.toLowerCase()](path);
      if (c.query) req = req.query(c.query(w));
      req = req.set(auth);
      if (c.headers) req = req.set(c.headers(w, actor));
      for (const [name, value] of Object.entries(c.upload ? (c.fields ?? {}) : {})) req = req.field(name, value);
      if (c.upload) req = req.field('description', 'Bewijsstuk').attach('file', PDF_BYTES, { filename: 'bewijs.pdf', contentType: 'application/pdf' });
      else if (c.body) req = req.send(c.body(w, actor));
      const res = await req.buffer(true).parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
      return { status: res.status, body: (res.body as Buffer).toString('utf8') };
    };
    // What a write leaves behind in any table: rows added or removed (count), rows changed (the
    // newest xmin; a row lock does not change it). One statement over every table of the schema.
    const tables = ((await t.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)) as { tablename: string }[]).map((r) => r.tablename);
    const fingerprint = tables.map((name) => `SELECT '${name}' AS t, count(*) AS n, max(xmin::text::bigint) AS x FROM "${name}"`).join(' UNION ALL ');
    const changes = async () => JSON.stringify(await t.db.query(fingerprint));

    let settled: string | undefined;
    for (const { route, c, actor } of jobs) {
      const expected = expectedFor(route.access, actor, c);
      const auth = await credentialsFor(c, actor);
      // The state after the previous refused request still holds unless something ran since.
      const before = expected === 'pass' ? '' : c.session || settled === undefined ? await changes() : settled;
      settled = undefined;
      const res = await send(route, c, actor, auth, (name) => c.params![name](w, actor));
      const result: Result = { route: route.key, actor, expected, status: res.status };
      const problem = (message: string) => (result.problem ??= message);
      if (res.status >= 500) problem(`server error: ${res.body.slice(0, 200)}`);
      else if (expected === 'pass') {
        if ([401, 403, 404].includes(res.status)) problem(`refused: ${res.body.slice(0, 200)}`);
        else if (route.method === 'GET' && !(c.redirects && res.status === 303) && (res.status < 200 || res.status >= 300)) problem(`a read that passed authorisation should succeed: ${res.body.slice(0, 200)}`);
      } else {
        if (res.status !== expected) problem(`expected ${expected}: ${res.body.slice(0, 200)}`);
        // A refusal by role comes from the guard, before any service code runs.
        const guard = expectedFor(route.access, actor, {}) !== 'pass' ? (expected === 401 ? 'TOKEN_INVALID' : 'ROLE_NOT_ALLOWED') : null;
        if (guard && code(res.body) !== guard) problem(`expected the guard's ${guard}, got ${code(res.body)}`);
        const after = await changes();
        settled = after;
        if (after !== before) problem(`a refused request changed ${changedTables(before, after).join(', ')}`);
        if (expected === 404) {
          // Hidden and missing answer alike: the same request about records that do not exist.
          settled = undefined;
          const missing = await send(route, c, actor, auth, (name) => (UUID.test(c.params![name](w, actor)) ? MISSING : c.params![name](w, actor)));
          if (missing.status !== res.status || !sameProblem(missing.body, res.body)) problem(`a missing record answers differently: ${missing.status} ${detail(missing.body)} against ${detail(res.body)}`);
        }
      }
      if (!result.problem && res.status < 300 && !c.revealsIds) {
        const leaked = hiddenFrom(w, actor).filter((secret) => res.body.includes(secret));
        if (leaked.length > 0) problem(`the answer shows what ${actor} may not see: ${leaked.join(', ')}`);
      }
      results.push(result);
    }

    const failures = results.filter((r) => r.problem).map((r) => `${r.route} as ${r.actor}: got ${r.status} (${r.problem})`);
    const passed = results.filter((r) => r.expected === 'pass').length;
    const byExpected = Object.entries(
      results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [String(r.expected)]: (acc[String(r.expected)] ?? 0) + 1 }), {}),
    )
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    process.stdout.write(
      `authorisation matrix: ${routes.length} routes × ${ACTORS.length} actors = ${routes.length * ACTORS.length} cells, ${results.length} checked, ${sent} requests sent ` +
        `(expected ${byExpected}; ${passed} passed authorisation), ${failures.length} failures\n`,
    );
    expect(failures).toEqual([]);
  }, 300_000);

  it('lets the auditor read every record and change none (issue 18)', () => {
    const writes = routes.filter((r) => r.method !== 'GET' && r.access && !r.access.public && allows(r.access, ACTOR_ROLES.auditor)).map((r) => r.key);
    expect(writes.sort()).toEqual([...AUDITOR_WRITES].sort());
    // What an audit authority reads (CPR art. 77, 82): the records of the operations from call to payment, and the trail.
    const reads = new Set(routes.filter((r) => r.method === 'GET' && r.access && (r.access.public || allows(r.access, ACTOR_ROLES.auditor))).map((r) => r.key));
    const needed = [
      'GET /audit', 'GET /audit/verification', 'GET /audit/checkpoints',
      'GET /calls', 'GET /calls/:id', 'GET /calls/:id/overview.pdf', 'GET /calls/:id/assignments', 'GET /calls/:id/ranking',
      'GET /applications', 'GET /applications/:id', 'GET /applications/:id/receipt', 'GET /applications/:id/receipt.pdf', 'GET /applications/:id/budget',
      'GET /applications/:id/budget-summary', 'GET /applications/:id/clarifications', 'GET /applications/:id/consensus', 'GET /applications/:id/result', 'GET /applications/:id/decision-letter.pdf',
      'GET /grants', 'GET /grants/:id', 'GET /grants/:id/periods', 'GET /grants/:id/payments', 'GET /grants/:id/payment-statement.pdf',
      'GET /grants/:id/periods/:n/cost-statement.pdf', 'GET /cost-statements/:id', 'GET /cost-statements/:id/documents', 'GET /progress-reports/:id',
      'GET /progress-reports/:id/documents', 'GET /documents/:id/content', 'GET /documents/:hash', 'GET /exports/:kind',
    ];
    expect(needed.filter((key) => !reads.has(key))).toEqual([]);
  });

  it('makes no one a member of the owning organisation for registering with its (public) enterprise number', async () => {
    const [{ before }] = await t.db.query(`SELECT count(*)::int AS before FROM users WHERE organisation_id = $1`, [w.sessions.applicantOwn.organisationId]);
    const res = await t.http
      .post('/auth/register')
      .send({
        email: `indringer-${next()}@org.test`,
        password: PASSWORD,
        fullName: 'Indringer',
        organisation: { name: 'Hogeschool Eigenaar', enterpriseNumber: w.ownEnterpriseNumber, type: 'KNOWLEDGE_INSTITUTION' },
      })
      .expect(409);
    expect(res.body.code).toBe('ORGANISATION_REGISTERED');
    const [{ after }] = await t.db.query(`SELECT count(*)::int AS after FROM users WHERE organisation_id = $1`, [w.sessions.applicantOwn.organisationId]);
    expect(after).toBe(before);
  });
});
