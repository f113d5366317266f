import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { loadApplication } from '../application-access';
import { ApplicationErrors } from '../applications.errors';
import { ApplicationStatus } from '../domain/application-status';
import { ApplicationPartner } from '../entities/application-partner.entity';
import { Application } from '../entities/application.entity';
import { CallsReader } from '../../calls/calls-reader';
import type { Call } from '../../calls/entities/call.entity';
import { AuditService } from '../../core/audit/audit.service';
import { readerFor } from '../../core/database/entity-reader';
import { Actor } from '../../core/domain/actor';
import { normaliseEnterpriseNumber } from '../../core/domain/belgian-identifiers.rule';
import { FieldError, validationFailed } from '../../core/errors/domain.error';
import { formatPercent } from '../../core/format/nl-be';
import { staleVersion } from '../../core/http/etag';
import { computeBudgetSummary } from './domain/budget.calculator';
import { BudgetInput, BudgetLine, BudgetSummary } from './domain/budget.types';
import { checkConsortium } from './domain/consortium.rule';
import { hasErrors } from './domain/finding';
import { BudgetDto, BudgetLineDto, BudgetSummaryDto, PutBudgetDto } from './dto/budget.dto';
import { BudgetLineEntity } from './entities/budget-line.entity';

export interface LoadedBudget {
  call: Call;
  partners: ApplicationPartner[];
  lines: BudgetLineEntity[];
  summary: BudgetSummary;
  summaryDto: BudgetSummaryDto;
}

@Injectable()
export class BudgetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly callRecords: CallsReader,
  ) {}

  async getBudget(id: string, actor: Actor): Promise<BudgetDto> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const application = await loadApplication(manager, id, actor, 'read');
      return this.toBudgetDto(application, await this.load(manager, application));
    });
  }

  async summary(id: string, actor: Actor): Promise<BudgetSummaryDto> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const application = await loadApplication(manager, id, actor, 'read');
      return (await this.load(manager, application)).summaryDto;
    });
  }

  /** Replaces the whole budget of a draft in one transaction. */
  async putBudget(id: string, dto: PutBudgetDto, expected: number | undefined, actor: Actor): Promise<BudgetDto> {
    return this.db.transaction(async (manager) => {
      const application = await loadApplication(manager, id, actor, 'lead');
      if (expected !== undefined && expected !== application.version) throw staleVersion('The proposal', application.version);
      if (application.status !== ApplicationStatus.DRAFT) throw ApplicationErrors.notEditable(application.status);
      const partners = await manager.findBy(ApplicationPartner, { applicationId: id });
      const partnerIds = new Map(partners.map((p) => [p.enterpriseNumber, p.id]));
      const unknown: FieldError[] = [];
      const rows = dto.lines.map((line, position) => {
        const number = normaliseEnterpriseNumber(line.partner);
        const partnerId = number.ok ? partnerIds.get(number.value) : undefined;
        if (!partnerId) {
          unknown.push({ field: `lines[${position}].partner`, code: 'UNKNOWN_PARTNER', message: `${line.partner} is not a partner of this proposal` });
        }
        const staff = line.kind === 'STAFF';
        return {
          applicationId: id,
          partnerId: partnerId ?? '',
          position,
          category: line.category,
          kind: line.kind,
          year: line.year,
          description: staff ? line.function! : line.description!,
          annualGrossCost: staff ? line.annualGrossCost! : null,
          hours: staff ? line.hours! : null,
          fteNumerator: staff ? (line.fte?.numerator ?? 1) : null,
          fteDenominator: staff ? (line.fte?.denominator ?? 1) : null,
          amount: staff ? null : line.amount!,
          vatIncluded: staff ? false : (line.vatIncluded ?? false),
          vatAmount: staff ? 0 : (line.vatAmount ?? 0),
        };
      });
      rows.forEach((row, i) => {
        if (row.amount !== null && row.vatAmount > row.amount) {
          unknown.push({ field: `lines[${i}].vatAmount`, code: 'VAT_ABOVE_AMOUNT', message: 'vatAmount may not exceed amount' });
        }
      });
      if (unknown.length > 0) throw validationFailed(unknown, 'Some budget lines are not valid');

      const before = { lines: await manager.countBy(BudgetLineEntity, { applicationId: id }), requestedSubsidy: application.requestedSubsidy };
      await manager.delete(BudgetLineEntity, { applicationId: id });
      if (rows.length > 0) await manager.insert(BudgetLineEntity, rows);
      const requested = dto.requestedSubsidy ?? null;
      const [[bumped]] = (await manager.query(
        `UPDATE applications SET version = version + 1, updated_at = now(), requested_subsidy_cents = $2 WHERE id = $1 RETURNING version`,
        [id, requested],
      )) as [[{ version: number }], number];
      application.version = bumped.version;
      application.requestedSubsidy = requested;
      await this.audit.record(manager, actor, {
        action: 'application.budget_replaced',
        entityType: 'application',
        entityId: id,
        before,
        after: { lines: rows.length, requestedSubsidy: requested },
      });
      return this.toBudgetDto(application, await this.load(manager, application));
    });
  }

  /**
   * Call, partners, lines and the computed summary of one proposal, as one consistent read;
   * `cachedCall` spares reading a call the caller already has.
   */
  async load(manager: EntityManager, application: Application, cachedCall?: Call): Promise<LoadedBudget> {
    // One after the other: inside a transaction they share one connection.
    const call = cachedCall?.id === application.callId ? cachedCall : await this.callRecords.find(manager, application.callId);
    if (!call) throw new Error(`call ${application.callId} of proposal ${application.id} is missing`);
    const partners = await readerFor(manager, ApplicationPartner).allBy('application_id', application.id, 'position', manager);
    const lines = await readerFor(manager, BudgetLineEntity).allBy('application_id', application.id, 'position', manager);
    const input: BudgetInput = {
      partners: partners.map((p) => ({ id: p.id, name: p.name, organisationType: p.organisationType, isLead: p.role === 'LEAD' })),
      lines: lines.map(toDomainLine),
      requestedSubsidy: application.requestedSubsidy,
    };
    const summary = computeBudgetSummary(input, call.rules, call.capPerProject);
    const consortium = checkConsortium(
      partners.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name, organisationType: p.organisationType, isLead: p.role === 'LEAD' })),
      call.rules.consortium,
    );
    const numbers = new Map(partners.map((p) => [p.id, p.enterpriseNumber]));
    const findings = [...consortium, ...summary.findings];
    const summaryDto: BudgetSummaryDto = {
      applicationId: application.id,
      partners: summary.partners.map((p) => ({ ...p, enterpriseNumber: numbers.get(p.partnerId) ?? '' })),
      totals: summary.totals,
      totalCostIncludingVat: summary.totalCostIncludingVat,
      vatEligible: summary.vatEligible,
      maxSubsidy: summary.maxSubsidy,
      requestedSubsidy: summary.requestedSubsidy,
      subsidy: summary.subsidy,
      fundingSources: summary.fundingSources,
      // Only for calls that have them, so that other calls' summaries (and snapshots) stay as they were.
      ...(summary.matchingCofinancing ? { matchingCofinancing: summary.matchingCofinancing } : {}),
      ownContribution: summary.ownContribution,
      ...(call.rules.yearlyContribution ? { contributionByYear: summary.contributionByYear } : {}),
      effectiveRate: summary.effectiveRate,
      effectiveRatePercent: formatPercent(summary.effectiveRate.numerator, summary.effectiveRate.denominator),
      findings,
      submittable: !hasErrors(findings),
    };
    return { call, partners, lines, summary, summaryDto };
  }

  private toBudgetDto(application: Application, loaded: LoadedBudget): BudgetDto {
    const numbers = new Map(loaded.partners.map((p) => [p.id, p.enterpriseNumber]));
    const costs = new Map(loaded.summary.lines.map((l) => [l.lineId, l.directCost]));
    return {
      applicationId: application.id,
      version: application.version,
      requestedSubsidy: application.requestedSubsidy,
      lines: loaded.lines.map(
        (l): BudgetLineDto => ({
          id: l.id,
          partner: numbers.get(l.partnerId) ?? '',
          kind: l.kind,
          category: l.category,
          year: l.year,
          description: l.description,
          annualGrossCost: l.annualGrossCost,
          hours: l.hours,
          fte: l.kind === 'STAFF' ? { numerator: l.fteNumerator ?? 1, denominator: l.fteDenominator ?? 1 } : null,
          amount: l.amount,
          vatIncluded: l.vatIncluded,
          vatAmount: l.vatAmount,
          directCost: costs.get(l.id) ?? 0,
        }),
      ),
    };
  }
}

function toDomainLine(l: BudgetLineEntity): BudgetLine {
  if (l.kind === 'STAFF') {
    return {
      kind: 'STAFF',
      id: l.id,
      partnerId: l.partnerId,
      category: l.category,
      year: l.year,
      function: l.description,
      annualGrossCost: l.annualGrossCost ?? 0,
      hours: l.hours ?? 0,
      fte: { numerator: l.fteNumerator ?? 1, denominator: l.fteDenominator ?? 1 },
    };
  }
  return {
    kind: 'REAL',
    id: l.id,
    partnerId: l.partnerId,
    category: l.category,
    year: l.year,
    description: l.description,
    amount: l.amount ?? 0,
    vatIncluded: l.vatIncluded,
    vatAmount: l.vatAmount,
  };
}
