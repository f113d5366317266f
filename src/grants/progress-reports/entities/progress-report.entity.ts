import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { IndicatorValues } from '../domain/progress-report.rule';
import type { ProgressReportStatus } from '../domain/progress-report.machine';

/** The content report of one period: a narrative and the call's indicators. */
@Entity('progress_reports')
export class ProgressReport {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ name: 'period_id', type: 'uuid' }) periodId: string;
  @Column({ type: 'text' }) status: ProgressReportStatus;
  @Column({ type: 'text', default: '' }) narrative: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) indicators: IndicatorValues;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decision_comment', type: 'text', nullable: true }) decisionComment: string | null;
  @Column({ name: 'reopened_at', type: 'timestamptz', nullable: true }) reopenedAt: Date | null;
  @Column({ name: 'reopened_by', type: 'uuid', nullable: true }) reopenedBy: string | null;
  @Column({ name: 'reopen_reason', type: 'text', nullable: true }) reopenReason: string | null;
  @VersionColumn() version: number;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
