import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer } from '../../core/database/bigint.transformer';
import type { DocumentType } from '../../core/documents/document-type.rule';
import { OrganisationType } from '../../core/domain/organisation-type';
import { TypeVerificationStatus } from '../domain/type-verification.machine';

/** One organisation in the register: its type, as claimed and as the secretariat decided. */
@Entity('organisation_register')
export class RegisteredOrganisation {
  /** Ten digits, normalised (0566988259). */
  @PrimaryColumn({ name: 'enterprise_number', type: 'char', length: 10 }) enterpriseNumber: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) type: OrganisationType;
  @Column({ name: 'verification_status', type: 'text' }) verificationStatus: TypeVerificationStatus;
  @Column({ name: 'document_file_name', type: 'text', nullable: true }) documentFileName: string | null;
  @Column({ name: 'document_content_type', type: 'text', nullable: true }) documentContentType: DocumentType | null;
  @Column({ name: 'document_size_bytes', type: 'bigint', nullable: true, transformer: bigintTransformer }) documentSizeBytes: number | null;
  @Column({ name: 'document_sha256', type: 'char', length: 64, nullable: true }) documentSha256: string | null;
  @Column({ name: 'document_uploaded_at', type: 'timestamptz', nullable: true }) documentUploadedAt: Date | null;
  @Column({ name: 'document_uploaded_by', type: 'uuid', nullable: true }) documentUploadedBy: string | null;
  @Column({ name: 'claimed_at', type: 'timestamptz' }) claimedAt: Date;
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true }) claimedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason: string | null;
  @Column({ type: 'int' }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
