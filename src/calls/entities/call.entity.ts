import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { bigintTransformer } from '../../core/database/bigint.transformer';
import { CallOutcome, CallRules } from '../domain/call-rules';
import { CallStatus } from '../domain/call-status';

export enum Programme {
  EFRO = 'EFRO',
  EDIH = 'EDIH',
}

@Entity('calls')
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text' })
  programme: Programme;

  @Column({ type: 'text' })
  status: CallStatus;

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt: Date;

  @Column({ name: 'envelope_cents', type: 'bigint', transformer: bigintTransformer })
  envelope: number;

  @Column({ name: 'cap_per_project_cents', type: 'bigint', transformer: bigintTransformer })
  capPerProject: number;

  @Column({ name: 'reference_cost_cents', type: 'bigint', transformer: bigintTransformer })
  referenceCost: number;

  /** GRANTS, or PRESELECTION: the decision puts candidates forward and grants nothing. */
  @Column({ type: 'text', default: 'GRANTS' })
  outcome: CallOutcome;

  @Column({ type: 'jsonb' })
  rules: CallRules;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
