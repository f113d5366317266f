import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { loadApplication } from '../applications/application-access';
import { ApplicationsReader } from '../applications/applications-reader';
import type { Application } from '../applications/entities/application.entity';
import { AuthService } from '../auth/auth.service';
import { statusAt } from '../calls/domain/call-status';
import { CallsReader } from '../calls/calls-reader';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { Actor } from '../core/domain/actor';
import { applyTransition } from '../core/domain/state-machine';
import { DomainError, notFound } from '../core/errors/domain.error';
import { formatInstantLong } from '../core/format/nl-be';
import { NotificationsService } from '../core/notifications/notifications.service';
import { clarificationMachine } from './domain/clarification.machine';
import { clarificationAnswerRefusal, clarificationRequestRefusal, ClarificationStatus, ScreeningState } from './domain/clarification.rule';
import { AnswerClarificationDto, ClarificationDto, RequestClarificationDto } from './dto/clarification.dto';
import { Clarification } from './entities/clarification.entity';
import { EvaluationErrors } from './evaluations.errors';

/**
 * Questions of the secretariat to an applicant during admissibility (issue 15). They live
 * beside the proposal: the submission, its snapshot and its hash never change.
 */
@Injectable()
export class ClarificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly accounts: AuthService,
    private readonly calls: CallsReader,
    private readonly applications: ApplicationsReader,
  ) {}

  async request(applicationId: string, dto: RequestClarificationDto, actor: Actor): Promise<ClarificationDto> {
    const now = this.clock.now();
    const answerDueAt = new Date(dto.answerDueAt);
    const question = dto.question.trim();
    return this.db.transaction(async (manager) => {
      // The row lock: a clarification and the admissibility decision on the same proposal do not cross.
      const application = await this.applications.find(manager, applicationId, { lock: true });
      if (!application) throw notFound('The proposal');
      const refusal = clarificationRequestRefusal(await this.screening(manager, application), answerDueAt, now);
      if (refusal) throw EvaluationErrors.clarificationRefused(refusal, answerDueAt);
      const saved = await manager.save(
        manager.create(Clarification, { applicationId, status: ClarificationStatus.OPEN, question, answerDueAt, askedBy: actor.userId, askedAt: now, answer: null, answeredBy: null, answeredAt: null }),
      );
      await this.audit.record(manager, actor, {
        action: 'application.clarification_requested',
        entityType: 'application',
        entityId: applicationId,
        after: { clarificationId: saved.id, question, answerDueAt: answerDueAt.toISOString() },
      });
      await this.notifications.notify(manager, await this.accounts.organisationMemberIds(manager, application.leadOrganisationId), {
        kind: 'CLARIFICATION_REQUESTED',
        title: `Vraag om verduidelijking over ${application.acronym}`,
        body: `${question}\n\nAntwoord vóór ${formatInstantLong(answerDueAt)}.`,
        entityType: 'application',
        entityId: applicationId,
      });
      return ClarificationDto.from(saved, now);
    });
  }

  async list(applicationId: string, actor: Actor): Promise<ClarificationDto[]> {
    const manager = this.db.manager;
    await loadApplication(manager, applicationId, actor, 'read');
    const rows = await manager.find(Clarification, { where: { applicationId }, order: { askedAt: 'ASC', id: 'ASC' } });
    const now = this.clock.now();
    return rows.map((c) => ClarificationDto.from(c, now));
  }

  async answer(id: string, dto: AnswerClarificationDto, actor: Actor): Promise<ClarificationDto> {
    const now = this.clock.now();
    const answer = dto.answer.trim();
    return this.db.transaction(async (manager) => {
      const clarification = await manager.findOne(Clarification, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!clarification) throw notFound('The clarification');
      // Hidden from whoever may not see the proposal, and answering alike whether it exists; only the lead organisation answers.
      const application = await loadApplication(manager, clarification.applicationId, actor, 'lead').catch((error: unknown) => {
        throw error instanceof DomainError && error.kind === 'not_found' ? notFound('The clarification') : error;
      });
      const refusal = clarificationAnswerRefusal(clarification, await this.screening(manager, application), now);
      if (refusal) throw EvaluationErrors.clarificationRefused(refusal, clarification.answerDueAt);
      await applyTransition(clarificationMachine, clarification.status, 'answer', actor.roles, {
        apply: async (to) => {
          Object.assign(clarification, { status: to, answer, answeredBy: actor.userId, answeredAt: now });
          await manager.save(clarification);
        },
        audit: (to) =>
          this.audit.record(manager, actor, {
            action: 'application.clarification_answered',
            entityType: 'application',
            entityId: application.id,
            before: { clarificationId: id, status: ClarificationStatus.OPEN },
            after: { clarificationId: id, status: to, answer },
          }),
      });
      await this.notifications.notify(manager, [clarification.askedBy], {
        kind: 'CLARIFICATION_ANSWERED',
        title: `Verduidelijking ontvangen over ${application.acronym}`,
        body: answer,
        entityType: 'application',
        entityId: application.id,
      });
      return ClarificationDto.from(clarification, now);
    });
  }

  private async screening(manager: EntityManager, application: Application): Promise<ScreeningState> {
    const call = await this.calls.get(manager, application.callId);
    return { callStatus: statusAt(call, this.clock.now()), applicationStatus: application.status };
  }
}

