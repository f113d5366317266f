import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsSelect, In } from 'typeorm';
import { Actor } from '../core/domain/actor';
import { loadApplication } from './application-access';
import { ApplicationStatus } from './domain/application-status';
import { ApplicationPartner } from './entities/application-partner.entity';
import { ApplicationSubmission } from './entities/application-submission.entity';
import { Application } from './entities/application.entity';

/**
 * How other features read proposals: the applications feature owns the tables, so the queries
 * stay here and the features that need them import `ApplicationsModule`. Each method runs in the
 * caller's transaction.
 */
@Injectable()
export class ApplicationsReader {
  /** A proposal the actor may read, with the same answer as the proposal's own routes. */
  readable(manager: EntityManager, id: string, actor: Actor): Promise<Application> {
    return loadApplication(manager, id, actor, 'read');
  }

  /** The proposal, or null; `lock` takes the row lock a decision on it needs. */
  find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<Application | null> {
    return manager.findOne(Application, { where: { id }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The proposal a record refers to (its foreign key guarantees the row). */
  get(manager: EntityManager, id: string): Promise<Application> {
    return manager.findOneByOrFail(Application, { id });
  }

  findMany(manager: EntityManager, ids: readonly string[]): Promise<Application[]> {
    return manager.findBy(Application, { id: In([...ids]) });
  }

  ofCallInStatus(manager: EntityManager, callId: string, status: ApplicationStatus, select?: FindOptionsSelect<Application>): Promise<Application[]> {
    return manager.find(Application, { where: { callId, status }, ...(select ? { select } : {}) });
  }

  partnersOf(manager: EntityManager, applicationIds: readonly string[]): Promise<ApplicationPartner[]> {
    return manager.find(ApplicationPartner, { where: { applicationId: In([...applicationIds]) } });
  }

  submission(manager: EntityManager, applicationId: string): Promise<ApplicationSubmission | null> {
    return manager.findOneBy(ApplicationSubmission, { applicationId });
  }

  /** The submission of a proposal known to be submitted. */
  getSubmission(manager: EntityManager, applicationId: string): Promise<ApplicationSubmission> {
    return manager.findOneByOrFail(ApplicationSubmission, { applicationId });
  }

  submissionsOf(manager: EntityManager, applicationIds: readonly string[]): Promise<ApplicationSubmission[]> {
    return manager.findBy(ApplicationSubmission, { applicationId: In([...applicationIds]) });
  }

  /** = ANY($ids): a long reserve list must not run into PostgreSQL's limit on bind parameters. */
  ofCallWithStatus(manager: EntityManager, callId: string, ids: readonly string[], statuses: readonly ApplicationStatus[]): Promise<Application[]> {
    return manager
      .getRepository(Application)
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids)', { ids })
      .andWhere('a.call_id = :callId', { callId })
      .andWhere('a.status = ANY(:statuses)', { statuses })
      .getMany();
  }
}
