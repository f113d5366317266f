import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { sha256Hex } from '../core/crypto/canonical-json';
import { Actor } from '../core/domain/actor';
import { notFound } from '../core/errors/domain.error';
import { DocumentDataService, DocumentSubject } from './document-data.service';
import { IssuedDocumentDto } from './dto/reporting.dto';
import { IssuedDocument } from './entities/issued-document.entity';
import { PdfDataByKind, PdfKind } from './render/documents';
import { documentDataHash } from './render/format';
import { PdfRenderer } from './pdf-renderer';

export interface RenderedDocument {
  bytes: Buffer;
  fileName: string;
  dataSha256: string;
  fileSha256: string;
}

/** Produces the PDF statements and keeps the register of what was issued. */
@Injectable()
export class IssuedDocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly data: DocumentDataService,
    private readonly renderer: PdfRenderer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async receipt(applicationId: string, actor: Actor): Promise<RenderedDocument> {
    const { data, subject } = await this.data.receipt(applicationId, actor);
    return this.issue('receipt', data, subject, actor);
  }

  async decisionLetter(applicationId: string, actor: Actor): Promise<RenderedDocument> {
    const { data, subject } = await this.data.decisionLetter(applicationId, actor);
    return this.issue('decision-letter', data, subject, actor);
  }

  async costStatement(grantId: string, period: number, actor: Actor): Promise<RenderedDocument> {
    const { data, subject } = await this.data.costStatement(grantId, period, actor);
    return this.issue('cost-statement', data, subject, actor);
  }

  async paymentStatement(grantId: string, actor: Actor): Promise<RenderedDocument> {
    const { data, subject } = await this.data.paymentStatement(grantId, actor);
    return this.issue('payment-statement', data, subject, actor);
  }

  async recoveryLetter(recoveryId: string, actor: Actor): Promise<RenderedDocument> {
    const { data, subject } = await this.data.recoveryLetter(recoveryId, actor);
    return this.issue('recovery-letter', data, subject, actor);
  }

  async callOverview(callId: string, actor: Actor): Promise<RenderedDocument> {
    const { data, subject } = await this.data.callOverview(callId);
    return this.issue('call-overview', data, subject, actor);
  }

  /** Whether a hash (of a document's data, as printed in its footer, or of the file) was issued. */
  async lookup(hash: string): Promise<IssuedDocumentDto> {
    const doc = await this.db
      .getRepository(IssuedDocument)
      .createQueryBuilder('d')
      .where('d.data_sha256 = :hash OR d.file_sha256 = :hash', { hash: hash.toLowerCase() })
      .orderBy('d.first_issued_at', 'ASC')
      .getOne();
    if (!doc) throw notFound('A document with this hash');
    return {
      kind: doc.kind,
      title: doc.title,
      reference: doc.reference,
      callCode: doc.callCode,
      entityType: doc.entityType,
      entityId: doc.entityId,
      issuedAt: doc.issuedAt.toISOString(),
      firstIssuedAt: doc.firstIssuedAt.toISOString(),
      dataSha256: doc.dataSha256,
      fileSha256: doc.fileSha256,
      byteSize: doc.byteSize,
    };
  }

  /**
   * Renders, then registers the document once: the same data gives the same bytes, so a
   * second issue of an unchanged statement adds nothing; a changed one is a new document,
   * written to the register and the audit log in one transaction.
   */
  private async issue<K extends PdfKind>(kind: K, data: PdfDataByKind[K], subject: DocumentSubject, actor: Actor): Promise<RenderedDocument> {
    const bytes = await this.renderer.render(kind, data);
    const dataSha256 = documentDataHash(data);
    const fileSha256 = sha256Hex(bytes);
    // Issued before (the same data gives the same bytes): one read instead of a transaction.
    const known = (await this.db.query(`SELECT 1 FROM issued_documents WHERE data_sha256 = $1`, [dataSha256])) as unknown[];
    if (known.length > 0) return { bytes, fileName: subject.fileName, dataSha256, fileSha256 };
    await this.db.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO issued_documents (kind, data_sha256, file_sha256, reference, title, entity_type, entity_id, call_code, issued_at, first_issued_at, first_issued_by, byte_size)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (data_sha256) DO NOTHING RETURNING id`,
        [kind, dataSha256, fileSha256, data.referenceNumber, subject.title, subject.entityType, subject.entityId, subject.callCode, data.issuedAt, this.clock.now(), actor.userId, bytes.length],
      )) as { id: string }[];
      if (inserted.length > 0) {
        await this.audit.record(manager, actor, {
          action: 'document.issued',
          entityType: subject.entityType,
          entityId: subject.entityId,
          after: { kind, reference: data.referenceNumber, dataSha256, fileSha256, byteSize: bytes.length },
        });
      }
    });
    return { bytes, fileName: subject.fileName, dataSha256, fileSha256 };
  }
}
