import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The proposal exactly as submitted; the database refuses any change to it. */
@Entity('application_submissions')
export class ApplicationSubmission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  @Column({ type: 'jsonb' })
  snapshot: object;

  @Column({ name: 'snapshot_sha256', type: 'char', length: 64 })
  snapshotSha256: string;
}
