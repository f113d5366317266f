import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { decidedEntry, entriesWithOutcome, reservePosition } from './award-proposal-entries';
import { AwardEntry } from './domain/award-proposal.rule';
import { AwardProposalRecord, AwardProposalStatus, StoredAwardEntry } from './entities/award-proposal.entity';
import { ConsensusScore } from './entities/score.entity';

/**
 * How other features read award decisions and scores: the evaluations feature owns the tables,
 * so the queries stay here and the features that need them import `EvaluationsModule`. Each
 * method runs in the caller's transaction.
 */
@Injectable()
export class EvaluationsReader {
  /** An application's entry in the latest decided proposal of its call that lists it. */
  decidedEntry(manager: EntityManager, applicationId: string, callId: string): Promise<{ entry: StoredAwardEntry; proposalId: string; decidedAt: Date | null } | undefined> {
    return decidedEntry(manager, applicationId, callId);
  }

  /** A reserve's place among the proposal's reserves (1 for the first). */
  reservePosition(manager: EntityManager, proposalId: string, rank: number): Promise<number> {
    return reservePosition(manager, proposalId, rank);
  }

  /** A proposal's entries with one outcome, in rank order. */
  entriesWithOutcome(manager: EntityManager, proposalId: string, outcome: AwardEntry['outcome']): Promise<StoredAwardEntry[]> {
    return entriesWithOutcome(manager, proposalId, outcome);
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
