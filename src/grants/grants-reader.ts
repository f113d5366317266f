import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { CallRules } from '../calls/domain/call-rules';
import { readerFor } from '../core/database/entity-reader';
import { Actor } from '../core/domain/actor';
import { CostStatementLine } from './cost-statements/entities/cost-statement-line.entity';
import { CostStatement } from './cost-statements/entities/cost-statement.entity';
import { Grant, GrantStatus } from './entities/grant.entity';
import { loadGrant } from './grant-access';
import { GrantFinance, loadGrantFinance } from './grant-finance';
import { ReportingPeriod } from './reporting-periods/entities/reporting-period.entity';
import type { PaidToAccount } from './bank-accounts/bank-accounts.service';
import type { Payment } from './payments/entities/payment.entity';
import { paidToAccount } from './payments/payments.service';

/**
 * How other features read grants and what hangs off them (reporting calendar, cost statements,
 * payments): the grants feature owns the tables, so the queries stay here and the features that
 * need them import `GrantsModule`. Each method runs in the caller's transaction.
 */
@Injectable()
export class GrantsReader {
  /** A grant the actor may read, with the same answer as the grant's own routes. */
  readable(manager: EntityManager, id: string, actor: Actor): Promise<Grant> {
    return loadGrant(manager, id, actor, 'read');
  }

  /** The grant, or null; `lock` takes the row lock every change to the grant serialises on. */
  find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<Grant | null> {
    return options.lock ? manager.findOne(Grant, { where: { id }, lock: { mode: 'pessimistic_write' } }) : manager.findOneBy(Grant, { id });
  }

  /** The grant of a proposal, or null when it has none. */
  findOfApplication(manager: EntityManager, applicationId: string): Promise<Grant | null> {
    return manager.findOneBy(Grant, { applicationId });
  }

  /** The grant an awarded proposal became. */
  ofApplication(manager: EntityManager, applicationId: string): Promise<Grant> {
    return manager.findOneByOrFail(Grant, { applicationId });
  }

  finance(manager: EntityManager, grants: readonly Grant[], rulesByCall: ReadonlyMap<string, Pick<CallRules, 'retentionRate'>>): Promise<Map<string, GrantFinance>> {
    return loadGrantFinance(manager, grants, rulesByCall);
  }

  // Prepared reads: statements of 200 lines are fetched many times over at period end.
  periods(manager: EntityManager, grantId: string): Promise<ReportingPeriod[]> {
    return readerFor(manager, ReportingPeriod).allBy('grant_id', grantId, 'number', manager);
  }

  statementsOfPeriod(manager: EntityManager, periodId: string): Promise<CostStatement[]> {
    return readerFor(manager, CostStatement).allBy('period_id', periodId, 'id', manager);
  }

  statementLines(manager: EntityManager, statementId: string): Promise<CostStatementLine[]> {
    return readerFor(manager, CostStatementLine).allBy('statement_id', statementId, 'position', manager);
  }

  /** The bank account a paid payment went to, as it was when marked paid (issue 15); null before. */
  paidTo(payment: Payment): PaidToAccount | null {
    return paidToAccount(payment);
  }

  /** Of the call's active and closed grants, the first by number in each province. */
  async standingOnePerProvince(manager: EntityManager, callId: string): Promise<Grant[]> {
    const perProvince = (await manager.query(
      `SELECT DISTINCT ON (g.snapshot -> 'application' ->> 'province') g.id FROM grants g
       WHERE g.call_id = $1 AND g.status = ANY($2::text[]) ORDER BY g.snapshot -> 'application' ->> 'province', g.grant_number`,
      [callId, STANDING],
    )) as { id: string }[];
    return perProvince.length ? manager.findBy(Grant, { id: In(perProvince.map((g) => g.id)) }) : [];
  }

  /** When the call's active and closed grants last changed: the latest decision and the latest payment. */
  async standingLastChanges(manager: EntityManager, callId: string): Promise<{ decided: Date | null; paid: Date | null } | undefined> {
    const [latest] = (await manager.query(
      `SELECT max(g.decided_at) AS decided, (SELECT max(p.created_at) FROM payments p JOIN grants pg ON pg.id = p.grant_id
                                             WHERE pg.call_id = $1 AND pg.status = ANY($2::text[])) AS paid
       FROM grants g WHERE g.call_id = $1 AND g.status = ANY($2::text[])`,
      [callId, STANDING],
    )) as { decided: Date | null; paid: Date | null }[];
    return latest;
  }
}

const STANDING = [GrantStatus.ACTIVE, GrantStatus.CLOSED];
