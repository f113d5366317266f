import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ClarificationStatus } from '../domain/clarification.rule';

@Entity('admissibility_clarifications')
export class Clarification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'text' }) status: ClarificationStatus;
  @Column({ type: 'text' }) question: string;
  @Column({ name: 'answer_due_at', type: 'timestamptz' }) answerDueAt: Date;
  @Column({ name: 'asked_by', type: 'uuid' }) askedBy: string;
  @Column({ name: 'asked_at', type: 'timestamptz' }) askedAt: Date;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  @Column({ name: 'answered_by', type: 'uuid', nullable: true }) answeredBy: string | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt: Date | null;
}
