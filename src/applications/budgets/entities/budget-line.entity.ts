import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../../core/database/bigint.transformer';
import { CostCategoryKind } from '../../../calls/domain/call-rules';

/** One line of a proposal's budget: staff (hours × rate) or a real cost. */
@Entity('budget_lines')
export class BudgetLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  kind: CostCategoryKind;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'annual_gross_cost_cents', type: 'bigint', nullable: true, transformer: bigintTransformer })
  annualGrossCost: number | null;

  @Column({ type: 'int', nullable: true })
  hours: number | null;

  @Column({ name: 'fte_numerator', type: 'int', nullable: true })
  fteNumerator: number | null;

  @Column({ name: 'fte_denominator', type: 'int', nullable: true })
  fteDenominator: number | null;

  @Column({ name: 'amount_cents', type: 'bigint', nullable: true, transformer: bigintTransformer })
  amount: number | null;

  @Column({ name: 'vat_included', type: 'boolean', default: false })
  vatIncluded: boolean;

  @Column({ name: 'vat_cents', type: 'bigint', default: 0, transformer: bigintTransformer })
  vatAmount: number;

  /** Recoverable VAT is never eligible (art. 64(1)(c)). */
  @Column({ name: 'vat_recoverable', type: 'boolean', default: false })
  vatRecoverable: boolean;
}
