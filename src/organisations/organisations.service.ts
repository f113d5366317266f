import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { safeFileName } from '../core/documents/document-name.rule';
import { checkDocument, DocumentType } from '../core/documents/document-type.rule';
import { drain, IncomingDocument } from '../core/documents/multipart-upload';
import { UploadErrors } from '../core/documents/upload.errors';
import { Actor } from '../core/domain/actor';
import { OrganisationType } from '../core/domain/organisation-type';
import { notFound } from '../core/errors/domain.error';
import { staleVersion } from '../core/http/etag';
import { Page, page } from '../core/http/pagination';
import { applyTransition } from '../core/domain/state-machine';
import { TypeVerificationStatus, typeVerificationMachine } from './domain/type-verification.machine';
import { RegisterQuery, RegisteredOrganisationDto, RejectTypeDto, VerifyTypeDto } from './dto/register.dto';
import { RegisteredOrganisation } from './entities/registered-organisation.entity';
import { OrganisationDocumentStorage } from './organisation-document.storage';
import { OrganisationErrors } from './organisations.errors';

/** An organisation as a proposal or a registration names it: the type is only a claim. */
export interface OrganisationClaim {
  enterpriseNumber: string;
  name: string;
  type: OrganisationType;
}

/** What a consortium needs to know of a partner's type. */
export interface RegisteredType {
  type: OrganisationType;
  status: TypeVerificationStatus;
  hasDocument: boolean;
  /** The secretariat's reason, once decided (a rejection always has one). */
  decisionReason: string | null;
}

/**
 * The organisation register: each organisation's type, which counts for a consortium only once
 * the programme secretariat verified it on a supporting document. Other features read and add
 * entries through this service, inside their own transaction.
 */
@Injectable()
export class OrganisationsService {
  private readonly logger = new Logger('OrganisationRegister');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly storage: OrganisationDocumentStorage,
  ) {}

  /** The register's entries for these (normalised) enterprise numbers. */
  async typesOf(manager: EntityManager, numbers: readonly string[]): Promise<Map<string, RegisteredType>> {
    if (numbers.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT enterprise_number, type, verification_status, document_sha256 IS NOT NULL AS has_document, decision_reason FROM organisation_register WHERE enterprise_number = ANY($1)`,
      [[...new Set(numbers)]],
    )) as { enterprise_number: string; type: OrganisationType; verification_status: TypeVerificationStatus; has_document: boolean; decision_reason: string | null }[];
    return new Map(rows.map((r) => [r.enterprise_number, { type: r.type, status: r.verification_status, hasDocument: r.has_document, decisionReason: r.decision_reason }]));
  }

  /**
   * Adds the organisations the register does not know yet, each with its claimed type waiting
   * for verification; a known organisation keeps the register's type whatever the claim says.
   * Returns the register's entry of every organisation asked about.
   */
  async enter(manager: EntityManager, claims: readonly OrganisationClaim[], actor: Actor): Promise<Map<string, RegisteredType>> {
    const known = await this.typesOf(manager, claims.map((c) => c.enterpriseNumber));
    const now = this.clock.now();
    for (const claim of claims) {
      if (known.has(claim.enterpriseNumber)) continue;
      // ON CONFLICT: two proposals naming the same new organisation at once end in one entry.
      const inserted = (await manager.query(
        `INSERT INTO organisation_register (enterprise_number, name, type, verification_status, claimed_at, claimed_by, version)
         VALUES ($1, $2, $3, 'PENDING', $4, $5, 1) ON CONFLICT (enterprise_number) DO NOTHING RETURNING enterprise_number`,
        [claim.enterpriseNumber, claim.name.trim(), claim.type, now, actor.userId],
      )) as unknown[];
      if (inserted.length > 0) {
        await this.audit.record(manager, actor, {
          action: 'organisation_type.claimed',
          entityType: 'organisation_register',
          entityId: claim.enterpriseNumber,
          after: { name: claim.name.trim(), type: claim.type, verificationStatus: TypeVerificationStatus.PENDING },
        });
      }
    }
    const missing = claims.filter((c) => !known.has(c.enterpriseNumber)).map((c) => c.enterpriseNumber);
    for (const [number, entry] of await this.typesOf(manager, missing)) known.set(number, entry);
    return known;
  }

  /**
   * Claims a type for a registered organisation with its supporting document: the entry waits
   * for the secretariat again, whatever it was. `authorise` runs inside the transaction (the
   * caller's feature decides who may claim for whom); the file is staged before and placed just
   * before the commit, so the claim and its document are stored together or not at all.
   */
  async claimWithDocument(
    enterpriseNumber: string,
    type: OrganisationType | undefined,
    file: IncomingDocument,
    actor: Actor,
    authorise: (manager: EntityManager) => Promise<void>,
  ): Promise<RegisteredOrganisationDto> {
    try {
      await this.db.transaction(async (manager) => {
        await authorise(manager);
        await this.claimable(manager, enterpriseNumber, type);
      });
    } catch (error) {
      await drain(file.content);
      throw error;
    }
    const staged = await this.storage.stage(file.content, (head): DocumentType => {
      const check = checkDocument(file.contentType, head);
      if (!check.ok) throw UploadErrors.documentRefused(check.code, check.message);
      return check.type;
    });
    try {
      return await this.db.transaction(async (manager) => {
        await authorise(manager);
        const entry = await this.claimable(manager, enterpriseNumber, type);
        const before = RegisteredOrganisationDto.from(entry);
        const now = this.clock.now();
        await applyTransition(typeVerificationMachine, entry.verificationStatus, 'claim', actor.roles, {
          apply: (to) =>
            manager.update(RegisteredOrganisation, enterpriseNumber, {
              type: type ?? entry.type,
              verificationStatus: to,
              documentFileName: safeFileName(file.fileName),
              documentContentType: staged.inspected,
              documentSizeBytes: staged.sizeBytes,
              documentSha256: staged.sha256,
              documentUploadedAt: now,
              documentUploadedBy: actor.userId,
              claimedAt: now,
              claimedBy: actor.userId,
              decidedAt: null,
              decidedBy: null,
              decisionReason: null,
              version: entry.version + 1,
            }),
          audit: (to) =>
            this.audit.record(manager, actor, {
              action: 'organisation_type.claimed',
              entityType: 'organisation_register',
              entityId: enterpriseNumber,
              before: { type: before.type, verificationStatus: before.verificationStatus, document: before.document?.sha256 ?? null },
              after: { type: type ?? entry.type, verificationStatus: to, document: staged.sha256, fileName: safeFileName(file.fileName) },
            }),
        });
        await this.storage.place(staged);
        return RegisteredOrganisationDto.from(await manager.findOneByOrFail(RegisteredOrganisation, { enterpriseNumber }));
      });
    } finally {
      await this.storage.discard(staged);
    }
  }

  async list(query: RegisterQuery): Promise<Page<RegisteredOrganisationDto>> {
    const qb = this.db.getRepository(RegisteredOrganisation).createQueryBuilder('r');
    if (query.status) qb.where('r.verification_status = :status', { status: query.status });
    // The queue oldest claim first; the whole register by name.
    if (query.status === TypeVerificationStatus.PENDING) qb.orderBy('r.claimed_at', 'ASC').addOrderBy('r.enterprise_number', 'ASC');
    else qb.orderBy('r.name', 'ASC').addOrderBy('r.enterprise_number', 'ASC');
    const [rows, total] = await qb.skip(query.offset).take(query.pageSize).getManyAndCount();
    return page(rows.map(RegisteredOrganisationDto.from), total, query);
  }

  async get(enterpriseNumber: string): Promise<RegisteredOrganisationDto> {
    const entry = await this.db.manager.findOneBy(RegisteredOrganisation, { enterpriseNumber });
    if (!entry) throw notFound('The organisation');
    return RegisteredOrganisationDto.from(entry);
  }

  /** The supporting document of an entry, checked against its recorded hash; who read it is audited. */
  async document(enterpriseNumber: string, actor: Actor): Promise<{ fileName: string; contentType: string; sizeBytes: number; sha256: string; stream: Readable }> {
    const entry = await this.db.manager.findOneBy(RegisteredOrganisation, { enterpriseNumber });
    if (!entry || !entry.documentSha256 || !entry.documentFileName || !entry.documentContentType || entry.documentSizeBytes === null) throw notFound('The document');
    const stored = await this.storage.read(entry.documentSha256, entry.documentSizeBytes);
    if (stored.state !== 'intact') {
      this.logger.error({ alert: 'DOCUMENT_INTEGRITY', enterpriseNumber, sha256: entry.documentSha256, problem: stored.state }, "ALERT: an organisation type's supporting document is missing or changed");
      throw OrganisationErrors.contentMissing();
    }
    await this.audit.record(this.db.manager, actor, {
      action: 'organisation_type.document_downloaded',
      entityType: 'organisation_register',
      entityId: enterpriseNumber,
      after: { sha256: entry.documentSha256 },
    });
    return { fileName: entry.documentFileName, contentType: entry.documentContentType, sizeBytes: entry.documentSizeBytes, sha256: entry.documentSha256, stream: stored.stream };
  }

  async verify(enterpriseNumber: string, dto: VerifyTypeDto, actor: Actor): Promise<RegisteredOrganisationDto> {
    return this.decide(enterpriseNumber, 'verify', dto.reason?.trim() || null, dto.version, actor);
  }

  async reject(enterpriseNumber: string, dto: RejectTypeDto, actor: Actor): Promise<RegisteredOrganisationDto> {
    return this.decide(enterpriseNumber, 'reject', dto.reason.trim(), dto.version, actor);
  }

  /**
   * Demo data and test worlds: entries the secretariat verified on public sources, written as
   * a verification with its audit entry (no document: the seed has none to show).
   */
  async recordVerified(manager: EntityManager, claims: readonly OrganisationClaim[], actor: Actor, reason = 'Geverifieerd in de KBO (demogegevens)'): Promise<void> {
    const now = this.clock.now();
    for (const claim of claims) {
      // Run again (a second seed), an entry verified with this type stays as it is.
      const written = (await manager.query(
        `INSERT INTO organisation_register (enterprise_number, name, type, verification_status, claimed_at, claimed_by, decided_at, decided_by, decision_reason, version)
         VALUES ($1, $2, $3, 'VERIFIED', $4, $5, $4, $5, $6, 1)
         ON CONFLICT (enterprise_number) DO UPDATE SET type = EXCLUDED.type, verification_status = 'VERIFIED', decided_at = EXCLUDED.decided_at,
           decided_by = EXCLUDED.decided_by, decision_reason = EXCLUDED.decision_reason, version = organisation_register.version + 1, updated_at = now()
         WHERE organisation_register.verification_status <> 'VERIFIED' OR organisation_register.type <> EXCLUDED.type
         RETURNING enterprise_number`,
        [claim.enterpriseNumber, claim.name.trim(), claim.type, now, actor.userId, reason],
      )) as unknown[];
      if (written.length === 0) continue;
      await this.audit.record(manager, actor, {
        action: 'organisation_type.verified',
        entityType: 'organisation_register',
        entityId: claim.enterpriseNumber,
        after: { type: claim.type, verificationStatus: TypeVerificationStatus.VERIFIED, reason },
      });
    }
  }

  private async decide(enterpriseNumber: string, action: 'verify' | 'reject', reason: string | null, expected: number | undefined, actor: Actor): Promise<RegisteredOrganisationDto> {
    return this.db.transaction(async (manager) => {
      const entry = await manager.findOne(RegisteredOrganisation, { where: { enterpriseNumber }, lock: { mode: 'pessimistic_write' } });
      if (!entry) throw notFound('The organisation');
      if (expected !== undefined && expected !== entry.version) throw staleVersion('The register entry', entry.version);
      // The rule of the issue: a type is verified on its supporting document, never on a claim alone.
      if (action === 'verify' && entry.verificationStatus === TypeVerificationStatus.PENDING && !entry.documentSha256) throw OrganisationErrors.documentMissing(entry.name);
      const now = this.clock.now();
      await applyTransition(typeVerificationMachine, entry.verificationStatus, action, actor.roles, {
        apply: (to) => manager.update(RegisteredOrganisation, enterpriseNumber, { verificationStatus: to, decidedAt: now, decidedBy: actor.userId, decisionReason: reason, version: entry.version + 1 }),
        audit: (to) =>
          this.audit.record(manager, actor, {
            action: action === 'verify' ? 'organisation_type.verified' : 'organisation_type.rejected',
            entityType: 'organisation_register',
            entityId: enterpriseNumber,
            before: { type: entry.type, verificationStatus: entry.verificationStatus },
            after: { type: entry.type, verificationStatus: to, reason, document: entry.documentSha256 },
          }),
      });
      return RegisteredOrganisationDto.from(await manager.findOneByOrFail(RegisteredOrganisation, { enterpriseNumber }));
    });
  }

  private async claimable(manager: EntityManager, enterpriseNumber: string, type: OrganisationType | undefined): Promise<RegisteredOrganisation> {
    const entry = await manager.findOne(RegisteredOrganisation, { where: { enterpriseNumber }, lock: { mode: 'pessimistic_write' } });
    if (!entry) throw notFound('The organisation');
    if (entry.verificationStatus === TypeVerificationStatus.VERIFIED && (type === undefined || type === entry.type)) throw OrganisationErrors.alreadyVerified(entry.name, entry.type);
    return entry;
  }
}
