import { SubmissionSnapshotDto } from '../applications/dto/submission-snapshot.dto';
import { AuthReader } from '../auth/auth-reader';
import { readSubmissionSnapshot } from '../applications/submission-snapshot';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationStatus } from '../applications/domain/application-status';
import { ApplicationsReader } from '../applications/applications-reader';
import { CallsReader } from '../calls/calls-reader';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { Actor } from '../core/domain/actor';
import { Province } from '../core/domain/provinces';
import { Page, page } from '../core/http/pagination';
import { Role } from '../core/domain/roles';
import { FieldError, notFound } from '../core/errors/domain.error';
import { NotificationsService } from '../core/notifications/notifications.service';
import { isConflicted, planAssignments } from './domain/assignment.rule';
import { applyTransition } from '../core/domain/state-machine';
import { assignmentMachine } from './domain/assignment.machine';
import { validateScores } from './domain/score.rule';
import { AssignmentDto, AssignmentResultDto, CreateAssignmentsDto, DeclarationDto, EvaluatorOptionDto, MyAssignmentsQuery, PutScoresDto, ScoreSheetDto } from './dto/evaluation.dto';
import { Assignment, AssignmentStatus } from './entities/assignment.entity';
import { IndividualScore } from './entities/score.entity';
import { EvaluationErrors } from './evaluations.errors';

interface EvaluatorRow {
  id: string;
  full_name: string;
  enterprise_number: string | null;
}

@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly users: AuthReader,
    private readonly callRecords: CallsReader,
    private readonly applicationRecords: ApplicationsReader,
  ) {}

  async assign(callId: string, dto: CreateAssignmentsDto, actor: Actor): Promise<AssignmentResultDto> {
    return this.db.transaction(async (manager) => {
      const call = await this.callRecords.find(manager, callId, { lock: true });
      if (!call) throw notFound('The call');
      const proposals = await this.applicationRecords.ofCallInStatus(manager, callId, ApplicationStatus.ADMISSIBLE);
      const partners = await this.applicationRecords.partnersOf(manager, proposals.map((p) => p.id));
      const existing = await manager.find(Assignment, { where: { callId } });
      const evaluators = await this.evaluators(manager, dto.mode === 'auto' ? dto.evaluatorIds : dto.assignments!.map((a) => a.evaluatorId));
      const partnerNumbers = (applicationId: string) => partners.filter((p) => p.applicationId === applicationId).map((p) => p.enterpriseNumber);

      let pairs: { applicationId: string; evaluatorId: string }[];
      let shortfalls: { applicationId: string; missing: number }[] = [];
      if (dto.mode === 'manual') {
        const errors: FieldError[] = [];
        const byId = new Map(evaluators.map((e) => [e.id, e]));
        dto.assignments!.forEach((a, i) => {
          const evaluator = byId.get(a.evaluatorId);
          const field = `assignments[${i}]`;
          if (!evaluator) errors.push({ field: `${field}.evaluatorId`, code: 'NOT_AN_EVALUATOR', message: 'no evaluator with this id' });
          else if (!proposals.some((p) => p.id === a.applicationId)) errors.push({ field: `${field}.applicationId`, code: 'NOT_ADMISSIBLE', message: 'not an admissible proposal of this call' });
          else if (isConflicted(evaluator.enterprise_number, partnerNumbers(a.applicationId)))
            errors.push({ field, code: 'CONFLICT_OF_INTEREST', message: `${evaluator.full_name}'s organisation is a partner of this proposal` });
          else if (existing.some((x) => x.applicationId === a.applicationId && x.evaluatorId === a.evaluatorId))
            errors.push({ field, code: 'ALREADY_ASSIGNED', message: 'this evaluator is already assigned to (or declared a conflict on) this proposal' });
        });
        if (errors.length > 0) throw EvaluationErrors.assignmentRefused(errors);
        pairs = dto.assignments!.map((a) => ({ applicationId: a.applicationId, evaluatorId: a.evaluatorId }));
      } else {
        const active = existing.filter((x) => x.status !== AssignmentStatus.CONFLICT);
        const plan = planAssignments(
          proposals.map((p) => ({
            applicationId: p.id,
            partnerNumbers: partnerNumbers(p.id),
            takenOrExcluded: existing.filter((x) => x.applicationId === p.id).map((x) => x.evaluatorId),
            activeCount: active.filter((x) => x.applicationId === p.id).length,
          })),
          evaluators.map((e) => ({ evaluatorId: e.id, enterpriseNumber: e.enterprise_number, load: active.filter((x) => x.evaluatorId === e.id).length })),
          dto.evaluatorsPerProposal!,
        );
        pairs = plan.assignments;
        shortfalls = plan.shortfalls;
      }
      const created = pairs.length
        ? await manager.save(
            pairs.map((p) => manager.create(Assignment, { callId, ...p, status: AssignmentStatus.ASSIGNED, declaredAt: null, conflictReason: null, submittedAt: null, assignedBy: actor.userId })),
          )
        : [];
      for (const a of created) {
        await this.audit.record(manager, actor, { action: 'assignment.created', entityType: 'assignment', entityId: a.id, after: { applicationId: a.applicationId, evaluatorId: a.evaluatorId } });
      }
      for (const evaluatorId of new Set(created.map((a) => a.evaluatorId))) {
        const count = created.filter((a) => a.evaluatorId === evaluatorId).length;
        await this.notifications.notify(manager, [evaluatorId], {
          kind: 'ASSIGNMENT_CREATED',
          title: `${count} nieuwe evaluatieopdracht${count === 1 ? '' : 'en'} voor ${call.code}`,
          body: 'Verklaar eerst dat u geen belangenconflict hebt en aanvaard de vertrouwelijkheid.',
          entityType: 'call',
          entityId: callId,
        });
      }
      const names = new Map(evaluators.map((e) => [e.id, e.full_name]));
      return { created: created.map((a) => toStaffDto(a, names.get(a.evaluatorId) ?? '')), shortfalls };
    });
  }

  async listForCall(callId: string): Promise<AssignmentDto[]> {
    const rows = await this.db.manager.find(Assignment, { where: { callId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const names = new Map((await this.evaluators(this.db.manager, [...new Set(rows.map((r) => r.evaluatorId))])).map((e) => [e.id, e.full_name]));
    return rows.map((a) => toStaffDto(a, names.get(a.evaluatorId) ?? ''));
  }

  /**
   * An evaluator's own assignments, a page at a time, oldest first: the proposal's title only
   * after the declaration. One statement (the page with its proposals, and the total counted on
   * the evaluator's index), whatever the number of assignments.
   */
  async listMine(actor: Actor, query: MyAssignmentsQuery): Promise<Page<AssignmentDto>> {
    const params: unknown[] = [actor.userId];
    const where = ['a.evaluator_id = $1'];
    const filter = (sql: string, value: unknown) => {
      params.push(value);
      where.push(`${sql} $${params.length}`);
    };
    if (query.callId) filter('a.call_id =', query.callId);
    if (query.status) filter('a.status =', query.status);
    if (query.id) filter('a.id =', query.id);
    params.push(query.offset, query.pageSize);
    const [result] = (await this.db.query(
      `WITH page AS (
         SELECT a.id, a.call_id, a.application_id, a.status, a.declared_at, a.submitted_at, a.created_at,
                CASE WHEN a.status IN ('DECLARED', 'SUBMITTED') THEN json_build_object('acronym', p.acronym, 'title', p.title, 'province', p.province) END AS proposal
         FROM evaluation_assignments a JOIN applications p ON p.id = a.application_id
         WHERE ${where.join(' AND ')}
         ORDER BY a.created_at, a.id OFFSET $${params.length - 1} LIMIT $${params.length})
       SELECT (SELECT count(*)::int FROM evaluation_assignments a WHERE ${where.join(' AND ')}) AS total,
              COALESCE((SELECT json_agg(page ORDER BY page.created_at, page.id) FROM page), '[]') AS items`,
      params,
    )) as { total: number; items: MineRow[] }[];
    const items = result.items.map(
      (r): AssignmentDto => ({
        id: r.id,
        callId: r.call_id,
        applicationId: r.application_id,
        status: r.status,
        declaredAt: r.declared_at === null ? null : new Date(r.declared_at).toISOString(),
        submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at).toISOString(),
        proposal: r.proposal,
      }),
    );
    return page(items, result.total, query);
  }

  async declare(id: string, dto: DeclarationDto, actor: Actor): Promise<AssignmentDto> {
    return this.db.transaction(async (manager) => {
      const assignment = await this.own(manager, id, actor, true);
      if (assignment.status !== AssignmentStatus.ASSIGNED) throw EvaluationErrors.alreadyDeclared();
      const now = this.clock.now();
      let saved = assignment;
      await applyTransition(assignmentMachine, assignment.status, dto.noConflictOfInterest ? 'declare_no_conflict' : 'declare_conflict', actor.roles, {
        apply: async (to) => {
          assignment.declaredAt = now;
          assignment.status = to;
          if (!dto.noConflictOfInterest) assignment.conflictReason = dto.conflictReason!.trim();
          saved = await manager.save(assignment);
        },
        audit: () =>
          this.audit.record(manager, actor, {
            action: dto.noConflictOfInterest ? 'assignment.declared_no_conflict' : 'assignment.declared_conflict',
            entityType: 'assignment',
            entityId: id,
            before: { status: AssignmentStatus.ASSIGNED },
            after: { status: saved.status, confidentialityAccepted: dto.noConflictOfInterest, conflictReason: saved.conflictReason },
          }),
      });
      if (!dto.noConflictOfInterest) {
        const managers = await this.users.activeUserIdsWithRole(manager, Role.PROGRAMME_MANAGER);
        await this.notifications.notify(manager, managers, {
          kind: 'EVALUATOR_CONFLICT',
          title: 'Belangenconflict gemeld: wijs een andere evaluator toe',
          body: `Een evaluator meldde een belangenconflict voor voorstel ${assignment.applicationId}.`,
          entityType: 'application',
          entityId: assignment.applicationId,
          dedupeKey: `conflict:${assignment.id}`,
        });
      }
      return toOwnDto(saved);
    });
  }

  /** The proposal exactly as submitted, for an evaluator who declared no conflict. */
  async proposal(id: string, actor: Actor): Promise<SubmissionSnapshotDto> {
    const assignment = await this.own(this.db.manager, id, actor, false);
    this.assertDeclared(assignment);
    const submission = await this.applicationRecords.getSubmission(this.db.manager, assignment.applicationId);
    return readSubmissionSnapshot(submission.snapshot);
  }

  async getScores(id: string, actor: Actor): Promise<ScoreSheetDto> {
    const assignment = await this.own(this.db.manager, id, actor, false);
    this.assertDeclared(assignment);
    return this.sheet(this.db.manager, assignment);
  }

  async putScores(id: string, dto: PutScoresDto, actor: Actor): Promise<ScoreSheetDto> {
    return this.db.transaction(async (manager) => {
      const assignment = await this.own(manager, id, actor, true);
      this.assertDeclared(assignment);
      if (assignment.status !== AssignmentStatus.DECLARED) throw EvaluationErrors.assignmentClosed(assignment.status);
      const call = await this.callRecords.get(manager, assignment.callId);
      const errors = validateScores(dto.scores, call.rules.evaluation, { complete: false });
      if (errors.length > 0) throw EvaluationErrors.scoresInvalid(errors);
      await manager.delete(IndividualScore, { assignmentId: id });
      if (dto.scores.length) await manager.insert(IndividualScore, dto.scores.map((s) => ({ assignmentId: id, criterion: s.criterion, score: s.score, comment: s.comment })));
      await this.audit.record(manager, actor, { action: 'assignment.scores_saved', entityType: 'assignment', entityId: id, after: dto.scores });
      return this.sheet(manager, assignment);
    });
  }

  async submit(id: string, actor: Actor): Promise<ScoreSheetDto> {
    return this.db.transaction(async (manager) => {
      const assignment = await this.own(manager, id, actor, true);
      this.assertDeclared(assignment);
      if (assignment.status !== AssignmentStatus.DECLARED) throw EvaluationErrors.assignmentClosed(assignment.status);
      const call = await this.callRecords.get(manager, assignment.callId);
      const scores = await manager.findBy(IndividualScore, { assignmentId: id });
      const errors = validateScores(scores, call.rules.evaluation, { complete: true });
      if (errors.length > 0) throw EvaluationErrors.scoresInvalid(errors);
      await applyTransition(assignmentMachine, assignment.status, 'submit', actor.roles, {
        apply: async (to) => {
          assignment.status = to;
          assignment.submittedAt = this.clock.now();
          await manager.save(assignment);
        },
        audit: (to) => this.audit.record(manager, actor, { action: 'assignment.submitted', entityType: 'assignment', entityId: id, before: { status: 'DECLARED' }, after: { status: to, scores } }),
      });
      return this.sheet(manager, assignment);
    });
  }

  private async sheet(manager: EntityManager, assignment: Assignment): Promise<ScoreSheetDto> {
    const scores = await manager.find(IndividualScore, { where: { assignmentId: assignment.id }, order: { criterion: 'ASC' } });
    return { assignmentId: assignment.id, status: assignment.status, scores: scores.map((s) => ({ criterion: s.criterion, score: s.score, comment: s.comment })) };
  }

  /** An evaluator's own assignment; anybody else's answers as missing. */
  private async own(manager: EntityManager, id: string, actor: Actor, lock: boolean): Promise<Assignment> {
    const assignment = await manager.findOne(Assignment, { where: { id, evaluatorId: actor.userId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!assignment) throw notFound('The assignment');
    return assignment;
  }

  /** Every active evaluator with their load in the call and the admissible proposals they conflict with, for assignment by hand. */
  async evaluatorOptions(callId: string): Promise<EvaluatorOptionDto[]> {
    const manager = this.db.manager;
    if (!(await this.callRecords.exists(manager, callId))) throw notFound('The call');
    const proposals = await this.applicationRecords.ofCallInStatus(manager, callId, ApplicationStatus.ADMISSIBLE, { id: true });
    const partners = proposals.length ? await this.applicationRecords.partnersOf(manager, proposals.map((p) => p.id)) : [];
    const existing = await manager.find(Assignment, { where: { callId } });
    const evaluators = await this.evaluators(manager);
    const partnerNumbers = new Map(proposals.map((p) => [p.id, partners.filter((x) => x.applicationId === p.id).map((x) => x.enterpriseNumber)]));
    return evaluators.map((e) => ({
      evaluatorId: e.id,
      name: e.full_name,
      load: existing.filter((x) => x.evaluatorId === e.id && x.status !== AssignmentStatus.CONFLICT).length,
      conflictsWith: proposals.filter((p) => isConflicted(e.enterprise_number, partnerNumbers.get(p.id) ?? [])).map((p) => p.id),
      assignedTo: existing.filter((x) => x.evaluatorId === e.id).map((x) => x.applicationId),
    }));
  }

  private assertDeclared(assignment: Assignment): void {
    if (assignment.status === AssignmentStatus.ASSIGNED) throw EvaluationErrors.declarationRequired();
    if (assignment.status === AssignmentStatus.CONFLICT) throw notFound('The assignment');
  }

  private async evaluators(manager: EntityManager, ids?: string[]): Promise<EvaluatorRow[]> {
    const rows = (await manager.query(
      `SELECT u.id, u.full_name, o.enterprise_number FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
       WHERE 'EVALUATOR' = ANY(u.roles) AND u.active ${ids ? 'AND u.id = ANY($1::uuid[])' : ''} ORDER BY u.id`,
      ids ? [ids] : [],
    )) as EvaluatorRow[];
    return rows;
  }
}

function toStaffDto(a: Assignment, evaluatorName: string): AssignmentDto {
  return { ...toOwnDto(a), evaluatorId: a.evaluatorId, evaluatorName, conflictReason: a.conflictReason };
}

/** What an evaluator sees of an assignment: never who else evaluates. */
/** A row of listMine's page, as json_agg writes it. */
interface MineRow {
  id: string;
  call_id: string;
  application_id: string;
  status: AssignmentStatus;
  declared_at: string | null;
  submitted_at: string | null;
  proposal: { acronym: string; title: string; province: Province } | null;
}

function toOwnDto(a: Assignment): AssignmentDto {
  return {
    id: a.id,
    callId: a.callId,
    applicationId: a.applicationId,
    status: a.status,
    declaredAt: a.declaredAt?.toISOString() ?? null,
    submittedAt: a.submittedAt?.toISOString() ?? null,
  };
}
