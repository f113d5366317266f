import { Readable } from 'node:stream';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { isEditable } from '../domain/editable.rule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app.config';
import { Actor } from '../../core/domain/actor';
import { FieldError, notFound, validationFailed } from '../../core/errors/domain.error';
import { safeFileName } from './domain/document-name.rule';
import { checkDocument, DOCUMENT_TYPES, DocumentType } from './domain/document-type.rule';
import { DocumentDto, UploadRulesDto } from './dto/document.dto';
import { CostStatementLine } from '../cost-statements/entities/cost-statement-line.entity';
import { CostStatement } from '../cost-statements/entities/cost-statement.entity';
import { ProgressReport } from '../progress-reports/entities/progress-report.entity';
import { SupportingDocument } from './entities/supporting-document.entity';
import { DocumentChangedWhileServed, DocumentStorage, StagedFile } from './document.storage';
import { loadGrant } from '../grant-access';
import { GrantErrors } from '../grants.errors';
import { drain, IncomingDocument } from './multipart-upload';

export type DocumentOwner = { kind: 'statement'; id: string } | { kind: 'report'; id: string };

/** Where a stored document belongs, and the record its audit entry is about. */
interface StoredDocumentOwner {
  grantId: string;
  costStatementId?: string | null;
  progressReportId?: string | null;
  costLineId?: string | null;
  bankAccountId?: string | null;
  entityType: string;
  entityId: string;
}

/** An owner created together with its document: checked before the upload, created under the caller's locks. */
export interface DocumentAttachment {
  check(manager: EntityManager): Promise<void>;
  attach(manager: EntityManager): Promise<{ grantId: string; bankAccountId: string; entityType: string; entityId: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A file not written for this long belongs to no upload still under way (on any instance). */
export const LEFTOVER_AGE_MS = 60 * 60 * 1000;

@Injectable()
export class DocumentsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Documents');
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly storage: DocumentStorage,
    private readonly config: AppConfig,
  ) {}

  /**
   * Adds a supporting document to a draft or returned statement or report (members of the
   * beneficiary). PDF, PNG and JPEG only, checked on the content too; the size limit is
   * enforced while the upload streams in (UPLOAD_MAX_BYTES).
   *
   * The upload is complete on disk and in the database, or absent from both: the bytes stream
   * to a temporary file (hashed and checked on the way); then one transaction locks the grant
   * and the statement or report, checks its state again, inserts the row and the audit entry,
   * and moves the file to its final name just before the commit. Whatever fails, the temporary
   * file goes, and a placed file goes when its commit failed and nothing else refers to it.
   */
  async upload(owner: DocumentOwner, file: IncomingDocument, actor: Actor): Promise<DocumentDto> {
    return this.store(file, actor, {
      check: async (manager) => {
        validateFields(file);
        await this.lockOwner(manager, owner, file.lineId, actor, 'check');
      },
      attach: async (manager) => {
        const { grantId } = await this.lockOwner(manager, owner, file.lineId, actor, 'lock');
        return {
          grantId,
          costStatementId: owner.kind === 'statement' ? owner.id : null,
          progressReportId: owner.kind === 'report' ? owner.id : null,
          costLineId: file.lineId?.toLowerCase() ?? null,
          entityType: owner.kind === 'statement' ? 'cost_statement' : 'progress_report',
          entityId: owner.id,
        };
      },
    });
  }

  /**
   * A document whose owner the caller creates in the same transaction (a bank account with its
   * certificate): the same streaming, checks, storage and audit as any supporting document.
   */
  async uploadWith(file: IncomingDocument, actor: Actor, owner: DocumentAttachment): Promise<DocumentDto> {
    return this.store(file, actor, {
      check: async (manager) => {
        validateFields({ ...file, lineId: undefined });
        await owner.check(manager);
      },
      attach: async (manager) => {
        const attached = await owner.attach(manager);
        return { ...attached, costStatementId: null, progressReportId: null, costLineId: null };
      },
    });
  }

  private async store(
    file: IncomingDocument,
    actor: Actor,
    owner: { check: (manager: EntityManager) => Promise<void>; attach: (manager: EntityManager) => Promise<StoredDocumentOwner> },
  ): Promise<DocumentDto> {
    try {
      // Refused before a byte is written when the state already forbids it; the transaction
      // below checks again under the locks, which is the check that counts.
      await this.db.transaction((manager) => owner.check(manager));
    } catch (error) {
      await drain(file.content);
      throw error;
    }
    const staged = await this.storage.stage(file.content, (head): DocumentType => {
      const check = checkDocument(file.contentType, head);
      if (!check.ok) throw GrantErrors.documentRefused(check.code, check.message);
      return check.type;
    });
    let placed = false;
    try {
      return await this.db.transaction(async (manager) => {
        const { entityType, entityId, ...columns } = await owner.attach(manager);
        const document = manager.create(SupportingDocument, {
          ...columns,
          bankAccountId: columns.bankAccountId ?? null,
          fileName: safeFileName(file.fileName),
          contentType: staged.inspected,
          sizeBytes: staged.sizeBytes,
          sha256: staged.sha256,
          storage: 'DISK',
          description: (file.description ?? '').trim(),
          uploadedBy: actor.userId,
          uploadedAt: this.clock.now(),
        });
        await manager.insert(SupportingDocument, document);
        const dto = DocumentDto.from(document);
        await this.audit.record(manager, actor, {
          action: 'document.uploaded',
          entityType,
          entityId,
          after: { documentId: dto.id, fileName: dto.fileName, contentType: dto.contentType, sizeBytes: dto.sizeBytes, sha256: dto.sha256 },
        });
        // Last, so that only a commit can still fail after it.
        await lockContent(manager, staged.sha256);
        placed = true; // from here the final name may exist, even if placing fails midway
        await this.storage.place(staged);
        return dto;
      });
    } catch (error) {
      await this.storage.discard(staged);
      if (placed) await this.removeIfUnreferenced(staged, 'its transaction failed');
      throw error;
    }
  }

  /** The certificates of bank accounts, by account. */
  async certificates(manager: EntityManager, bankAccountIds: string[]): Promise<Map<string, DocumentDto>> {
    if (bankAccountIds.length === 0) return new Map();
    const documents = await manager.find(SupportingDocument, { where: { bankAccountId: In(bankAccountIds) } });
    return new Map(documents.map((d) => [d.bankAccountId!, DocumentDto.from(d)]));
  }

  /** What an upload must meet, so a screen can refuse a file before sending it; the service checks again. */
  uploadRules(): UploadRulesDto {
    return { maxBytes: this.config.UPLOAD_MAX_BYTES, contentTypes: [...DOCUMENT_TYPES] };
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

  /**
   * The document's metadata and its bytes, for anyone who may see the grant. The bytes are
   * checked against the hash recorded at upload before they are sent, and again as they stream:
   * a file that is gone answers 410, one whose bytes changed 409, and either raises an alert.
   */
  async content(id: string, actor: Actor): Promise<{ document: DocumentDto; stream: Readable }> {
    const document = await this.db.manager.findOneBy(SupportingDocument, { id });
    if (!document) throw notFound('The document');
    try {
      await loadGrant(this.db.manager, document.grantId, actor, 'read');
    } catch {
      throw notFound('The document');
    }
    const stored = await this.storage.read(document.sha256, document.sizeBytes);
    const alert = { alert: 'DOCUMENT_INTEGRITY', documentId: document.id, grantId: document.grantId, sha256: document.sha256, correlationId: actor.correlationId };
    if (stored.state === 'missing') {
      this.logger.error({ ...alert, problem: 'file missing from storage' }, 'ALERT: a supporting document\'s file is missing');
      throw GrantErrors.documentContentMissing();
    }
    if (stored.state === 'changed') {
      this.logger.error(
        { ...alert, problem: 'file changed in storage', expectedBytes: document.sizeBytes, actualBytes: stored.sizeBytes, actualSha256: stored.sha256 },
        'ALERT: a supporting document\'s file no longer matches its hash',
      );
      throw GrantErrors.documentIntegrityFailed();
    }
    // Payslips and invoices carry personal data: who read one is part of the record.
    await this.audit.record(this.db.manager, actor, {
      action: 'document.downloaded',
      entityType: 'supporting_document',
      entityId: document.id,
      after: { grantId: document.grantId, sha256: document.sha256 },
    });
    stored.stream.once('error', (error) => {
      if (error instanceof DocumentChangedWhileServed) {
        this.logger.error({ ...alert, problem: 'file changed while served', actualSha256: error.actual }, 'ALERT: a supporting document\'s file changed while it was served; the response was cut off');
      }
    });
    return { document: DocumentDto.from(document), stream: stored.stream };
  }

  onApplicationBootstrap(): void {
    // In the background: a large folder must not hold up the start.
    this.sweeping = this.sweepLeftovers().catch((error: unknown) => this.logger.warn({ err: error }, 'could not sweep the upload folder'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeping;
  }

  /**
   * Removes what interrupted uploads left (a crash, a killed process): temporary files, and,
   * when UPLOAD_SWEEP_UNREFERENCED is on, stored files no document refers to. Only files not
   * written for an hour, so uploads under way on another instance are left alone.
   */
  async sweepLeftovers(olderThanMs = LEFTOVER_AGE_MS): Promise<{ temporary: number; unreferenced: number }> {
    // Real time, not the service clock: the file system stamps files with it.
    const cutoff = Date.now() - olderThanMs;
    const found = await this.storage.leftovers(olderThanMs);
    for (const name of found.temporary) await this.storage.removeTemporary(name);
    let unreferenced = 0;
    if (this.config.sweepUnreferencedUploads && found.stored.length > 0) {
      const rows = (await this.db.query(`SELECT DISTINCT sha256 FROM supporting_documents WHERE sha256 = ANY($1)`, [found.stored])) as { sha256: string }[];
      const referenced = new Set(rows.map((r) => r.sha256));
      for (const sha256 of found.stored.filter((h) => !referenced.has(h))) {
        if (await this.removeUnreferenced(sha256, cutoff)) unreferenced += 1;
      }
    }
    if (found.temporary.length + unreferenced > 0) {
      this.logger.warn(`upload folder swept: ${found.temporary.length} temporary file(s), ${unreferenced} unreferenced file(s) removed`);
    }
    return { temporary: found.temporary.length, unreferenced };
  }

  /** After a failed commit: the placed file goes unless another document holds the same bytes. */
  private async removeIfUnreferenced(staged: StagedFile, why: string): Promise<void> {
    try {
      await this.removeUnreferenced(staged.sha256, null);
    } catch (error) {
      // The start-up sweep removes it later (UPLOAD_SWEEP_UNREFERENCED).
      this.logger.warn({ err: error, sha256: staged.sha256 }, `could not remove an upload whose ${why}`);
    }
  }

  /**
   * Removes a stored file when no document refers to it, under the lock an upload of the same
   * bytes takes before placing them, so a concurrent upload never loses its file.
   */
  private async removeUnreferenced(sha256: string, writtenBefore: number | null): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      await lockContent(manager, sha256);
      if (await manager.existsBy(SupportingDocument, { sha256 })) return false;
      if (writtenBefore !== null && !(await this.storage.lastWrittenBefore(sha256, writtenBefore))) return false;
      await this.storage.remove(sha256);
      return true;
    });
  }

  /**
   * The grant first (visibility, then its row lock), the statement or report after: the lock
   * order of every change to them, submission included, so the state read here holds until commit.
   */
  private async lockOwner(manager: EntityManager, owner: DocumentOwner, lineId: string | undefined, actor: Actor, mode: 'check' | 'lock'): Promise<{ grantId: string }> {
    const { grantId } = await this.loadOwner(manager, owner);
    await loadGrant(manager, grantId, actor, 'beneficiary', ownerName(owner));
    const lock = mode === 'lock' ? { mode: 'pessimistic_write' as const } : undefined;
    const current =
      owner.kind === 'statement'
        ? await manager.findOneOrFail(CostStatement, { where: { id: owner.id }, lock })
        : await manager.findOneOrFail(ProgressReport, { where: { id: owner.id }, lock });
    const what = owner.kind === 'statement' ? 'cost statement' : 'progress report';
    if (!isEditable(current.status)) throw GrantErrors.documentsFrozen(what, current.status);
    if (lineId !== undefined) {
      const line = owner.kind === 'statement' ? await manager.findOneBy(CostStatementLine, { id: lineId.toLowerCase(), statementId: owner.id }) : null;
      if (!line) throw validationFailed([{ field: 'lineId', code: 'UNKNOWN_LINE', message: 'not a line of this cost statement' }]);
    }
    return { grantId };
  }

  private async loadOwner(manager: EntityManager, owner: DocumentOwner): Promise<{ grantId: string }> {
    const found = owner.kind === 'statement' ? await manager.findOneBy(CostStatement, { id: owner.id }) : await manager.findOneBy(ProgressReport, { id: owner.id });
    if (!found) throw notFound(owner.kind === 'statement' ? 'The cost statement' : 'The progress report');
    return { grantId: found.grantId };
  }
}

/** Serialises placing and removing the file of one content hash across instances. */
async function lockContent(manager: EntityManager, sha256: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('efro:document-content:' || $1))`, [sha256]);
}

function validateFields(file: IncomingDocument): void {
  const description = (file.description ?? '').trim();
  const problems: FieldError[] = [];
  if (description.length > 500) problems.push({ field: 'description', code: 'maxLength', message: 'description is at most 500 characters' });
  if (description.includes('\u0000')) problems.push({ field: 'description', code: 'noNulCharacter', message: 'description may not contain NUL characters' });
  if (file.lineId !== undefined && !UUID.test(file.lineId)) problems.push({ field: 'lineId', code: 'isUuid', message: 'lineId must be a UUID' });
  if (problems.length > 0) throw validationFailed(problems);
}

/** The record the caller asked for, so a hidden one answers exactly like a missing one. */
function ownerName(owner: DocumentOwner): string {
  return owner.kind === 'statement' ? 'The cost statement' : 'The progress report';
}
