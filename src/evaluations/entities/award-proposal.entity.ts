import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../core/database/bigint.transformer';
import { AwardEntry } from '../domain/award-proposal.rule';

export enum AwardProposalStatus {
  PROPOSED = 'PROPOSED',
  DECIDED = 'DECIDED',
  SUPERSEDED = 'SUPERSEDED',
}

/** Proposals computed before reasons had codes hold the English sentence only. */
export type StoredAwardEntry = Omit<AwardEntry, 'reasonCode' | 'reasonParams'> & Partial<Pick<AwardEntry, 'reasonCode' | 'reasonParams'>>;

@Entity('award_proposals')
export class AwardProposalRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ type: 'text' }) status: AwardProposalStatus;
  @Column({ type: 'jsonb' }) entries: StoredAwardEntry[];
  @Column({ name: 'total_awarded_cents', type: 'bigint', transformer: bigintTransformer }) totalAwarded: number;
  @Column({ name: 'remaining_envelope_cents', type: 'bigint', transformer: bigintTransformer }) remainingEnvelope: number;
  @Column({ name: 'computed_by', type: 'uuid' }) computedBy: string;
  @Column({ name: 'computed_at', type: 'timestamptz' }) computedAt: Date;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
}
