import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, toTrailEntry, TrailEntry } from '../core/audit/audit-trail.service';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app.config';
import { systemActor } from '../core/domain/actor';
import { notFound } from '../core/errors/domain.error';
import { Metrics } from '../core/metrics/metrics';
import { withAdvisoryLock } from '../core/scheduling/advisory-lock';
import { brusselsDate } from '../core/time/brussels';
import { AccessCache } from './access-cache';
import { mayPseudonymise, personalDataRetainedUntil } from './domain/personal-data-retention.rule';

export interface PersonalDataExport {
  exportedAt: Date;
  account: {
    id: string;
    email: string;
    fullName: string;
    roles: string[];
    active: boolean;
    createdAt: Date;
    deactivatedAt: Date | null;
    pseudonymisedAt: Date | null;
    personalDataRetainedUntil: string | null;
  };
  organisation: { id: string; name: string; enterpriseNumber: string; type: string; province: string | null; address: string | null } | null;
  sessions: { createdAt: Date; expiresAt: Date; revokedAt: Date | null }[];
  notifications: { kind: string; title: string; body: string; createdAt: Date; readAt: Date | null }[];
  declarations: { assignmentId: string; applicationId: string; declaredAt: Date }[];
  /** Every audit entry the person made or that is about their account, with their personal details while kept. */
  auditTrail: TrailEntry[];
}

interface Candidate {
  id: string;
  email: string;
  active: boolean;
  deactivated_at: Date | null;
  last_payment: string | null;
  open_grants: number;
}

/**
 * A person's data: everything the service keeps about an account, as one JSON document (GDPR
 * art. 15 and 20), and its pseudonymisation once the retention period has passed (art. 5(1)(e)),
 * which keeps the audit chain verifiable: only the erasable personal part of an entry goes.
 */
@Injectable()
export class PersonalDataService {
  private readonly logger = new Logger(PersonalDataService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly access: AccessCache,
  ) {}

  async export(userId: string): Promise<PersonalDataExport> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const [user] = (await m.query(
        `SELECT id, email, full_name, roles, active, created_at, deactivated_at, pseudonymised_at, organisation_id FROM users WHERE id = $1`,
        [userId],
      )) as { id: string; email: string; full_name: string; roles: string[]; active: boolean; created_at: Date; deactivated_at: Date | null; pseudonymised_at: Date | null; organisation_id: string | null }[];
      if (!user) throw notFound('The user');
      const [organisation] = user.organisation_id
        ? ((await m.query(`SELECT id, name, enterprise_number AS "enterpriseNumber", type, province, address FROM organisations WHERE id = $1`, [user.organisation_id])) as PersonalDataExport['organisation'][])
        : [null];
      const [facts] = await this.candidates(m, userId);
      const sessions = (await m.query(`SELECT created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt" FROM sessions WHERE user_id = $1 ORDER BY created_at`, [userId])) as PersonalDataExport['sessions'];
      const notifications = (await m.query(
        `SELECT kind, title, body, created_at AS "createdAt", read_at AS "readAt" FROM notifications WHERE user_id = $1 ORDER BY created_at`,
        [userId],
      )) as PersonalDataExport['notifications'];
      const declarations = (await m.query(
        `SELECT id AS "assignmentId", application_id AS "applicationId", declared_at AS "declaredAt" FROM evaluation_assignments WHERE evaluator_id = $1 AND declared_at IS NOT NULL ORDER BY declared_at`,
        [userId],
      )) as PersonalDataExport['declarations'];
      const audit = (await m.query(
        `SELECT ${AUDIT_COLUMNS}
         FROM audit_log WHERE actor_id = $1 OR (entity_type = 'user' AND entity_id = $2) ORDER BY audit_log.seq`,
        [userId, userId],
      )) as Parameters<typeof toTrailEntry>[0][];
      return {
        exportedAt: this.clock.now(),
        account: {
          id: user.id,
          email: user.email,
          fullName: user.full_name,
          roles: user.roles,
          active: user.active,
          createdAt: user.created_at,
          deactivatedAt: user.deactivated_at,
          pseudonymisedAt: user.pseudonymised_at,
          personalDataRetainedUntil: facts ? personalDataRetainedUntil(retentionFacts(facts)) : null,
        },
        organisation: organisation ?? null,
        sessions,
        notifications,
        declarations,
        auditTrail: audit.map(toTrailEntry),
      };
    });
  }

  @Cron('0 45 6 * * *', { name: 'personal-data-retention', timeZone: 'Europe/Brussels' })
  async daily(): Promise<void> {
    if (!this.config.SCHEDULER_ENABLED) return;
    try {
      await this.metrics.job('personal-data-retention', async () => ({ ran: (await this.pseudonymiseDue()) !== null }));
    } catch (error) {
      this.logger.error(`personal data retention failed: ${(error as Error).message}`);
    }
  }

  /**
   * Pseudonymises every account whose retention period has passed: its e-mail address, name
   * and password hash in `users`, its sessions and failed-login count, and the
   * personal part of every audit entry it made, was the subject of or tried to sign in with.
   * Idempotent (pseudonymised accounts are skipped) and under the advisory lock, so one
   * instance does it once. Null when another instance held the lock.
   */
  async pseudonymiseDue(): Promise<{ accounts: number; auditEntries: number } | null> {
    const today = brusselsDate(this.clock.now());
    const evicted: string[] = [];
    const outcome = await withAdvisoryLock(this.db, 'efro:personal-data-retention', async (m) => {
      let accounts = 0;
      let auditEntries = 0;
      for (const candidate of await this.candidates(m, null)) {
        if (!mayPseudonymise(retentionFacts(candidate), today)) continue;
        auditEntries += await this.pseudonymise(m, candidate);
        evicted.push(candidate.id);
        accounts += 1;
      }
      return { accounts, auditEntries };
    });
    if (!outcome.ran) return null;
    for (const id of evicted) this.access.evictAccount(id);
    this.logger.log(`personal data retention: ${outcome.result.accounts} account(s) pseudonymised, ${outcome.result.auditEntries} audit entr(y/ies) cleared of personal details`);
    return outcome.result;
  }

  private async pseudonymise(m: EntityManager, candidate: Candidate): Promise<number> {
    const now = this.clock.now();
    await m.query(
      `UPDATE users SET email = 'pseudoniem-' || id || '@pseudoniem.invalid', full_name = 'Gepseudonimiseerd', password_hash = '!', pseudonymised_at = $2 WHERE id = $1`,
      [candidate.id, now],
    );
    await m.query(`DELETE FROM sessions WHERE user_id = $1`, [candidate.id]);
    await m.query(`DELETE FROM login_throttles WHERE email = $1`, [candidate.email]);
    const cleared = await this.audit.forgetPersonalDetails(m, { userId: candidate.id, email: candidate.email });
    await this.audit.record(m, systemActor('personal-data-retention'), {
      action: 'user.pseudonymised',
      entityType: 'user',
      entityId: candidate.id,
      after: { retainedUntil: personalDataRetainedUntil(retentionFacts(candidate)), auditEntriesCleared: cleared },
    });
    return cleared;
  }

  /** Accounts not yet pseudonymised, with what decides their retention. */
  private async candidates(m: EntityManager, userId: string | null): Promise<Candidate[]> {
    return (await m.query(
      `SELECT u.id, u.email, u.active, u.deactivated_at,
              (SELECT max(p.paid_on)::text FROM payments p JOIN grants g ON g.id = p.grant_id
                WHERE g.beneficiary_organisation_id = u.organisation_id AND p.status = 'PAID') AS last_payment,
              (SELECT count(*)::int FROM grants g WHERE g.beneficiary_organisation_id = u.organisation_id AND g.status = 'ACTIVE') AS open_grants
       FROM users u
       WHERE u.pseudonymised_at IS NULL AND ($1::uuid IS NULL AND NOT u.active OR u.id = $1::uuid)`,
      [userId],
    )) as Candidate[];
  }
}

function retentionFacts(c: Candidate) {
  return {
    active: c.active,
    deactivatedOn: c.deactivated_at ? brusselsDate(c.deactivated_at) : null,
    lastPaymentOn: c.last_payment,
    openGrants: c.open_grants,
  };
}
