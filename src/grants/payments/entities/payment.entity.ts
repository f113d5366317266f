import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { bigintTransformer } from '../../../core/database/bigint.transformer';
import type { PaymentKind, PaymentStatus } from '../domain/payment.machine';

/** A payment to a grant: planned, then paid (and then never changed) or cancelled. */
@Entity('payments')
export class Payment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ type: 'text' }) kind: PaymentKind;
  @Column({ type: 'text' }) status: PaymentStatus;
  @Column({ name: 'amount_cents', type: 'bigint', transformer: bigintTransformer }) amount: number;
  @Column({ name: 'cost_statement_id', type: 'uuid', nullable: true }) costStatementId: string | null;
  @Column({ name: 'planned_on', type: 'date' }) plannedOn: string;
  /** The payment deadline (interim: complete claim + the call's deadline days). */
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ name: 'paid_on', type: 'date', nullable: true }) paidOn: string | null;
  @Column({ type: 'text', nullable: true }) reference: string | null;
  /** Where the money went, copied from the verified account when it was marked paid. */
  @Column({ name: 'paid_to_bank_account_id', type: 'uuid', nullable: true }) paidToBankAccountId: string | null;
  @Column({ name: 'paid_to_iban', type: 'text', nullable: true }) paidToIban: string | null;
  @Column({ name: 'paid_to_holder', type: 'text', nullable: true }) paidToHolder: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'paid_by', type: 'uuid', nullable: true }) paidBy: string | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true }) cancelledBy: string | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @VersionColumn() version: number;
}
