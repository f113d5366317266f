import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Organisation } from '../../auth/entities/organisation.entity';
import { Call } from '../../calls/entities/call.entity';
import { bigintTransformer } from '../../core/database/bigint.transformer';
import { Province } from '../../core/domain/provinces';
import { ApplicationStatus } from '../domain/application-status';
import { ApplicationPartner } from './application-partner.entity';

@Entity('applications')
export class Application {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @ManyToOne(() => Call)
  @JoinColumn({ name: 'call_id' })
  call?: Call;

  @Column({ name: 'lead_organisation_id', type: 'uuid' })
  leadOrganisationId: string;

  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'lead_organisation_id' })
  leadOrganisation?: Organisation;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  acronym: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text' })
  province: Province;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'text' })
  status: ApplicationStatus;

  @Column({ name: 'requested_subsidy_cents', type: 'bigint', nullable: true, transformer: bigintTransformer })
  requestedSubsidy: number | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'admissibility_reason', type: 'text', nullable: true })
  admissibilityReason: string | null;

  @Column({ name: 'admissibility_decided_at', type: 'timestamptz', nullable: true })
  admissibilityDecidedAt: Date | null;

  @Column({ name: 'admissibility_decided_by', type: 'uuid', nullable: true })
  admissibilityDecidedBy: string | null;

  /** Why the proposal was awarded, put on the reserve list or rejected. */
  @Column({ name: 'outcome_reason', type: 'text', nullable: true })
  outcomeReason: string | null;

  @VersionColumn()
  version: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => ApplicationPartner, (p) => p.application)
  partners?: Relation<ApplicationPartner>[];
}
