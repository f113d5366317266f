import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app.config';
import { Actor, systemActor } from '../core/domain/actor';
import { normaliseEnterpriseNumber } from '../core/domain/belgian-identifiers.rule';
import { Role } from '../core/domain/roles';
import { notFound } from '../core/errors/domain.error';
import { Page, page, PageQuery } from '../core/http/pagination';
import { AccessCache } from './access-cache';
import { AuthErrorCode, AuthErrors } from './auth.errors';
import { TokenClaims } from './auth.guard';
import { accountChangeRefusal } from './domain/account-access.rule';
import { AFTER_SUCCESS, isLocked, lockedUntilAfter, ThrottleState } from './domain/login-throttle.rule';
import { DUMMY_HASH, hashPassword, verifyPassword } from './domain/password.hasher';
import { CreateUserDto, LoginDto, OrganisationInput, RegisterDto, TokenDto, UpdateUserDto, UserDto } from './dto/auth.dto';
import { Organisation } from './entities/organisation.entity';
import { User } from './entities/user.entity';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly access: AccessCache,
  ) {}

  /** The accounts of an organisation (to notify them), in the caller's transaction. */
  async organisationMemberIds(manager: EntityManager, organisationId: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT id FROM users WHERE organisation_id = $1`, [organisationId])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async register(dto: RegisterDto, correlationId: string): Promise<TokenDto> {
    // A registration makes a password account, which applicants could then not use.
    if (!this.localSignInAllowed([Role.APPLICANT])) throw AuthErrors.localSignInDisabled();
    const passwordHash = await hashPassword(dto.password);
    const user = await this.db.transaction(async (manager) => {
      // Only a new organisation: membership of an existing one gives its proposals, grants and
      // payments, and an enterprise number is public (KBO), so joining is for an administrator.
      const { organisation, created } = await this.findOrCreateOrganisation(manager, dto.organisation);
      if (!created) {
        const taken = (await manager.query(`SELECT 1 FROM users WHERE email = $1`, [dto.email.trim().toLowerCase()])) as unknown[];
        throw taken.length > 0 ? AuthErrors.emailTaken() : AuthErrors.organisationRegistered();
      }
      return this.insertUser(manager, {
        email: dto.email,
        fullName: dto.fullName,
        passwordHash,
        roles: [Role.APPLICANT],
        organisation,
        correlationId,
      });
    });
    return this.issueToken(user);
  }

  async login(dto: LoginDto, correlationId?: string): Promise<TokenDto> {
    return this.issueToken(await this.authenticate(dto, { correlationId, via: 'token' }));
  }

  /**
   * Checks e-mail and password, for a token and a session alike. Failures are counted per
   * e-mail address, whether an account has it or not, and an unknown address is hashed like
   * a known one: neither the answers nor their timing tell which accounts exist.
   */
  async authenticate(dto: LoginDto, context: { correlationId?: string; via?: 'token' | 'session' } = {}): Promise<User> {
    const email = dto.email.trim().toLowerCase();
    const now = this.clock.now();
    const correlationId = context.correlationId ?? 'sign-in';
    // Every attempt is in the audit trail; the address tried is personal data, kept beside the chain.
    const failed = (userId: string | null, reason: string) =>
      this.audit.record(this.db.manager, systemActor(correlationId), {
        action: 'auth.sign_in_failed',
        entityType: 'user',
        entityId: userId ?? 'unknown',
        after: { reason, via: context.via ?? 'token' },
        personal: { email },
      });
    const rows = (await this.db.query(`SELECT failed_logins, locked_until FROM login_throttles WHERE email = $1`, [email])) as {
      failed_logins: number;
      locked_until: Date | null;
    }[];
    const throttle: ThrottleState = rows.length ? { failedLogins: rows[0].failed_logins, lockedUntil: rows[0].locked_until } : AFTER_SUCCESS;
    if (isLocked(throttle, now)) {
      await failed(null, 'LOCKED');
      throw AuthErrors.locked((throttle.lockedUntil!.getTime() - now.getTime()) / 1000);
    }
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.organisation', 'o')
      .where('u.email = :email', { email })
      .getOne();
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !user.active || !valid) {
      // Counted in one statement so that parallel guesses cannot slip past the limit.
      await this.db.query(
        `INSERT INTO login_throttles AS t (email, failed_logins, locked_until, last_failed_at)
         VALUES ($1, CASE WHEN 1 >= $2 THEN 0 ELSE 1 END, CASE WHEN 1 >= $2 THEN $3::timestamptz END, $4)
         ON CONFLICT (email) DO UPDATE
           SET failed_logins = CASE WHEN t.failed_logins + 1 >= $2 THEN 0 ELSE t.failed_logins + 1 END,
               locked_until = CASE WHEN t.failed_logins + 1 >= $2 THEN $3::timestamptz ELSE t.locked_until END,
               last_failed_at = $4`,
        [email, this.config.LOGIN_MAX_FAILURES, lockedUntilAfter(now, this.config.LOGIN_LOCK_SECONDS), now],
      );
      // Known accounts by id; an unknown address under 'unknown', written alike so that timing tells nothing.
      await failed(user?.id ?? null, !user || !valid ? 'INVALID_CREDENTIALS' : 'INACTIVE');
      throw AuthErrors.invalidCredentials();
    }
    if (rows.length) await this.db.query(`DELETE FROM login_throttles WHERE email = $1`, [email]);
    // Told only to someone who knows the password, so it reveals nothing about who has an account.
    if (!this.localSignInAllowed(user.roles)) {
      await failed(user.id, 'LOCAL_SIGN_IN_DISABLED');
      throw AuthErrors.localSignInDisabled();
    }
    await this.audit.record(
      this.db.manager,
      { userId: user.id, email: user.email, roles: user.roles, organisationId: user.organisationId, correlationId },
      { action: 'auth.signed_in', entityType: 'user', entityId: user.id, after: { via: context.via ?? 'token' } },
    );
    return user;
  }

  /** LOCAL_SIGN_IN_ROLES: an account keeps password sign-in if one of its roles is listed. */
  localSignInAllowed(roles: Role[]): boolean {
    return roles.some((role) => this.config.LOCAL_SIGN_IN_ROLES.includes(role));
  }

  async me(actor: Actor): Promise<UserDto> {
    const user = await this.db.getRepository(User).findOne({ where: { id: actor.userId }, relations: { organisation: true } });
    if (!user) throw notFound('The user');
    return UserDto.from(user);
  }

  async createUser(dto: CreateUserDto, actor: Actor): Promise<UserDto> {
    if (dto.roles.includes(Role.APPLICANT) && !dto.organisation) throw AuthErrors.organisationRequired();
    const passwordHash = await hashPassword(dto.password);
    const user = await this.db.transaction(async (manager) => {
      const organisation = dto.organisation ? (await this.findOrCreateOrganisation(manager, dto.organisation)).organisation : null;
      return this.insertUser(manager, {
        email: dto.email,
        fullName: dto.fullName,
        passwordHash,
        roles: [...new Set(dto.roles)],
        organisation,
        correlationId: actor.correlationId,
        actor,
      });
    });
    return UserDto.from(user);
  }

  async listUsers(query: PageQuery & { role?: Role }): Promise<Page<UserDto>> {
    const qb = this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.organisation', 'o')
      .orderBy('u.email')
      .skip(query.offset)
      .take(query.pageSize);
    if (query.role) qb.where(':role = ANY(u.roles)', { role: query.role });
    const [users, total] = await qb.getManyAndCount();
    // An inactive account may be one nobody has approved yet rather than one switched off.
    const waiting = new Set(
      ((await this.db.query(`SELECT user_id FROM oidc_identities WHERE awaiting_approval AND user_id = ANY($1::uuid[])`, [users.map((u) => u.id)])) as { user_id: string }[]).map((r) => r.user_id),
    );
    return page(
      users.map((u) => ({ ...UserDto.from(u), awaitingApproval: !u.active && waiting.has(u.id) })),
      total,
      query,
    );
  }

  /**
   * Changes what an account may do. The database raises its access version, so its tokens
   * stop at once everywhere; deactivation also ends its sessions, so that reactivating the
   * account does not bring them back.
   */
  async updateUser(id: string, dto: UpdateUserDto, actor: Actor): Promise<UserDto> {
    const roles = dto.roles === undefined ? undefined : [...new Set(dto.roles)];
    const refusal = accountChangeRefusal(actor.userId, id, { active: dto.active, roles });
    if (refusal) throw AuthErrors.cannotChangeOwnAccess(AuthErrorCode[refusal]);
    const { user, endedSessions } = await this.db.transaction(async (manager) => {
      const repository = manager.getRepository(User);
      const locked = (await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [id])) as unknown[];
      if (locked.length === 0) throw notFound('The user');
      const current = await repository.findOneOrFail({ where: { id }, relations: { organisation: true } });
      const next = { roles: roles ?? current.roles, active: dto.active ?? current.active };
      if (next.roles.includes(Role.APPLICANT) && !current.organisationId) throw AuthErrors.organisationRequired();
      const changed = next.active !== current.active || next.roles.join() !== current.roles.join();
      if (!changed) return { user: current, endedSessions: [] as string[] };
      // The retention of the account's personal data counts from its deactivation.
      await repository.update(id, { ...next, deactivatedAt: next.active ? null : current.active ? this.clock.now() : current.deactivatedAt });
      const ended = next.active
        ? []
        : ((await manager.query(
            `UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING encode(token_hash, 'hex') AS key`,
            [id, this.clock.now()],
          )) as [{ key: string }[], number])[0].map((row) => row.key);
      const updated = await repository.findOneOrFail({ where: { id }, relations: { organisation: true } });
      await this.audit.record(manager, actor, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        before: UserDto.from(current),
        after: UserDto.from(updated),
      });
      return { user: updated, endedSessions: ended };
    });
    // The triggers' announcements reach this instance too, but only after this answer may have gone out.
    this.access.evictAccount(id);
    for (const key of endedSessions) this.access.evictSession(key);
    return UserDto.from(user);
  }

  /** Creates the configured first admin when no admin exists yet. */
  async ensureBootstrapAdmin(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.config;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    const existing = await this.db.query(`SELECT 1 FROM users WHERE 'ADMIN' = ANY(roles) LIMIT 1`);
    if (existing.length > 0) return;
    const passwordHash = await hashPassword(ADMIN_PASSWORD);
    await this.db.transaction(async (manager) => {
      // Serialises concurrent boots of several instances.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('efro:bootstrap-admin'))`);
      const again = await manager.query(`SELECT 1 FROM users WHERE 'ADMIN' = ANY(roles) LIMIT 1`);
      if (again.length > 0) return;
      await this.insertUser(manager, {
        email: ADMIN_EMAIL,
        fullName: 'Administrator',
        passwordHash,
        roles: [Role.ADMIN],
        organisation: null,
        correlationId: 'bootstrap',
      });
      this.logger.log(`bootstrap admin ${ADMIN_EMAIL} created`);
    });
  }

  private async findOrCreateOrganisation(manager: EntityManager, input: OrganisationInput): Promise<{ organisation: Organisation; created: boolean }> {
    const check = normaliseEnterpriseNumber(input.enterpriseNumber);
    if (!check.ok) throw new Error('enterprise number reached the service unvalidated');
    // ON CONFLICT: two simultaneous creations for one organisation end up in the same row (or,
    // for a registration, one of them is refused).
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(Organisation)
      .values({
        enterpriseNumber: check.value,
        name: input.name.trim(),
        type: input.type,
        province: input.province ?? null,
        address: input.address ?? null,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const organisation = await manager.getRepository(Organisation).findOneByOrFail({ enterpriseNumber: check.value });
    return { organisation, created: (inserted.raw as unknown[]).length > 0 };
  }

  private async insertUser(
    manager: EntityManager,
    input: {
      email: string;
      fullName: string;
      passwordHash: string;
      roles: Role[];
      organisation: Organisation | null;
      correlationId: string;
      actor?: Actor;
    },
  ): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({
        email,
        fullName: input.fullName.trim(),
        passwordHash: input.passwordHash,
        roles: input.roles,
        organisationId: input.organisation?.id ?? null,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    if (inserted.raw.length === 0) throw AuthErrors.emailTaken();
    const user = await manager.getRepository(User).findOneOrFail({
      where: { id: (inserted.raw[0] as { id: string }).id },
      relations: { organisation: true },
    });
    const actor = input.actor ?? { ...systemActor(input.correlationId), userId: user.id, email };
    await this.audit.record(manager, actor, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: UserDto.from(user),
    });
    return user;
  }

  private async issueToken(user: User): Promise<TokenDto> {
    const claims: TokenClaims = { sub: user.id, email: user.email, roles: user.roles, org: user.organisationId, ver: user.accessVersion };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, user: UserDto.from(user) };
  }
}
