import { Assignment } from './entities/assignment.entity';
import { AwardProposalEntryRecord, AwardProposalRecord } from './entities/award-proposal.entity';
import { Clarification } from './entities/clarification.entity';
import { Preselection } from './entities/preselection.entity';
import { ConsensusScore, IndividualScore } from './entities/score.entity';

/** The tables the evaluations feature owns. */
export const EVALUATIONS_ENTITIES = [Assignment, IndividualScore, ConsensusScore, AwardProposalRecord, AwardProposalEntryRecord, Clarification, Preselection];
