import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, DocumentType } from '../domain/document-type.rule';
import { SupportingDocument } from '../entities/supporting-document.entity';

export class DocumentDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'factuur-2021-014.pdf' }) fileName: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) contentType: DocumentType;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The cost line the document supports' }) costLineId: string | null;
  @ApiProperty() uploadedAt: string;
  @ApiProperty() uploadedBy: string;
  @ApiProperty({ example: '/documents/…/content' }) contentUrl: string;

  static from(d: SupportingDocument): DocumentDto {
    return {
      id: d.id,
      fileName: d.fileName,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      description: d.description,
      costLineId: d.costLineId,
      uploadedAt: d.uploadedAt.toISOString(),
      uploadedBy: d.uploadedBy,
      contentUrl: `/documents/${d.id}/content`,
    };
  }
}

export class UploadRulesDto {
  @ApiProperty({ example: 20_971_520, description: 'Largest file accepted, in bytes (UPLOAD_MAX_BYTES)' }) maxBytes: number;
  @ApiProperty({ enum: DOCUMENT_TYPES, isArray: true, description: 'Accepted types; the content must match the declared type' }) contentTypes: DocumentType[];
}
