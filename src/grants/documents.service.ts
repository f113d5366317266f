import { basename } from 'node:path';
import { ReadStream } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { Actor } from '../core/domain/actor';
import { FieldError, notFound, validationFailed } from '../core/errors/domain.error';
import { checkDocument } from './domain/document-type.rule';
import { DocumentDto } from './dto/document.dto';
import { CostStatementLine } from './entities/cost-statement-line.entity';
import { CostStatement } from './entities/cost-statement.entity';
import { ProgressReport } from './entities/progress-report.entity';
import { SupportingDocument } from './entities/supporting-document.entity';
import { DocumentStorage } from './document.storage';
import { loadGrant } from './grant-access';
import { GrantErrors } from './grants.errors';

/** A file as it arrived in a multipart request. */
export interface IncomingDocument {
  fileName: string;
  contentType: string;
  content: Buffer;
  description?: string;
  lineId?: string;
}

export type DocumentOwner = { kind: 'statement'; id: string } | { kind: 'report'; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly storage: DocumentStorage,
  ) {}

  /**
   * Adds a supporting document to a draft or returned statement or report (members of the
   * beneficiary). PDF, PNG and JPEG only, checked on the content too; the size limit is
   * enforced while the upload streams in (UPLOAD_MAX_BYTES).
   */
  async upload(owner: DocumentOwner, file: IncomingDocument, actor: Actor): Promise<DocumentDto> {
    const description = (file.description ?? '').trim();
    const problems: FieldError[] = [];
    if (description.length > 500) problems.push({ field: 'description', code: 'maxLength', message: 'description is at most 500 characters' });
    if (file.lineId !== undefined && !UUID.test(file.lineId)) problems.push({ field: 'lineId', code: 'isUuid', message: 'lineId must be a UUID' });
    if (problems.length > 0) throw validationFailed(problems);
    return this.db.transaction(async (manager) => {
      const { grantId, status, what } = await this.loadOwner(manager, owner);
      await loadGrant(manager, grantId, actor, 'beneficiary', ownerName(owner));
      if (status !== 'DRAFT' && status !== 'RETURNED') throw GrantErrors.documentsFrozen(what, status);
      if (file.lineId !== undefined) {
        const line = owner.kind === 'statement' ? await manager.findOneBy(CostStatementLine, { id: file.lineId.toLowerCase(), statementId: owner.id }) : null;
        if (!line) throw validationFailed([{ field: 'lineId', code: 'unknownLine', message: 'not a line of this cost statement' }]);
      }
      const check = checkDocument(file.contentType, file.content);
      if (!check.ok) throw GrantErrors.documentRefused(check.code, check.message);
      const stored = await this.storage.put(file.content);
      const document = manager.create(SupportingDocument, {
        grantId,
        costStatementId: owner.kind === 'statement' ? owner.id : null,
        progressReportId: owner.kind === 'report' ? owner.id : null,
        costLineId: file.lineId?.toLowerCase() ?? null,
        fileName: safeFileName(file.fileName),
        contentType: check.type,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        storage: 'DISK',
        description,
        uploadedBy: actor.userId,
        uploadedAt: this.clock.now(),
      });
      await manager.insert(SupportingDocument, document);
      const dto = DocumentDto.from(document);
      await this.audit.record(manager, actor, {
        action: 'document.uploaded',
        entityType: owner.kind === 'statement' ? 'cost_statement' : 'progress_report',
        entityId: owner.id,
        after: { documentId: dto.id, fileName: dto.fileName, contentType: dto.contentType, sizeBytes: dto.sizeBytes, sha256: dto.sha256 },
      });
      return dto;
    });
  }

  async list(owner: DocumentOwner, actor: Actor): Promise<DocumentDto[]> {
    const { grantId } = await this.loadOwner(this.db.manager, owner);
    await loadGrant(this.db.manager, grantId, actor, 'read', ownerName(owner));
    return this.listFor(this.db.manager, owner);
  }

  async listFor(manager: EntityManager, owner: DocumentOwner): Promise<DocumentDto[]> {
    const where = owner.kind === 'statement' ? { costStatementId: owner.id } : { progressReportId: owner.id };
    const documents = await manager.find(SupportingDocument, { where, order: { uploadedAt: 'ASC', id: 'ASC' } });
    return documents.map(DocumentDto.from);
  }

  /** The document's metadata and its bytes, for anyone who may see the grant. */
  async content(id: string, actor: Actor): Promise<{ document: DocumentDto; stream: ReadStream }> {
    const document = await this.db.manager.findOneBy(SupportingDocument, { id });
    if (!document) throw notFound('The document');
    try {
      await loadGrant(this.db.manager, document.grantId, actor, 'read');
    } catch {
      throw notFound('The document');
    }
    return { document: DocumentDto.from(document), stream: this.storage.open(document.sha256) };
  }

  private async loadOwner(manager: EntityManager, owner: DocumentOwner): Promise<{ grantId: string; status: string; what: string }> {
    if (owner.kind === 'statement') {
      const statement = await manager.findOneBy(CostStatement, { id: owner.id });
      if (!statement) throw notFound(ownerName(owner));
      return { grantId: statement.grantId, status: statement.status, what: 'cost statement' };
    }
    const report = await manager.findOneBy(ProgressReport, { id: owner.id });
    if (!report) throw notFound(ownerName(owner));
    return { grantId: report.grantId, status: report.status, what: 'progress report' };
  }
}

/** The record a document hangs on, as a not-found answer names it (missing and invisible alike). */
function ownerName(owner: DocumentOwner): string {
  return owner.kind === 'statement' ? 'The cost statement' : 'The progress report';
}

/** Keeps the name a user gave, without directories or control characters. */
function safeFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (cleaned || 'document').slice(0, 255);
}
