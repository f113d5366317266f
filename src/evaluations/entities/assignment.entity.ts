import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum AssignmentStatus {
  ASSIGNED = 'ASSIGNED',
  DECLARED = 'DECLARED',
  CONFLICT = 'CONFLICT',
  SUBMITTED = 'SUBMITTED',
}

@Entity('evaluation_assignments')
export class Assignment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'evaluator_id', type: 'uuid' }) evaluatorId: string;
  @Column({ type: 'text' }) status: AssignmentStatus;
  @Column({ name: 'declared_at', type: 'timestamptz', nullable: true }) declaredAt: Date | null;
  @Column({ name: 'conflict_reason', type: 'text', nullable: true }) conflictReason: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'assigned_by', type: 'uuid' }) assignedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @VersionColumn() version: number;
}
