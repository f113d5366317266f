import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../core/database/bigint.transformer';
import { Province } from '../../core/domain/provinces';
import { AwardEntry, AwardOutcome, AwardReason, AwardReasonParams } from '../domain/award-proposal.rule';

export enum AwardProposalStatus {
  PROPOSED = 'PROPOSED',
  DECIDED = 'DECIDED',
  SUPERSEDED = 'SUPERSEDED',
}

/** Proposals computed before reasons had codes hold the English sentence only. */
export type StoredAwardEntry = Omit<AwardEntry, 'reasonCode' | 'reasonParams'> & Partial<Pick<AwardEntry, 'reasonCode' | 'reasonParams'>>;

/** The entries are rows of their own (AwardProposalEntryRecord), written while the award walk runs. */
@Entity('award_proposals')
export class AwardProposalRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ type: 'text' }) status: AwardProposalStatus;
  @Column({ name: 'total_awarded_cents', type: 'bigint', transformer: bigintTransformer }) totalAwarded: number;
  @Column({ name: 'remaining_envelope_cents', type: 'bigint', transformer: bigintTransformer }) remainingEnvelope: number;
  @Column({ name: 'computed_by', type: 'uuid' }) computedBy: string;
  @Column({ name: 'computed_at', type: 'timestamptz' }) computedAt: Date;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
}

/** One entry of an award proposal, in rank order by its key; never changed once written. */
@Entity('award_proposal_entries')
export class AwardProposalEntryRecord {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @PrimaryColumn({ type: 'int' }) rank: number;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'text' }) province: Province;
  @Column({ type: 'text' }) outcome: AwardOutcome;
  @Column({ name: 'amount_cents', type: 'bigint', transformer: bigintTransformer }) amount: number;
  @Column({ name: 'requested_subsidy_cents', type: 'bigint', transformer: bigintTransformer }) requestedSubsidy: number;
  @Column({ name: 'reason_code', type: 'text', nullable: true }) reasonCode: AwardReason['code'] | null;
  @Column({ name: 'reason_params', type: 'jsonb', nullable: true }) reasonParams: AwardReasonParams | null;
  @Column({ type: 'text' }) reason: string;
}
