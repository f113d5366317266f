import { ApplicationStatus } from '../../src/applications/domain/application-status';
import { Application } from '../../src/applications/entities/application.entity';
import { CallStatus } from '../../src/calls/domain/call-status';
import { Call } from '../../src/calls/entities/call.entity';
import { Role } from '../../src/core/domain/roles';
import { DomainError } from '../../src/core/errors/domain.error';
import { DecisionsService } from '../../src/evaluations/decisions.service';
import { CostStatementsService } from '../../src/grants/cost-statements/cost-statements.service';
import { Grant, GrantStatus } from '../../src/grants/entities/grant.entity';
import { seedGrantReportingDemo } from '../../src/grants/grants.demo';
import { GrantsService } from '../../src/grants/grants.service';
import { BankAccountsService } from '../../src/grants/bank-accounts/bank-accounts.service';
import { PaymentsService } from '../../src/grants/payments/payments.service';
import { ProgressReportsService } from '../../src/grants/progress-reports/progress-reports.service';
import { ReportingPeriod } from '../../src/grants/reporting-periods/entities/reporting-period.entity';
import { scoredProposal } from './support/round';
import { createServiceWorld, ServiceWorld } from './support/service-world';

/** The paths where one feature asks another to write its tables, run through the services. */
describe('award → grant → approval → payment (service tier)', () => {
  let world: ServiceWorld;
  beforeAll(async () => {
    world = await createServiceWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  const auditOf = async (entityId: string) =>
    ((await world.db.query(`SELECT action, after FROM audit_log WHERE entity_id = $1 ORDER BY id`, [entityId])) as { action: string; after: Record<string, unknown> }[]).map((r) => r.action);

  it('a decision has the grants feature create the grant with its calendar, and moves proposal and call', async () => {
    const round = await scoredProposal(world);
    const decisions = world.get(DecisionsService);
    world.clock.set('2020-12-01T09:00:00Z');
    const proposal = await decisions.awardProposal(round.callId, round.pm);
    const decision = await decisions.decide(round.callId, { proposalId: proposal.id, startDate: '2021-03-01' }, round.pm);

    expect(decision).toMatchObject({ awarded: 1, reserve: 0, rejected: 0 });
    const grant = await world.db.getRepository(Grant).findOneByOrFail({ id: decision.grants[0].id });
    expect(grant).toMatchObject({ applicationId: round.applicationId, status: GrantStatus.ACTIVE, startDate: '2021-03-01', awardProposalId: proposal.id });
    expect(grant.grantNumber).toMatch(/-G001$/);
    expect(await world.db.getRepository(ReportingPeriod).countBy({ grantId: grant.id })).toBeGreaterThan(1);
    expect(await world.db.getRepository(Application).findOneByOrFail({ id: round.applicationId })).toMatchObject({ status: ApplicationStatus.AWARDED });
    expect(await world.db.getRepository(Call).findOneByOrFail({ id: round.callId })).toMatchObject({ status: CallStatus.DECIDED });
    expect(await auditOf(grant.id)).toEqual(['grant.created']);
    expect(await auditOf(round.applicationId)).toEqual(expect.arrayContaining(['application.submitted', 'application.admissible', 'application.awarded']));
    expect(await auditOf(round.callId)).toEqual(expect.arrayContaining(['call.published', 'call.evaluation_started', 'call.award_proposed', 'call.decided']));
    const notified = await world.db.query(`SELECT user_id FROM notifications WHERE kind = 'GRANT_AWARDED' AND entity_id = $1`, [grant.id]);
    expect(notified).toEqual([{ user_id: round.lead.userId }]);

    // The approved cost statement plans the interim payment; marking it paid settles it.
    const finance = await world.actor(Role.FINANCE_OFFICER);
    const result = await seedGrantReportingDemo(
      { grants: world.get(GrantsService), progressReports: world.get(ProgressReportsService), costStatements: world.get(CostStatementsService), payments: world.get(PaymentsService), bankAccounts: world.get(BankAccountsService), clock: world.clock },
      { grantId: grant.id, lead: round.lead, finance },
    );
    expect(result.paymentId).not.toBeNull();
    const moves = ['cost_statement.submitted', 'cost_statement.review_started', 'cost_statement.approved'];
    expect((await auditOf(result.costStatementId)).filter((a) => moves.includes(a))).toEqual(moves);
    const [payment] = await world.db.query(`SELECT kind, status, amount_cents::int AS amount, cost_statement_id FROM payments WHERE id = $1`, [result.paymentId]);
    expect(payment).toMatchObject({ kind: 'INTERIM', status: 'PAID', cost_statement_id: result.costStatementId });
    expect(payment.amount).toBeGreaterThan(0);
    expect(await auditOf(result.paymentId!)).toEqual(['payment.planned', 'payment.paid']);

    // A paid grant cannot be withdrawn: the decision asks the payments feature, and nothing moves.
    const refused = await decisions.withdrawGrant(grant.id, { reason: 'Project stopgezet' }, round.pm).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'GRANT_HAS_PAYMENTS' });
    expect(await world.db.getRepository(Grant).findOneByOrFail({ id: grant.id })).toMatchObject({ status: GrantStatus.ACTIVE });
  });

  it('withdrawing an unpaid grant withdraws the award through the applications feature, in one transaction', async () => {
    const round = await scoredProposal(world);
    const decisions = world.get(DecisionsService);
    world.clock.set('2020-12-01T09:00:00Z');
    const proposal = await decisions.awardProposal(round.callId, round.pm);
    const decision = await decisions.decide(round.callId, { proposalId: proposal.id, startDate: '2021-03-01' }, round.pm);
    const grantId = decision.grants[0].id;

    world.clock.set('2021-01-10T09:00:00Z');
    const withdrawn = await decisions.withdrawGrant(grantId, { reason: ' Project stopgezet ' }, round.pm);
    expect(withdrawn.status).toBe(GrantStatus.WITHDRAWN);
    expect(await world.db.getRepository(Grant).findOneByOrFail({ id: grantId })).toMatchObject({ status: GrantStatus.WITHDRAWN, withdrawalReason: 'Project stopgezet' });
    expect(await world.db.getRepository(Application).findOneByOrFail({ id: round.applicationId })).toMatchObject({
      status: ApplicationStatus.WITHDRAWN,
      outcomeReason: 'award withdrawn: Project stopgezet',
    });
    expect(await auditOf(grantId)).toEqual(['grant.created', 'grant.withdrawn']);
    expect((await auditOf(round.applicationId)).at(-1)).toBe('application.award_withdrawn');

    // A second withdrawal finds the grant withdrawn and changes nothing.
    await expect(decisions.withdrawGrant(grantId, { reason: 'Nogmaals' }, round.pm)).rejects.toBeInstanceOf(DomainError);
    expect(await auditOf(grantId)).toEqual(['grant.created', 'grant.withdrawn']);
  });
});
