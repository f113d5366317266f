import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { Actor, hasRole, systemActor } from '../core/domain/actor';
import { STAFF_ROLES } from '../core/domain/roles';
import { applyBulkTransition, applyTransition } from '../core/domain/state-machine';
import { notFound } from '../core/errors/domain.error';
import { staleVersion } from '../core/http/etag';
import { Page, page } from '../core/http/pagination';
import { withAdvisoryLock } from '../core/scheduling/advisory-lock';
import { CallCache } from './call-cache';
import { CallErrors } from './calls.errors';
import { CallRules, defaultCallRules } from './domain/call-rules';
import { validateCallDefinition } from './domain/call-rules.validator';
import { CallAction, callMachine } from './domain/call.machine';
import { CallStatus, isPublic } from './domain/call-status';
import { closingExtensionRefusal } from './domain/closing-extension.rule';
import { CallDto, CreateCallDto, ListCallsQuery, PartialCallRulesDto, UpdateCallDto } from './dto/call.dto';
import { Call } from './entities/call.entity';

export interface ScheduleRunResult {
  ran: boolean;
  opened: number;
  closed: number;
}

@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cache: CallCache,
  ) {}

  async create(dto: CreateCallDto, actor: Actor): Promise<CallDto> {
    const candidate = this.db.getRepository(Call).create({
      code: dto.code,
      title: dto.title.trim(),
      description: dto.description ?? '',
      programme: dto.programme,
      status: CallStatus.DRAFT,
      opensAt: new Date(dto.opensAt),
      closesAt: new Date(dto.closesAt),
      envelope: dto.envelope,
      capPerProject: dto.capPerProject,
      referenceCost: dto.referenceCost,
      outcome: dto.outcome ?? 'GRANTS',
      rules: mergeRules(defaultCallRules(), dto.rules),
      createdBy: actor.userId,
      publishedAt: null,
    });
    this.assertConsistent(candidate);
    const saved = await this.db.transaction(async (manager) => {
      const inserted = await manager.createQueryBuilder().insert().into(Call).values(candidate).orIgnore().returning(['id']).execute();
      if (inserted.raw.length === 0) throw CallErrors.codeTaken(dto.code);
      const call = await manager.findOneByOrFail(Call, { id: (inserted.raw[0] as { id: string }).id });
      await this.audit.record(manager, actor, { action: 'call.created', entityType: 'call', entityId: call.id, after: call });
      return call;
    });
    return CallDto.from(saved, this.clock.now());
  }

  async update(id: string, dto: UpdateCallDto, expected: number | undefined, actor: Actor): Promise<CallDto> {
    const saved = await this.db.transaction(async (manager) => {
      const call = await this.lockCall(manager, id, actor);
      if (expected !== undefined && expected !== call.version) throw staleVersion('The call', call.version);
      if (call.status !== CallStatus.DRAFT) throw CallErrors.notDraft(call.status);
      const before = { ...call };
      if (dto.code !== undefined) call.code = dto.code;
      if (dto.title !== undefined) call.title = dto.title.trim();
      if (dto.description !== undefined) call.description = dto.description;
      if (dto.programme !== undefined) call.programme = dto.programme;
      if (dto.opensAt !== undefined) call.opensAt = new Date(dto.opensAt);
      if (dto.closesAt !== undefined) call.closesAt = new Date(dto.closesAt);
      if (dto.envelope !== undefined) call.envelope = dto.envelope;
      if (dto.capPerProject !== undefined) call.capPerProject = dto.capPerProject;
      if (dto.referenceCost !== undefined) call.referenceCost = dto.referenceCost;
      if (dto.outcome !== undefined) call.outcome = dto.outcome;
      if (dto.rules !== undefined) call.rules = mergeRules(call.rules, dto.rules);
      this.assertConsistent(call);
      if (dto.code !== undefined && dto.code !== before.code) {
        const taken = await manager.existsBy(Call, { code: dto.code });
        if (taken) throw CallErrors.codeTaken(dto.code);
      }
      const updated = await manager.save(call);
      await this.audit.record(manager, actor, { action: 'call.updated', entityType: 'call', entityId: id, before, after: updated });
      return updated;
    });
    this.cache.evict(id);
    return CallDto.from(saved, this.clock.now());
  }

  /**
   * Moves a call on the evaluation feature's behalf (into evaluation, decided), inside its
   * transaction; `after` adds to the status in the audit entry.
   */
  async transition(manager: EntityManager, call: Call, action: CallAction, actor: Actor, audit: { action: string; after?: Record<string, unknown> }): Promise<CallStatus> {
    const before = call.status;
    const to = await applyTransition(callMachine, before, action, actor.roles, {
      apply: (next) => manager.update(Call, call.id, { status: next }),
      audit: (next) => this.audit.record(manager, actor, { action: audit.action, entityType: 'call', entityId: call.id, before: { status: before }, after: { status: next, ...audit.after } }),
    });
    call.status = to;
    return to;
  }

  async publish(id: string, expected: number | undefined, actor: Actor): Promise<CallDto> {
    const saved = await this.db.transaction(async (manager) => {
      const call = await this.lockCall(manager, id, actor);
      if (expected !== undefined && expected !== call.version) throw staleVersion('The call', call.version);
      if (call.status !== CallStatus.DRAFT) throw CallErrors.notDraft(call.status);
      this.assertConsistent(call);
      const before = { status: call.status };
      let updated = call;
      await applyTransition(callMachine, call.status, 'publish', actor.roles, {
        apply: async (to) => {
          call.status = to;
          call.publishedAt = this.clock.now();
          updated = await manager.save(call);
        },
        audit: () =>
          this.audit.record(manager, actor, {
            action: 'call.published',
            entityType: 'call',
            entityId: id,
            before,
            after: { status: updated.status, publishedAt: updated.publishedAt },
          }),
      });
      return updated;
    });
    this.cache.evict(id);
    return CallDto.from(saved, this.clock.now());
  }

  /**
   * Moves the closing instant of a published call later, before it closes (the rule:
   * closing-extension.rule.ts). `alsoInTransaction` lets the feature that owns the proposals
   * tell their applicants in the same transaction. The scheduler and every open/closed check
   * read `closes_at`, so they follow the new instant at once.
   */
  async extendClosing(
    id: string,
    dto: { closesAt: string; reason: string },
    actor: Actor,
    alsoInTransaction: (manager: EntityManager, call: Call, previous: Date) => Promise<void> = async () => undefined,
  ): Promise<CallDto> {
    const closesAt = new Date(dto.closesAt);
    const reason = dto.reason.trim();
    const saved = await this.db.transaction(async (manager) => {
      const call = await this.lockCall(manager, id, actor);
      const previous = call.closesAt;
      const refusal = closingExtensionRefusal(call, closesAt, this.clock.now());
      if (refusal) throw CallErrors.closingNotExtendable(refusal, previous);
      let updated = call;
      await applyTransition(callMachine, call.status, 'extend_closing', actor.roles, {
        apply: async () => {
          call.closesAt = closesAt;
          this.assertConsistent(call);
          updated = await manager.save(call);
        },
        audit: () =>
          this.audit.record(manager, actor, {
            action: 'call.closing_extended',
            entityType: 'call',
            entityId: id,
            before: { closesAt: previous.toISOString() },
            after: { closesAt: closesAt.toISOString(), reason },
          }),
      });
      await alsoInTransaction(manager, updated, previous);
      return updated;
    });
    this.cache.evict(id);
    return CallDto.from(saved, this.clock.now());
  }

  async get(id: string, actor: Actor | undefined): Promise<{ call: CallDto; version: number }> {
    const call = await this.cache.get(id);
    if (!call || !this.canSee(call, actor)) throw notFound('The call');
    return { call: CallDto.from(call, this.clock.now()), version: call.version };
  }

  async list(query: ListCallsQuery, actor: Actor | undefined): Promise<Page<CallDto>> {
    const now = this.clock.now();
    const qb = this.db.getRepository(Call).createQueryBuilder('c').orderBy('c.opens_at', 'DESC').addOrderBy('c.code');
    if (!actor || !hasRole(actor, ...STAFF_ROLES)) qb.andWhere('c.status <> :draft', { draft: CallStatus.DRAFT });
    if (query.programme) qb.andWhere('c.programme = :programme', { programme: query.programme });
    if (query.status) {
      // Filter on the status as of now, so listings never wait for the scheduled job.
      switch (query.status) {
        case CallStatus.PUBLISHED:
          qb.andWhere(`c.status IN ('PUBLISHED','OPEN') AND c.opens_at > :now`, { now });
          break;
        case CallStatus.OPEN:
          qb.andWhere(`c.status IN ('PUBLISHED','OPEN') AND c.opens_at <= :now AND c.closes_at > :now`, { now });
          break;
        case CallStatus.CLOSED:
          qb.andWhere(`(c.status = 'CLOSED' OR (c.status IN ('PUBLISHED','OPEN') AND c.closes_at <= :now))`, { now });
          break;
        default:
          qb.andWhere('c.status = :status', { status: query.status });
      }
    }
    const [calls, total] = await qb.skip(query.offset).take(query.pageSize).getManyAndCount();
    return page(
      calls.map((c) => CallDto.from(c, now)),
      total,
      query,
    );
  }

  /**
   * Moves calls whose instant has passed: PUBLISHED → OPEN → CLOSED. Idempotent (each update
   * is conditional on the current status) and run under an advisory lock, so several
   * instances never act twice.
   */
  async applySchedule(): Promise<ScheduleRunResult> {
    const now = this.clock.now();
    const outcome = await withAdvisoryLock(this.db, 'efro:calls-schedule', async (manager) => {
      const actor = systemActor('calls-schedule');
      const opened = await applyBulkTransition(callMachine, 'open', actor.roles, {
        apply: async (from, to) =>
          ((await manager.query(
            `UPDATE calls SET status = $2, updated_at = now(), version = version + 1
             WHERE status = ANY($3) AND opens_at <= $1 AND closes_at > $1 RETURNING id`,
            [now, to, from],
          )) as [{ id: string }[], number])[0],
        audit: async (moved, to) => {
          for (const { id } of moved) {
            await this.audit.record(manager, actor, { action: 'call.opened', entityType: 'call', entityId: id, before: { status: 'PUBLISHED' }, after: { status: to } });
          }
        },
      }, { system: true });
      const closed = await applyBulkTransition(callMachine, 'close', actor.roles, {
        apply: async (from, to) =>
          ((await manager.query(
            `UPDATE calls SET status = $2, updated_at = now(), version = version + 1
             WHERE status = ANY($3) AND closes_at <= $1 RETURNING id`,
            [now, to, from],
          )) as [{ id: string }[], number])[0],
        audit: async (moved, to) => {
          for (const { id } of moved) {
            await this.audit.record(manager, actor, { action: 'call.closed', entityType: 'call', entityId: id, after: { status: to } });
          }
        },
      }, { system: true });
      for (const { id } of [...opened, ...closed]) this.cache.evict(id);
      return { opened: opened.length, closed: closed.length };
    });
    const result = outcome.ran ? { ran: true, ...outcome.result } : { ran: false, opened: 0, closed: 0 };
    if (result.opened || result.closed) this.logger.log(`call schedule: ${result.opened} opened, ${result.closed} closed`);
    return result;
  }

  private async lockCall(manager: EntityManager, id: string, actor: Actor): Promise<Call> {
    const call = await manager.findOne(Call, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!call || !this.canSee(call, actor)) throw notFound('The call');
    return call;
  }

  private canSee(call: Call, actor: Actor | undefined): boolean {
    return isPublic(call.status) || (actor !== undefined && hasRole(actor, ...STAFF_ROLES));
  }

  private assertConsistent(call: Call): void {
    const errors = validateCallDefinition(call);
    if (errors.length > 0) throw CallErrors.inconsistent(errors);
  }
}

/** Rules given in a request replace the defaults (or current rules) key by key. */
function mergeRules(base: CallRules, patch: PartialCallRulesDto | undefined): CallRules {
  if (!patch) return base;
  const merged: CallRules = { ...base };
  for (const [key, value] of Object.entries(patch) as [keyof CallRules, CallRules[keyof CallRules]][]) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return JSON.parse(JSON.stringify(merged)) as CallRules;
}
