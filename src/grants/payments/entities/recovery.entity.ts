import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { bigintTransformer } from '../../../core/database/bigint.transformer';
import type { RecoveryStatus } from '../domain/recovery.machine';

export type CorrectionSource = 'AUDIT' | 'CORRECTION';

/** A later check lowering the accepted costs of an approved cost statement, with the figures before and after. */
@Entity('claim_corrections')
export class ClaimCorrection {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ name: 'cost_statement_id', type: 'uuid' }) costStatementId: string;
  @Column({ type: 'text' }) source: CorrectionSource;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'accepted_before_cents', type: 'bigint', transformer: bigintTransformer }) acceptedBefore: number;
  @Column({ name: 'accepted_after_cents', type: 'bigint', transformer: bigintTransformer }) acceptedAfter: number;
  @Column({ name: 'gross_before_cents', type: 'bigint', transformer: bigintTransformer }) grossBefore: number;
  @Column({ name: 'gross_after_cents', type: 'bigint', transformer: bigintTransformer }) grossAfter: number;
  @Column({ name: 'advance_cleared_after_cents', type: 'bigint', transformer: bigintTransformer }) advanceClearedAfter: number;
  @Column({ name: 'capped_after_cents', type: 'bigint', transformer: bigintTransformer }) cappedAfter: number;
  @Column({ name: 'net_after_cents', type: 'bigint', transformer: bigintTransformer }) netAfter: number;
  @Column({ name: 'unduly_cents', type: 'bigint', transformer: bigintTransformer }) unduly: number;
  @Column({ name: 'advance_reopened_cents', type: 'bigint', transformer: bigintTransformer }) advanceReopened: number;
  @Column({ name: 'corrected_on', type: 'date' }) correctedOn: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** An amount unduly paid: withheld from a planned payment (OFFSET) or claimed back by an order (OPEN, then RECOVERED). */
@Entity('recoveries')
export class Recovery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ name: 'correction_id', type: 'uuid' }) correctionId: string;
  @Column({ type: 'text' }) status: RecoveryStatus;
  @Column({ name: 'amount_cents', type: 'bigint', transformer: bigintTransformer }) amount: number;
  @Column({ name: 'offset_payment_id', type: 'uuid', nullable: true }) offsetPaymentId: string | null;
  @Column({ name: 'booked_on', type: 'date' }) bookedOn: string;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ name: 'received_on', type: 'date', nullable: true }) receivedOn: string | null;
  @Column({ type: 'text', nullable: true }) reference: string | null;
  @Column({ name: 'received_by', type: 'uuid', nullable: true }) receivedBy: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @VersionColumn() version: number;
}
