import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One issued PDF statement; append-only. The same data always gives the same bytes. */
@Entity('issued_documents')
export class IssuedDocument {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ name: 'data_sha256', type: 'char', length: 64 }) dataSha256: string;
  @Column({ name: 'file_sha256', type: 'char', length: 64 }) fileSha256: string;
  @Column({ type: 'text' }) reference: string;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'entity_type', type: 'text' }) entityType: string;
  @Column({ name: 'entity_id', type: 'text' }) entityId: string;
  @Column({ name: 'call_code', type: 'text' }) callCode: string;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ name: 'first_issued_at', type: 'timestamptz' }) firstIssuedAt: Date;
  @Column({ name: 'first_issued_by', type: 'uuid', nullable: true }) firstIssuedBy: string | null;
  @Column({ name: 'byte_size', type: 'int' }) byteSize: number;
}
