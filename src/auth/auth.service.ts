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
import { AuthErrors } from './auth.errors';
import { TokenClaims } from './auth.guard';
import { AFTER_SUCCESS, isLocked, lockedUntilAfter } from './domain/login-throttle.rule';
import { DUMMY_HASH, hashPassword, verifyPassword } from './domain/password.hasher';
import { CreateUserDto, LoginDto, OrganisationInput, RegisterDto, TokenDto, UserDto } from './dto/auth.dto';
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
  ) {}

  async register(dto: RegisterDto, correlationId: string): Promise<TokenDto> {
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

  async login(dto: LoginDto): Promise<TokenDto> {
    const email = dto.email.trim().toLowerCase();
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.organisation', 'o')
      .where('u.email = :email', { email })
      .getOne();
    const now = this.clock.now();
    if (user && isLocked(user, now)) {
      throw AuthErrors.locked((user.lockedUntil!.getTime() - now.getTime()) / 1000);
    }
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !user.active) throw AuthErrors.invalidCredentials();
    if (!valid) {
      // Counted in one statement so that parallel guesses cannot slip past the limit.
      await this.db.query(
        `UPDATE users SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
                          locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
         WHERE id = $1`,
        [user.id, this.config.LOGIN_MAX_FAILURES, lockedUntilAfter(now, this.config.LOGIN_LOCK_SECONDS)],
      );
      throw AuthErrors.invalidCredentials();
    }
    if (user.failedLogins !== 0 || user.lockedUntil !== null) {
      await this.db.getRepository(User).update(user.id, AFTER_SUCCESS);
    }
    return this.issueToken(user);
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
    return page(users.map(UserDto.from), total, query);
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
    const claims: TokenClaims = { sub: user.id, email: user.email, roles: user.roles, org: user.organisationId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS, user: UserDto.from(user) };
  }
}
