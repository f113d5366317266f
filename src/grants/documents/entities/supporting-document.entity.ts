import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../../../core/database/bigint.transformer';
import type { DocumentType } from '../domain/document-type.rule';

/** Metadata of an uploaded file; the bytes are stored under their SHA-256. */
@Entity('supporting_documents')
export class SupportingDocument {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'grant_id', type: 'uuid' }) grantId: string;
  @Column({ name: 'cost_statement_id', type: 'uuid', nullable: true }) costStatementId: string | null;
  @Column({ name: 'progress_report_id', type: 'uuid', nullable: true }) progressReportId: string | null;
  /** A bank certificate: the account it certifies. */
  @Column({ name: 'bank_account_id', type: 'uuid', nullable: true }) bankAccountId: string | null;
  @Column({ name: 'cost_line_id', type: 'uuid', nullable: true }) costLineId: string | null;
  @Column({ name: 'file_name', type: 'text' }) fileName: string;
  @Column({ name: 'content_type', type: 'text' }) contentType: DocumentType;
  @Column({ name: 'size_bytes', type: 'bigint', transformer: bigintTransformer }) sizeBytes: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'text' }) storage: 'DISK';
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy: string;
  @Column({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt: Date;
}
