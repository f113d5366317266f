import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { bigintTransformer } from '../../../core/database/bigint.transformer';
import type { CostStatementStatus } from '../domain/cost-statement.machine';

/** The claim of one period. The amounts are set once, when finance staff approve it. */
@Entity('cost_statements')
export class CostStatement {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ name: 'period_id', type: 'uuid' }) periodId: string;
  @Column({ type: 'text' }) status: CostStatementStatus;
  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true }) firstSubmittedAt: Date | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy: string | null;
  @Column({ name: 'complete_claim_date', type: 'date', nullable: true }) completeClaimDate: string | null;
  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true }) returnedAt: Date | null;
  @Column({ name: 'returned_by', type: 'uuid', nullable: true }) returnedBy: string | null;
  @Column({ name: 'return_reason', type: 'text', nullable: true }) returnReason: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt: Date | null;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy: string | null;
  @Column({ name: 'declared_eligible_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) declaredEligible: number | null;
  @Column({ name: 'accepted_eligible_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) acceptedEligible: number | null;
  @Column({ name: 'subsidy_gross_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) subsidyGross: number | null;
  @Column({ name: 'advance_cleared_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) advanceCleared: number | null;
  @Column({ name: 'capped_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) capped: number | null;
  @Column({ name: 'subsidy_net_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) subsidyNet: number | null;
  @VersionColumn() version: number;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
