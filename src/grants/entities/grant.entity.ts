import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { bigintTransformer } from '../../core/database/bigint.transformer';

export enum GrantStatus {
  ACTIVE = 'ACTIVE',
  WITHDRAWN = 'WITHDRAWN',
  CLOSED = 'CLOSED',
}

export interface FundingSplitEntry {
  code: string;
  name: string;
  amount: number;
}

/** Created by the award decision; amount, split and the approved snapshot are frozen. */
@Entity('grants')
export class Grant {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_number', type: 'text' }) grantNumber: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'beneficiary_organisation_id', type: 'uuid' }) beneficiaryOrganisationId: string;
  @Column({ name: 'award_proposal_id', type: 'uuid' }) awardProposalId: string;
  @Column({ name: 'amount_cents', type: 'bigint', transformer: bigintTransformer }) amount: number;
  @Column({ name: 'funding_split', type: 'jsonb' }) fundingSplit: FundingSplitEntry[];
  @Column({ name: 'start_date', type: 'date' }) startDate: string;
  @Column({ name: 'end_date', type: 'date' }) endDate: string;
  @Column({ type: 'text' }) status: GrantStatus;
  @Column({ type: 'jsonb' }) snapshot: object;
  @Column({ name: 'snapshot_sha256', type: 'char', length: 64 }) snapshotSha256: string;
  @Column({ name: 'decided_at', type: 'timestamptz' }) decidedAt: Date;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true }) withdrawalReason: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
