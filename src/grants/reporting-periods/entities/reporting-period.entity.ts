import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ReportingPeriodKind = 'PERIOD' | 'FINAL';

/** One entry of a grant's reporting calendar, fixed at the decision (dates never change). */
@Entity('reporting_periods')
export class ReportingPeriod {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ type: 'int' }) number: number;
  @Column({ type: 'text' }) kind: ReportingPeriodKind;
  @Column({ name: 'start_date', type: 'date' }) startDate: string;
  @Column({ name: 'end_date', type: 'date' }) endDate: string;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  /** When the daily job found the period's reports overdue. */
  @Column({ name: 'overdue_marked_at', type: 'timestamptz', nullable: true }) overdueMarkedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
