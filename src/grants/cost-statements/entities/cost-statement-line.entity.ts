import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CostCategoryKind } from '../../../calls/domain/call-rules';
import { bigintTransformer } from '../../../core/database/bigint.transformer';
import type { LineDecision } from '../domain/claim.rule';

/** One declared cost with its review. Staff lines carry hours and annual cost; their amount is computed. */
@Entity('cost_statement_lines')
export class CostStatementLine {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'statement_id', type: 'uuid' }) statementId: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'char', length: 10 }) partner: string;
  @Column({ name: 'partner_name', type: 'text' }) partnerName: string;
  @Column({ type: 'text' }) category: string;
  @Column({ type: 'text' }) kind: CostCategoryKind;
  @Column({ type: 'text' }) description: string;
  /** Invoice or payslip reference. */
  @Column({ type: 'text' }) reference: string;
  @Column({ name: 'payment_date', type: 'date' }) paymentDate: string;
  @Column({ type: 'text', nullable: true }) person: string | null;
  @Column({ type: 'int', nullable: true }) hours: number | null;
  @Column({ name: 'annual_gross_cost_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) annualGrossCost: number | null;
  @Column({ name: 'fte_numerator', type: 'int', nullable: true }) fteNumerator: number | null;
  @Column({ name: 'fte_denominator', type: 'int', nullable: true }) fteDenominator: number | null;
  /** Declared amount, VAT included (staff: hours × annual cost ÷ annual hours, rounded down once). */
  @Column({ name: 'amount_cents', type: 'bigint', transformer: bigintTransformer }) amount: number;
  /** REAL: the part of `amount` that is VAT (0 for staff); what of it is eligible follows from vat.rule. */
  @Column({ name: 'vat_cents', type: 'bigint', default: 0, transformer: bigintTransformer }) vatAmount: number;
  @Column({ name: 'vat_recoverable', type: 'boolean', default: false }) vatRecoverable: boolean;
  @Column({ type: 'text', nullable: true }) decision: LineDecision | null;
  @Column({ name: 'accepted_cents', type: 'bigint', nullable: true, transformer: bigintTransformer }) accepted: number | null;
  @Column({ name: 'review_reason', type: 'text', nullable: true }) reviewReason: string | null;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @Column({ type: 'text', nullable: true }) question: string | null;
  @Column({ name: 'asked_by', type: 'uuid', nullable: true }) askedBy: string | null;
  @Column({ name: 'asked_at', type: 'timestamptz', nullable: true }) askedAt: Date | null;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
