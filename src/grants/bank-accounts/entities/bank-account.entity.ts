import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { BankAccountStatus } from '../domain/bank-account.machine';

/** The account an organisation is paid on; at most one per organisation is not superseded. */
@Entity('bank_accounts')
export class BankAccount {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId: string;
  /** The grant whose page it was registered on (its certificate is a record of that grant). */
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  /** Electronic format: no spaces, upper case. */
  @Column({ type: 'text' }) iban: string;
  @Column({ name: 'holder_name', type: 'text' }) holderName: string;
  @Column({ type: 'text' }) status: BankAccountStatus;
  @Column({ name: 'registered_by', type: 'uuid' }) registeredBy: string;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'rejection_reason', type: 'text', nullable: true }) rejectionReason: string | null;
  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true }) supersededAt: Date | null;
  @VersionColumn() version: number;
}
