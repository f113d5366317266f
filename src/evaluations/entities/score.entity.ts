import { Column, Entity, PrimaryColumn } from 'typeorm';

/** numeric(8,2) comes back as a string; scores are decimals on a scale, never money. */
const scoreTransformer = {
  to: (v: number) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity('evaluation_scores')
export class IndividualScore {
  @PrimaryColumn({ name: 'assignment_id', type: 'uuid' }) assignmentId: string;
  @PrimaryColumn({ type: 'text' }) criterion: string;
  @Column({ type: 'numeric', precision: 8, scale: 2, transformer: scoreTransformer }) score: number;
  @Column({ type: 'text', default: '' }) comment: string;
}

@Entity('consensus_scores')
export class ConsensusScore {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @PrimaryColumn({ type: 'text' }) criterion: string;
  @Column({ type: 'numeric', precision: 8, scale: 2, transformer: scoreTransformer }) score: number;
  @Column({ type: 'text' }) comment: string;
  @Column({ name: 'set_by', type: 'uuid' }) setBy: string;
  @Column({ name: 'set_at', type: 'timestamptz' }) setAt: Date;
}
