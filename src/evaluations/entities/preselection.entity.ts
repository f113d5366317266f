import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../core/database/bigint.transformer';

/** A candidate a PRESELECTION call's decision puts forward, in rank order (EDIH: for the Commission's restricted call). */
@Entity('preselections')
export class Preselection {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ name: 'award_proposal_id', type: 'uuid' }) awardProposalId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'integer' }) rank: number;
  /** The contribution asked of the programme (EU share), cents. */
  @Column({ name: 'contribution_cents', type: 'bigint', transformer: bigintTransformer }) contribution: number;
  /** The matching cofinancing it comes with, cents (0 when the call has none). */
  @Column({ name: 'matching_cents', type: 'bigint', transformer: bigintTransformer }) matching: number;
  @Column({ name: 'decided_by', type: 'uuid' }) decidedBy: string;
  @Column({ name: 'decided_at', type: 'timestamptz' }) decidedAt: Date;
}
