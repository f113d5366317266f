import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Like } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { CallsService } from '../calls/calls.service';
import { Call } from '../calls/entities/call.entity';
import { Actor, systemActor } from '../core/domain/actor';
import { OrganisationType } from '../core/domain/organisation-type';
import { Province } from '../core/domain/provinces';
import { Role } from '../core/domain/roles';
import { User } from '../auth/entities/user.entity';
import { ApplicationsService } from '../applications/applications.service';
import { Application } from '../applications/entities/application.entity';
import { BudgetsService } from '../applications/budgets/budgets.service';
import { Clock, ManualClock } from '../core/clock/clock';
import { AssignmentsService } from '../evaluations/assignments.service';
import { DecisionsService } from '../evaluations/decisions.service';
import { MyAssignmentsQuery } from '../evaluations/dto/evaluation.dto';
import { digitalExperienceLabsCall, edihPreselectionCall, OPEN_DEMO_CALL_PREFIX, openDemoCall } from './demo-calls';
import { DEMO_HUB_PROPOSALS, DEMO_PROPOSALS, DemoProposal, demoPartners, edihBudget, labsBudget } from './demo-proposals';
import { CostStatementsService } from '../grants/cost-statements/cost-statements.service';
import { Grant, GrantStatus } from '../grants/entities/grant.entity';
import { seedGrantReportingDemo } from '../grants/grants.demo';
import { GrantsService } from '../grants/grants.service';
import { BankAccountsService } from '../grants/bank-accounts/bank-accounts.service';
import { PaymentsService } from '../grants/payments/payments.service';
import { ProgressReportsService } from '../grants/progress-reports/progress-reports.service';
import { OrganisationsService } from '../organisations/organisations.service';

export const DEMO_PASSWORD = 'demo-wachtwoord-2020';

export interface DemoAccount {
  email: string;
  role: Role;
  fullName: string;
  organisation?: { name: string; enterpriseNumber: string; type: OrganisationType; province?: Province };
}

export const DEMO_STAFF: DemoAccount[] = [
  { email: 'admin@demo.test', role: Role.ADMIN, fullName: 'Demo Beheerder' },
  { email: 'programmabeheerder@demo.test', role: Role.PROGRAMME_MANAGER, fullName: 'Pieter Programma' },
  { email: 'financien@demo.test', role: Role.FINANCE_OFFICER, fullName: 'Fien Financiën' },
  { email: 'auditor@demo.test', role: Role.AUDITOR, fullName: 'Ann Auditeur' },
  {
    email: 'evaluator1@demo.test',
    role: Role.EVALUATOR,
    fullName: 'Eva Evaluator',
    organisation: { name: 'Evaluatiebureau Noord', enterpriseNumber: '0403199702', type: OrganisationType.COMPANY },
  },
  {
    email: 'evaluator2@demo.test',
    role: Role.EVALUATOR,
    fullName: 'Erik Expert',
    organisation: { name: 'Expertisecentrum Zuid', enterpriseNumber: '0417497106', type: OrganisationType.COMPANY },
  },
  {
    email: 'evaluator3@demo.test',
    role: Role.EVALUATOR,
    fullName: 'Els Beoordelaar',
    organisation: { name: 'Adviesbureau Oost', enterpriseNumber: '0426403684', type: OrganisationType.COMPANY },
  },
];

export const DEMO_APPLICANT: DemoAccount = {
  email: 'aanvrager@demo.test',
  role: Role.APPLICANT,
  fullName: 'An Aanvrager',
  organisation: {
    name: 'Vlaams Instituut voor de Logistiek',
    enterpriseNumber: '0566988259',
    type: OrganisationType.BUSINESS_NETWORK,
    province: Province.VLAAMS_BRABANT,
  },
};

/**
 * Loads the demo data set through the services, so it obeys every rule the API does.
 * Idempotent: what exists already is left as it is.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly calls: CallsService,
    private readonly applications: ApplicationsService,
    private readonly budgets: BudgetsService,
    private readonly assignments: AssignmentsService,
    private readonly decisions: DecisionsService,
    private readonly clock: Clock,
    private readonly grants: GrantsService,
    private readonly progressReports: ProgressReportsService,
    private readonly costStatements: CostStatementsService,
    private readonly payments: PaymentsService,
    private readonly bankAccounts: BankAccountsService,
    private readonly register: OrganisationsService,
  ) {}

  async run(): Promise<{ accounts: DemoAccount[] }> {
    // The open call is placed around the time the seed runs, before the demo replays 2020.
    const seedTime = this.clock.now();
    this.at('2020-06-27T10:00:00Z');
    const accounts = [...DEMO_STAFF, DEMO_APPLICANT];
    for (const account of accounts) await this.ensureUser(account);
    const pm = await this.actorFor('programmabeheerder@demo.test');
    // The demo consortia's types (and the demo applicant's), verified by the secretariat, so that the round stays valid.
    await this.db.transaction((manager) =>
      this.register.recordVerified(
        manager,
        [...[...DEMO_PROPOSALS, ...DEMO_HUB_PROPOSALS].flatMap((p) => [p.lead, p.partner]), DEMO_APPLICANT.organisation!].map((o) => ({ enterpriseNumber: o.enterpriseNumber, name: o.name, type: o.type })),
        pm,
      ),
    );
    for (const definition of [digitalExperienceLabsCall(), edihPreselectionCall()]) {
      const existing = await this.db.getRepository(Call).findOneBy({ code: definition.code });
      if (existing) continue;
      const created = await this.calls.create(definition, pm);
      await this.calls.publish(created.id, undefined, pm);
      this.logger.log(`call ${definition.code} created and published`);
    }
    const edih = await this.db.getRepository(Call).findOneByOrFail({ code: edihPreselectionCall().code });
    if ((await this.db.getRepository(Application).countBy({ callId: edih.id })) === 0) await this.preselectionRound(edih.id, pm);
    const labs = await this.db.getRepository(Call).findOneByOrFail({ code: digitalExperienceLabsCall().code });
    if ((await this.db.getRepository(Application).countBy({ callId: labs.id })) === 0) await this.evaluatedRound(labs.id, pm);
    await this.firstPeriodReported(labs.id);
    this.at(seedTime);
    await this.openCall(seedTime, pm);
    return { accounts: [...accounts, ...[...DEMO_PROPOSALS, ...DEMO_HUB_PROPOSALS].map((p) => this.leadAccount(p))] };
  }

  /**
   * Ten proposals (two per province) submitted in September 2020, screened, scored by the
   * three demo evaluators, a consensus, and the decision: one lab per province.
   */
  private async evaluatedRound(callId: string, pm: Actor): Promise<void> {
    const ids: string[] = [];
    for (const [i, proposal] of DEMO_PROPOSALS.entries()) {
      this.at(`2020-09-${String(1 + i).padStart(2, '0')}T09:00:00Z`);
      const account = this.leadAccount(proposal);
      await this.ensureUser(account);
      const lead = await this.actorFor(account.email);
      const draft = await this.applications.create(
        callId,
        { title: proposal.title, acronym: proposal.acronym, summary: `${proposal.title}: kmo's testen er sensoren, voorraad- en productiebeheer en vinden partners.`, province: proposal.province, startDate: '2021-03-01' },
        lead,
      );
      const withPartners = await this.applications.putPartners(draft.id, demoPartners(proposal), draft.version, lead);
      await this.budgets.putBudget(
        draft.id,
        { lines: labsBudget(proposal.lead.enterpriseNumber, proposal.partner.enterpriseNumber, proposal.budgetScale), requestedSubsidy: null },
        withPartners.version,
        lead,
      );
      await this.applications.submit(draft.id, `demo-submit-${proposal.acronym}`, lead);
      ids.push(draft.id);
    }
    this.logger.log(`${ids.length} proposals submitted`);

    this.at('2020-10-05T09:00:00Z');
    for (const id of ids) await this.decisions.admissibility(id, { admissible: true, reason: 'Tijdig ingediend en volledig' }, pm);
    const evaluatorEmails = DEMO_STAFF.filter((a) => a.role === Role.EVALUATOR).map((a) => a.email);
    const evaluators = await Promise.all(evaluatorEmails.map((e) => this.actorFor(e)));
    await this.assignments.assign(callId, { mode: 'auto', evaluatorsPerProposal: 3, evaluatorIds: evaluators.map((e) => e.userId) }, pm);
    this.at('2020-10-20T09:00:00Z');
    for (const [n, evaluator] of evaluators.entries()) {
      for (const assignment of (await this.assignments.listMine(evaluator, Object.assign(new MyAssignmentsQuery(), { callId, pageSize: 200 }))).items) {
        const proposal = DEMO_PROPOSALS[ids.indexOf(assignment.applicationId)];
        await this.assignments.declare(assignment.id, { noConflictOfInterest: true, acceptConfidentiality: true }, evaluator);
        // Individual scores differ a little around the consensus, as real evaluators do.
        const spread = [0, 0.5, -0.5][n];
        const scores = Object.entries(proposal.scores).map(([criterion, score]) => ({
          criterion,
          score: Math.min(5, Math.max(0, score + spread)),
          comment: `Evaluator ${n + 1} over ${criterion.toLowerCase()}: ${score >= 4 ? 'sterk' : score >= 3 ? 'voldoende' : 'onvoldoende'} onderbouwd.`,
        }));
        await this.assignments.putScores(assignment.id, { scores }, evaluator);
        await this.assignments.submit(assignment.id, evaluator);
      }
    }
    this.at('2020-11-10T09:00:00Z');
    for (const [i, id] of ids.entries()) {
      const scores = Object.entries(DEMO_PROPOSALS[i].scores).map(([criterion, score]) => ({
        criterion,
        score,
        comment: `Consensus: ${score >= 4 ? 'sterk voorstel' : score >= 3 ? 'aanvaardbaar' : 'onder de drempel'} op ${criterion.toLowerCase()}.`,
      }));
      await this.decisions.putConsensus(id, { scores }, pm);
    }
    this.at('2020-12-01T09:00:00Z');
    const proposal = await this.decisions.awardProposal(callId, pm);
    const decision = await this.decisions.decide(callId, { proposalId: proposal.id, startDate: '2021-03-01' }, pm);
    const total = decision.grants.reduce((s, g) => s + g.amount, 0);
    this.logger.log(`decision: ${decision.awarded} labs awarded (€ ${total / 100}), ${decision.reserve} on reserve, ${decision.rejected} rejected`);
  }

  /**
   * The EDIH preselection of July 2020: three hub candidates (€ 2.000.000 a year for three years,
   * Digital Europe € 1.000.000 a year, Flanders matching as much), screened, scored on /50 by
   * the demo evaluators, and decided as a preselection: two put forward, no grants.
   */
  private async preselectionRound(callId: string, pm: Actor): Promise<void> {
    const ids: string[] = [];
    for (const [i, proposal] of DEMO_HUB_PROPOSALS.entries()) {
      this.at(`2020-07-${String(10 + i).padStart(2, '0')}T09:00:00Z`);
      const account = this.leadAccount(proposal);
      await this.ensureUser(account);
      const lead = await this.actorFor(account.email);
      const draft = await this.applications.create(
        callId,
        { title: proposal.title, acronym: proposal.acronym, summary: `${proposal.title}: test-before-invest, opleiding en hulp bij financiering voor kmo's.`, province: proposal.province, startDate: '2021-01-01' },
        lead,
      );
      const withPartners = await this.applications.putPartners(draft.id, demoPartners(proposal), draft.version, lead);
      await this.budgets.putBudget(draft.id, { lines: edihBudget(proposal.lead.enterpriseNumber, proposal.partner.enterpriseNumber), requestedSubsidy: null }, withPartners.version, lead);
      await this.applications.submit(draft.id, `demo-submit-${proposal.acronym}`, lead);
      ids.push(draft.id);
    }
    this.at('2020-08-03T09:00:00Z');
    for (const id of ids) await this.decisions.admissibility(id, { admissible: true, reason: 'Tijdig ingediend en volledig' }, pm);
    const evaluators = await Promise.all(DEMO_STAFF.filter((a) => a.role === Role.EVALUATOR).map((a) => this.actorFor(a.email)));
    await this.assignments.assign(callId, { mode: 'auto', evaluatorsPerProposal: 3, evaluatorIds: evaluators.map((e) => e.userId) }, pm);
    this.at('2020-08-17T09:00:00Z');
    for (const [n, evaluator] of evaluators.entries()) {
      for (const assignment of (await this.assignments.listMine(evaluator, Object.assign(new MyAssignmentsQuery(), { callId, pageSize: 200 }))).items) {
        const proposal = DEMO_HUB_PROPOSALS[ids.indexOf(assignment.applicationId)];
        await this.assignments.declare(assignment.id, { noConflictOfInterest: true, acceptConfidentiality: true }, evaluator);
        const spread = [0, 2, -2][n];
        const scores = Object.entries(proposal.scores).map(([criterion, score]) => ({
          criterion,
          score: Math.min(50, Math.max(0, score + spread)),
          comment: `Evaluator ${n + 1} over het ${criterion === 'STRATEGIC' ? 'strategisch' : 'operationeel'} deel: ${score >= 30 ? 'overtuigend' : 'onvoldoende'} onderbouwd.`,
        }));
        await this.assignments.putScores(assignment.id, { scores }, evaluator);
        await this.assignments.submit(assignment.id, evaluator);
      }
    }
    this.at('2020-08-24T09:00:00Z');
    for (const [i, id] of ids.entries()) {
      const scores = Object.entries(DEMO_HUB_PROPOSALS[i].scores).map(([criterion, score]) => ({ criterion, score, comment: `Consensus: ${score >= 30 ? 'sterk' : 'onder de drempel'} op het ${criterion === 'STRATEGIC' ? 'strategisch' : 'operationeel'} deel.` }));
      await this.decisions.putConsensus(id, { scores }, pm);
    }
    this.at('2020-08-31T09:00:00Z');
    const proposal = await this.decisions.awardProposal(callId, pm);
    const decision = await this.decisions.decide(callId, { proposalId: proposal.id }, pm);
    this.logger.log(`EDIH preselection: ${decision.preselection.length} candidates put forward, ${decision.rejected} not`);
  }

  /** A call open at `now` for the demo applicant; none is added while an earlier one is still open. */
  private async openCall(now: Date, pm: Actor): Promise<void> {
    const existing = await this.db.getRepository(Call).findBy({ code: Like(`${OPEN_DEMO_CALL_PREFIX}%`) });
    if (existing.some((call) => call.opensAt <= now && now < call.closesAt)) return;
    const definition = openDemoCall(now);
    const created = await this.calls.create(definition, pm);
    await this.calls.publish(created.id, undefined, pm);
    this.logger.log(`call ${definition.code} created and published: open until ${created.closesAtBrussels}`);
  }

  /** Every lab's first period reported, reviewed by finance and paid, the first lab's audited afterwards (idempotent). */
  private async firstPeriodReported(callId: string): Promise<void> {
    const finance = await this.actorFor('financien@demo.test');
    const grants = await this.db.getRepository(Grant).find({ where: { callId, status: GrantStatus.ACTIVE }, order: { grantNumber: 'ASC' } });
    for (const grant of grants) {
      const application = await this.db.getRepository(Application).findOneByOrFail({ id: grant.applicationId });
      const proposal = DEMO_PROPOSALS.find((p) => p.acronym === application.acronym);
      if (!proposal) continue;
      const lead = await this.actorFor(this.leadAccount(proposal).email);
      const result = await seedGrantReportingDemo(
        { grants: this.grants, progressReports: this.progressReports, costStatements: this.costStatements, payments: this.payments, bankAccounts: this.bankAccounts, clock: this.clock },
        // One lab's claim is audited afterwards, so the demo shows a recovery order.
        { grantId: grant.id, lead, finance, audited: grant === grants[0] },
      );
      if (!result.skipped) this.logger.log(`grant ${grant.grantNumber}: period 1 reported, reviewed and paid`);
    }
  }

  private leadAccount(p: Pick<DemoProposal, 'acronym' | 'lead' | 'province'>): DemoAccount {
    return {
      email: `${p.acronym.toLowerCase()}@demo.test`,
      role: Role.APPLICANT,
      fullName: `Projectleider ${p.acronym}`,
      organisation: { name: p.lead.name, enterpriseNumber: p.lead.enterpriseNumber, type: p.lead.type, province: p.province },
    };
  }

  /** Moves the demo's clock, when the seed runs with a hand-moved clock. */
  private at(instant: Date | string): void {
    if (this.clock instanceof ManualClock) this.clock.set(instant);
  }

  async actorFor(email: string): Promise<Actor> {
    const user = await this.db.getRepository(User).findOneByOrFail({ email });
    return { userId: user.id, email: user.email, roles: user.roles, organisationId: user.organisationId, correlationId: 'seed' };
  }

  private async ensureUser(account: DemoAccount): Promise<void> {
    if (await this.db.getRepository(User).existsBy({ email: account.email })) return;
    await this.auth.createUser(
      { email: account.email, password: DEMO_PASSWORD, fullName: account.fullName, roles: [account.role], organisation: account.organisation },
      systemActor('seed'),
    );
  }
}
