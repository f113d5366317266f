import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuthReader } from '../auth/auth-reader';
import type { Organisation } from '../auth/entities/organisation.entity';
import { BudgetsService } from './budgets/budgets.service';
import { isOpenAt, statusAt, CallStatus } from '../calls/domain/call-status';
import { CallCache } from '../calls/call-cache';
import { CallsReader } from '../calls/calls-reader';
import type { Call } from '../calls/entities/call.entity';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { canonicalJson, sha256Hex } from '../core/crypto/canonical-json';
import { Actor } from '../core/domain/actor';
import { normaliseEnterpriseNumber } from '../core/domain/belgian-identifiers.rule';
import { FieldError, notFound } from '../core/errors/domain.error';
import { staleVersion } from '../core/http/etag';
import { Page, page } from '../core/http/pagination';
import { SqlStatement } from '../core/database/statements';
import { once } from '../core/idempotency/idempotency';
import { toBrussels } from '../core/time/brussels';
import { applyTransition, transitionWrites } from '../core/domain/state-machine';
import { loadApplication, restrictToVisible } from './application-access';
import { ApplicationErrorCode, ApplicationErrors } from './applications.errors';
import { ApplicationStatus, PartnerRole } from './domain/application-status';
import { ApplicationAction, applicationMachine } from './domain/application.machine';
import { submissionProblems } from './domain/submission.rule';
import {
  ApplicationDto,
  CreateApplicationDto,
  ListApplicationsQuery,
  PartnerInput,
  ReceiptDto,
  UpdateApplicationDto,
} from './dto/application.dto';
import { ApplicationPartner } from './entities/application-partner.entity';
import { ApplicationSubmission } from './entities/application-submission.entity';
import { Application } from './entities/application.entity';

const DUPLICATE_PROBLEM: FieldError = {
  field: 'province',
  code: ApplicationErrorCode.DUPLICATE_SUBMISSION,
  message: 'Your organisation already submitted a proposal as lead for this call and province',
};

/** What moves with a proposal's status, and how the move is written in the audit trail. */
export interface ApplicationChange {
  fields?: Partial<Pick<Application, 'admissibilityReason' | 'admissibilityDecidedAt' | 'admissibilityDecidedBy' | 'outcomeReason' | 'withdrawnAt'>>;
  audit: { action: string; before: unknown; after: Record<string, unknown> };
}

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly budgets: BudgetsService,
    private readonly calls: CallCache,
    private readonly callRecords: CallsReader,
    private readonly auth: AuthReader,
  ) {}

  async create(callId: string, dto: CreateApplicationDto, actor: Actor): Promise<ApplicationDto> {
    if (!actor.organisationId) throw ApplicationErrors.noOrganisation();
    return this.db.transaction(async (manager) => {
      const call = await this.callRecords.find(manager, callId);
      if (!call || call.status === CallStatus.DRAFT) throw notFound('The call');
      const now = this.clock.now();
      const status = statusAt(call, now);
      if (status !== CallStatus.PUBLISHED && status !== CallStatus.OPEN) {
        throw ApplicationErrors.callNotAccepting(`The call ${call.code} is ${status.toLowerCase()}: no new proposals`);
      }
      const lead = await this.auth.getOrganisation(manager, actor.organisationId!);
      const partners = this.normalisePartners(dto.partners ?? [], lead);
      const application = await manager.save(
        manager.create(Application, {
          callId,
          leadOrganisationId: lead.id,
          title: dto.title.trim(),
          acronym: dto.acronym.trim(),
          summary: dto.summary ?? '',
          province: dto.province,
          startDate: dto.startDate ?? null,
          status: ApplicationStatus.DRAFT,
          requestedSubsidy: null,
          submittedAt: null,
          withdrawnAt: null,
          createdBy: actor.userId,
        }),
      );
      const saved = await manager.save(partners.map((p) => manager.create(ApplicationPartner, { ...p, applicationId: application.id })));
      const dtoOut = ApplicationDto.from(application, saved);
      await this.audit.record(manager, actor, { action: 'application.created', entityType: 'application', entityId: application.id, after: dtoOut });
      return dtoOut;
    });
  }

  /**
   * A page of proposals, newest first, in four statements whose cost follows the page, not the
   * table: the count (no join), the page's ids from the (created_at DESC, id) index (read from
   * the nearer end, so the last page costs what the first does), their rows, and their partners
   * with one `= ANY($ids)`. `after` pages by keyset instead of by offset.
   */
  async list(query: ListApplicationsQuery, actor: Actor): Promise<Page<ApplicationDto> & { nextCursor: string | null }> {
    const filtered = () => {
      const qb = restrictToVisible(this.db.getRepository(Application).createQueryBuilder('a'), actor);
      if (query.callId) qb.andWhere('a.call_id = :callId', { callId: query.callId });
      if (query.province) qb.andWhere('a.province = :province', { province: query.province });
      if (query.status) qb.andWhere('a.status = :status', { status: query.status });
      return qb;
    };
    const counted = (await filtered().select('count(*)::int', 'n').getRawOne<{ n: number }>())?.n ?? 0;
    const ids = filtered().select('a.id', 'id');
    let reversed = false;
    if (query.after) {
      const anchor = `(SELECT created_at FROM applications WHERE id = :after)`;
      ids.andWhere(`a.created_at <= ${anchor} AND (a.created_at < ${anchor} OR a.id > :after)`, { after: query.after });
      // One more than the page: whether there is a next page, without counting from here.
      ids.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'ASC').limit(query.pageSize + 1);
    } else if (query.offset * 2 > counted) {
      // Past the middle: read from the oldest end, then turn the page round.
      reversed = true;
      const fromEnd = Math.max(0, counted - query.offset - query.pageSize);
      ids.orderBy('a.created_at', 'ASC').addOrderBy('a.id', 'DESC').offset(fromEnd).limit(Math.max(0, Math.min(query.pageSize, counted - query.offset)));
    } else {
      ids.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'ASC').offset(query.offset).limit(query.pageSize);
    }
    const fetched = (await ids.getRawMany<{ id: string }>()).map((r) => r.id);
    const pageIds = fetched.slice(0, query.pageSize);
    if (reversed) pageIds.reverse();
    const rows = pageIds.length ? await this.db.getRepository(Application).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids: pageIds }).getMany() : [];
    const partners = pageIds.length
      ? await this.db.getRepository(ApplicationPartner).createQueryBuilder('p').where('p.application_id = ANY(:ids)', { ids: pageIds }).orderBy('p.position').addOrderBy('p.id').getMany()
      : [];
    const byId = new Map(rows.map((a) => [a.id, a]));
    const partnersOf = new Map<string, ApplicationPartner[]>();
    for (const p of partners) partnersOf.set(p.applicationId, [...(partnersOf.get(p.applicationId) ?? []), p]);
    const items = pageIds.flatMap((id) => {
      const a = byId.get(id);
      return a ? [ApplicationDto.from(a, partnersOf.get(id) ?? [])] : [];
    });
    const more = query.after ? fetched.length > query.pageSize : query.offset + pageIds.length < counted;
    return { ...page(items, counted, query), nextCursor: more && items.length > 0 ? items[items.length - 1].id : null };
  }

  async get(id: string, actor: Actor): Promise<ApplicationDto> {
    const application = await loadApplication(this.db.manager, id, actor, 'read');
    return ApplicationDto.from(application, await this.db.manager.findBy(ApplicationPartner, { applicationId: id }));
  }

  async update(id: string, dto: UpdateApplicationDto, expected: number | undefined, actor: Actor): Promise<ApplicationDto> {
    return this.db.transaction(async (manager) => {
      const application = await this.loadDraftForEdit(manager, id, expected, actor);
      const before = { title: application.title, acronym: application.acronym, summary: application.summary, province: application.province, startDate: application.startDate };
      if (dto.title !== undefined) application.title = dto.title.trim();
      if (dto.acronym !== undefined) application.acronym = dto.acronym.trim();
      if (dto.summary !== undefined) application.summary = dto.summary;
      if (dto.province !== undefined) application.province = dto.province;
      if (dto.startDate !== undefined) application.startDate = dto.startDate;
      const saved = await manager.save(application);
      const after = { title: saved.title, acronym: saved.acronym, summary: saved.summary, province: saved.province, startDate: saved.startDate };
      await this.audit.record(manager, actor, { action: 'application.updated', entityType: 'application', entityId: id, before, after });
      return ApplicationDto.from(saved, await manager.findBy(ApplicationPartner, { applicationId: id }));
    });
  }

  /**
   * Replaces the consortium. Partners keep their id (and budget lines) when their enterprise
   * number stays; a partner left out loses its budget lines with it.
   */
  async putPartners(id: string, input: PartnerInput[], expected: number | undefined, actor: Actor): Promise<ApplicationDto> {
    return this.db.transaction(async (manager) => {
      const application = await this.loadDraftForEdit(manager, id, expected, actor);
      const lead = await this.auth.getOrganisation(manager, application.leadOrganisationId);
      const partners = this.normalisePartners(input, lead, true);
      const existing = await manager.findBy(ApplicationPartner, { applicationId: id });
      const byNumber = new Map(existing.map((p) => [p.enterpriseNumber, p]));
      const keep = new Set(partners.map((p) => p.enterpriseNumber));
      const removed = existing.filter((p) => !keep.has(p.enterpriseNumber));
      if (removed.length > 0) await manager.delete(ApplicationPartner, removed.map((p) => p.id));
      // Two passes so the one-lead index never sees two leads at once while roles swap.
      for (const p of partners) {
        const current = byNumber.get(p.enterpriseNumber);
        if (current && current.role === PartnerRole.LEAD && p.role !== PartnerRole.LEAD) await manager.update(ApplicationPartner, current.id, { role: p.role });
      }
      for (const p of partners) {
        const current = byNumber.get(p.enterpriseNumber);
        if (current) await manager.update(ApplicationPartner, current.id, { name: p.name, organisationType: p.organisationType, role: p.role, position: p.position });
        else await manager.insert(ApplicationPartner, { ...p, applicationId: id });
      }
      await manager.query(`UPDATE applications SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      const saved = await manager.findBy(ApplicationPartner, { applicationId: id });
      await this.audit.record(manager, actor, {
        action: 'application.partners_replaced',
        entityType: 'application',
        entityId: id,
        before: existing.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name, role: p.role })),
        after: saved.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name, role: p.role })),
      });
      const reloaded = await manager.findOneByOrFail(Application, { id });
      return ApplicationDto.from(reloaded, saved);
    });
  }

  /**
   * Submits a draft: every rule is checked at the server's instant, the proposal and its budget
   * summary are frozen as a snapshot with a SHA-256 receipt, all in one transaction. A retry
   * with the same Idempotency-Key replays the first result.
   */
  async submit(id: string, idempotencyKey: string, actor: Actor): Promise<{ receipt: ReceiptDto; replayed: boolean }> {
    try {
      const result = await this.db.transaction((manager) =>
        once(manager, actor.userId, idempotencyKey, 'application.submit', sha256Hex(`submit:${id}`), async () => {
          const { receipt, writes } = await this.doSubmit(manager, id, actor);
          return { status: 200, body: receipt, writes };
        }),
      );
      return { receipt: result.body, replayed: result.replayed };
    } catch (error) {
      // Reached when no other reason refused the proposal (see doSubmit) or two ran at once.
      if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'applications_one_submitted_per_lead') {
        throw ApplicationErrors.submissionRefused([DUPLICATE_PROBLEM]);
      }
      throw error;
    }
  }

  async receipt(id: string, actor: Actor): Promise<ReceiptDto> {
    const application = await loadApplication(this.db.manager, id, actor, 'read');
    const submission = await this.db.manager.findOneBy(ApplicationSubmission, { applicationId: id });
    if (!submission) throw ApplicationErrors.notSubmitted();
    const call = await this.callRecords.get(this.db.manager, application.callId);
    return toReceipt(submission, call);
  }

  /**
   * Moves a proposal on another feature's behalf (screening, the decision, a withdrawn award),
   * inside that feature's transaction: the applications feature alone writes its table.
   */
  async transition(manager: EntityManager, application: Application, action: ApplicationAction, actor: Actor, change: ApplicationChange): Promise<ApplicationStatus> {
    const to = await applyTransition(applicationMachine, application.status, action, actor.roles, {
      apply: (next) => manager.update(Application, application.id, { ...change.fields, status: next }),
      audit: (next) => this.audit.record(manager, actor, { action: change.audit.action, entityType: 'application', entityId: application.id, before: change.audit.before, after: { status: next, ...change.audit.after } }),
    });
    Object.assign(application, change.fields, { status: to });
    return to;
  }

  async withdraw(id: string, actor: Actor): Promise<ApplicationDto> {
    return this.db.transaction(async (manager) => {
      const application = await loadApplication(manager, id, actor, 'lead');
      if (application.status !== ApplicationStatus.DRAFT && application.status !== ApplicationStatus.SUBMITTED) {
        throw ApplicationErrors.withdrawalClosed(`A ${application.status.toLowerCase()} proposal cannot be withdrawn`);
      }
      const call = await this.callRecords.get(manager, application.callId);
      const now = this.clock.now();
      if (now.getTime() >= call.closesAt.getTime()) {
        throw ApplicationErrors.withdrawalClosed(`The call closed at ${toBrussels(call.closesAt)}; the proposal can no longer be withdrawn`);
      }
      const before = application.status;
      let saved = application;
      await applyTransition(applicationMachine, before, 'withdraw', actor.roles, {
        apply: async (to) => {
          application.status = to;
          application.withdrawnAt = now;
          saved = await manager.save(application);
        },
        audit: () => this.audit.record(manager, actor, { action: 'application.withdrawn', entityType: 'application', entityId: id, before: { status: before }, after: { status: saved.status } }),
      });
      return ApplicationDto.from(saved, await manager.findBy(ApplicationPartner, { applicationId: id }));
    });
  }

  /**
   * Checks and freezes the proposal. Its writes (snapshot, status, audit entry) are returned,
   * not made: `once` makes them in one round trip with the stored answer.
   */
  private async doSubmit(manager: EntityManager, id: string, actor: Actor): Promise<{ receipt: ReceiptDto; writes: SqlStatement[] }> {
    const application = await loadApplication(manager, id, actor, 'lead');
    if (application.status !== ApplicationStatus.DRAFT) {
      if (application.status === ApplicationStatus.SUBMITTED) throw ApplicationErrors.alreadySubmitted();
      throw ApplicationErrors.notEditable(application.status);
    }
    const now = this.clock.now();
    // Cached: a published call's instants and rules are frozen (trigger), and only published
    // calls take proposals.
    const call = await this.calls.get(application.callId, manager);
    const loaded = await this.budgets.load(manager, application, call ?? undefined);
    const problems: FieldError[] = submissionProblems({
      application,
      callOpen: isOpenAt(loaded.call, now),
      callStatus: statusAt(loaded.call, now),
      closesAtLocal: toBrussels(loaded.call.closesAt),
      findings: loaded.summaryDto.findings,
    });
    // Alone, a second submission is refused by the unique index when the proposal is written
    // (mapped in submit()); the query is spent only to list it with the other reasons.
    if (problems.length > 0) {
      const duplicate = await manager.query(
        `SELECT 1 FROM applications WHERE call_id = $1 AND lead_organisation_id = $2 AND province = $3
           AND status NOT IN ('DRAFT', 'WITHDRAWN') AND id <> $4 LIMIT 1`,
        [application.callId, application.leadOrganisationId, application.province, id],
      );
      if ((duplicate as unknown[]).length > 0) problems.push(DUPLICATE_PROBLEM);
      throw ApplicationErrors.submissionRefused(problems);
    }

    const snapshot = {
      application: {
        id: application.id,
        callId: application.callId,
        callCode: loaded.call.code,
        title: application.title,
        acronym: application.acronym,
        summary: application.summary,
        province: application.province,
        startDate: application.startDate,
        leadOrganisationId: application.leadOrganisationId,
        requestedSubsidy: application.requestedSubsidy,
        version: application.version,
      },
      partners: loaded.partners.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name, organisationType: p.organisationType, role: p.role })),
      budgetLines: loaded.lines.map((l) => ({
        partner: loaded.partners.find((p) => p.id === l.partnerId)?.enterpriseNumber ?? null,
        kind: l.kind,
        category: l.category,
        year: l.year,
        description: l.description,
        annualGrossCost: l.annualGrossCost,
        hours: l.hours,
        fte: l.kind === 'STAFF' ? { numerator: l.fteNumerator, denominator: l.fteDenominator } : null,
        amount: l.amount,
        vatIncluded: l.vatIncluded,
        vatAmount: l.vatAmount,
      })),
      budgetSummary: loaded.summaryDto,
      submittedAt: now.toISOString(),
    };
    // The canonical text is stored as it was hashed (jsonb parses it either way).
    const canonical = canonicalJson(snapshot);
    const sha256 = sha256Hex(canonical);
    const submission = manager.create(ApplicationSubmission, {
      applicationId: id,
      submittedAt: now,
      submittedBy: actor.userId,
      snapshot,
      snapshotSha256: sha256,
    });
    // Different rows each: they can go in one statement.
    const writes: SqlStatement[] = [
      {
        sql: `INSERT INTO application_submissions (application_id, submitted_at, submitted_by, snapshot, snapshot_sha256) VALUES ($1, $2, $3, $4, $5)`,
        params: [id, now, actor.userId, canonical, sha256],
      },
      ...transitionWrites<ApplicationStatus, ApplicationAction, SqlStatement>(applicationMachine, application.status, 'submit', actor.roles, {
        apply: (to) => ({
          sql: `UPDATE applications SET status = $4, submitted_at = $2, requested_subsidy_cents = $3, version = version + 1, updated_at = now() WHERE id = $1`,
          params: [id, now, loaded.summaryDto.subsidy, to],
        }),
        audit: (to) =>
          this.audit.statement(actor, {
            action: 'application.submitted',
            entityType: 'application',
            entityId: id,
            before: { status: ApplicationStatus.DRAFT },
            after: { status: to, submittedAt: now.toISOString(), sha256, subsidy: loaded.summaryDto.subsidy },
          }),
      }),
    ];
    return { receipt: toReceipt(submission, loaded.call), writes };
  }

  private async loadDraftForEdit(manager: EntityManager, id: string, expected: number | undefined, actor: Actor): Promise<Application> {
    const application = await loadApplication(manager, id, actor, 'lead');
    if (expected !== undefined && expected !== application.version) throw staleVersion('The proposal', application.version);
    if (application.status !== ApplicationStatus.DRAFT) throw ApplicationErrors.notEditable(application.status);
    return application;
  }

  /** Checks the list's shape; the lead is always the proposal's own organisation. */
  private normalisePartners(input: PartnerInput[], lead: Organisation, requireLead = false): Omit<ApplicationPartner, 'id' | 'applicationId' | 'application'>[] {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const out = input.map((p, i) => {
      const number = normaliseEnterpriseNumber(p.enterpriseNumber);
      const enterpriseNumber = number.ok ? number.value : p.enterpriseNumber;
      if (seen.has(enterpriseNumber)) errors.push({ field: `partners[${i}].enterpriseNumber`, code: 'DUPLICATE', message: `${p.enterpriseNumber} appears twice` });
      seen.add(enterpriseNumber);
      if (p.role === PartnerRole.LEAD && enterpriseNumber !== lead.enterpriseNumber) {
        errors.push({ field: `partners[${i}].role`, code: 'LEAD_MISMATCH', message: `the lead partner is ${lead.name} (${lead.enterpriseNumber}), the organisation that created the proposal` });
      }
      if (p.role !== PartnerRole.LEAD && enterpriseNumber === lead.enterpriseNumber) {
        errors.push({ field: `partners[${i}].role`, code: 'LEAD_MISMATCH', message: `${lead.name} leads this proposal; give it the role LEAD` });
      }
      return { enterpriseNumber, name: p.name.trim(), organisationType: p.organisationType, role: p.role, position: i + 1 };
    });
    const leads = out.filter((p) => p.role === PartnerRole.LEAD).length;
    if (leads > 1) errors.push({ field: 'partners', code: 'MULTIPLE_LEADS', message: 'exactly one partner has the role LEAD' });
    if (leads === 0) {
      if (requireLead) errors.push({ field: 'partners', code: 'NO_LEAD', message: 'exactly one partner has the role LEAD' });
      else out.unshift({ enterpriseNumber: lead.enterpriseNumber, name: lead.name, organisationType: lead.type, role: PartnerRole.LEAD, position: 0 });
    }
    if (errors.length > 0) throw ApplicationErrors.partnersInvalid(errors);
    return out;
  }
}

function toReceipt(submission: ApplicationSubmission, call: Call): ReceiptDto {
  return {
    applicationId: submission.applicationId,
    callId: call.id,
    reference: `${call.code}-${submission.snapshotSha256.slice(0, 8).toUpperCase()}`,
    submittedAt: submission.submittedAt.toISOString(),
    submittedAtBrussels: toBrussels(submission.submittedAt),
    sha256: submission.snapshotSha256,
    snapshot: submission.snapshot,
  };
}
