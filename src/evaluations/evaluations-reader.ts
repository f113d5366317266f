import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AwardProposalRecord, AwardProposalStatus } from './entities/award-proposal.entity';
import { ConsensusScore } from './entities/score.entity';

/**
 * How other features read award decisions and scores: the evaluations feature owns the tables,
 * so the queries stay here and the features that need them import `EvaluationsModule`. Each
 * method runs in the caller's transaction.
 */
@Injectable()
export class EvaluationsReader {
  /** The latest decided award proposal of the call that names the proposal, or null. */
  decisionNaming(manager: EntityManager, callId: string, applicationId: string): Promise<AwardProposalRecord | null> {
    return manager
      .getRepository(AwardProposalRecord)
      .createQueryBuilder('p')
      .where('p.call_id = :callId AND p.status = :status', { callId, status: AwardProposalStatus.DECIDED })
      .andWhere(`p.entries @> :entry::jsonb`, { entry: JSON.stringify([{ applicationId }]) })
      .orderBy('p.decided_at', 'DESC')
      .getOne();
  }

  /** The call's latest decided award proposal, or null. */
  latestDecision(manager: EntityManager, callId: string): Promise<AwardProposalRecord | null> {
    return manager.findOne(AwardProposalRecord, { where: { callId, status: AwardProposalStatus.DECIDED }, order: { decidedAt: 'DESC' } });
  }

  consensusOf(manager: EntityManager, applicationId: string): Promise<ConsensusScore[]> {
    return manager.findBy(ConsensusScore, { applicationId });
  }

  /** = ANY($ids): a long list must not run into PostgreSQL's limit on bind parameters. */
  consensusOfMany(manager: EntityManager, applicationIds: readonly string[]): Promise<ConsensusScore[]> {
    return manager.getRepository(ConsensusScore).createQueryBuilder('c').where('c.application_id = ANY(:ids)', { ids: applicationIds }).getMany();
  }
}
