import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../core/domain/actor';
import { loadApplication } from './application-access';
import { ApplicationStatus } from './domain/application-status';
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

  submission(manager: EntityManager, applicationId: string): Promise<ApplicationSubmission | null> {
    return manager.findOneBy(ApplicationSubmission, { applicationId });
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
