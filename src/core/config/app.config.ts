import { randomBytes } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import type { ValidationError } from 'class-validator';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
  validateSync,
  IsArray,
} from 'class-validator';
import { ALL_ROLES, Role } from '../domain/roles';
import { OidcProviderSetting, parseProviders, toRoleList } from './oidc-providers.setting';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Every setting of the service, read once at boot from the environment (and `.env`).
 * Nothing else in the code reads `process.env`.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** When absent, the service starts an embedded PostgreSQL in EMBEDDED_PG_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * The owner of the schema, for migrations only. Set it and DATABASE_URL becomes a role with
   * row privileges alone (a member of efro_app, which the migrations grant). Unset, migrations
   * run as DATABASE_URL's role, and the service warns that it runs as the owner.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_OWNER_URL must be a postgres:// URL' })
  DATABASE_OWNER_URL?: string;

  @IsString()
  EMBEDDED_PG_DIR = '.data/pg';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54320;

  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /**
   * How long a request waits for a pool connection (a new one or a free one) before it gets
   * 503: an unreachable server or a saturated pool then answers instead of hanging.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  /** Required in production; a random secret is generated in development and tests. */
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  /** Lifetime of a web application's cookie session, from sign-in (not extended by use). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  SESSION_TTL_SECONDS = 8 * 3600;

  @IsTimeZone()
  DOCUMENT_TIME_ZONE = 'Europe/Brussels';

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @ValidateIf((c: AppConfig) => c.ADMIN_EMAIL !== undefined)
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCK_SECONDS = 900;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toBool)
  @IsBoolean()
  SCHEDULER_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  REMINDER_DAYS_BEFORE_DUE = 14;

  @IsIn(['log', 'smtp'])
  MAIL_TRANSPORT: 'log' | 'smtp' = 'log';

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of notification e-mails (`Name <address>` or a bare address). */
  @IsString()
  @Matches(/^[^<>]*<[^\s<>@]+@[^\s<>@]+>$|^[^\s<>@]+@[^\s<>@]+$/, { message: 'MAIL_FROM must be an address or "Name <address>"' })
  MAIL_FROM = 'efro-grants <no-reply@efro-grants.invalid>';

  /** The domain in each mail's Message-ID (`<notification-id@domain>`); default: MAIL_FROM's. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+$/, { message: 'MAIL_MESSAGE_ID_DOMAIN must be a domain name' })
  MAIL_MESSAGE_ID_DOMAIN?: string;

  get messageIdDomain(): string {
    return this.MAIL_MESSAGE_ID_DOMAIN ?? (/@([^\s<>@]+)>?$/.exec(this.MAIL_FROM)?.[1] ?? 'efro-grants.invalid');
  }

  /** Where users reach the web application; mails link to `PUBLIC_BASE_URL` + the item's page. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'PUBLIC_BASE_URL must be an http:// or https:// URL without query' })
  PUBLIC_BASE_URL?: string;

  get publicBaseUrl(): string {
    return (this.PUBLIC_BASE_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  /**
   * Term of a recovery order (terugvordering), in days from the day it is booked. The domain
   * brief names no term; 30 days is the usual term of a Flemish recovery letter.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  RECOVERY_TERM_DAYS = 30;

  /** SMTP timeouts: a server that accepts and never answers costs at most these, not minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMTP_CONNECTION_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMTP_GREETING_TIMEOUT_MS = 10_000;

  /** Inactivity on an open SMTP connection (each command's answer). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMTP_SOCKET_TIMEOUT_MS = 30_000;

  /** Retries of a failed mail: the first after this long, then doubling up to the maximum delay. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAIL_RETRY_FIRST_DELAY_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAIL_RETRY_MAX_DELAY_SECONDS = 4 * 3600;

  /** From the first attempt, how long retries go on before the notification is FAILED (the last attempt falls at its end). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  MAIL_RETRY_WINDOW_SECONDS = 24 * 3600;

  /**
   * Notifications created before mail delivery through the transport was first enabled are
   * mailed only when younger than this; older ones are SKIPPED (listed, and retryable).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  MAIL_BACKLOG_MAX_AGE_SECONDS = 24 * 3600;

  @IsString()
  UPLOAD_DIR = '.data/uploads';

  /**
   * At start-up, also remove stored files that no document refers to (left by a crash between
   * placing a file and committing its row). Default: on in production only, where one database
   * owns UPLOAD_DIR; tests and development may point several databases at one folder.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  UPLOAD_SWEEP_UNREFERENCED?: boolean;

  get sweepUnreferencedUploads(): boolean {
    return this.UPLOAD_SWEEP_UNREFERENCED ?? this.NODE_ENV === 'production';
  }

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

  /**
   * The budget of one ranking or award proposal, as the most evaluated proposals of the call.
   * Both stream from a cursor in batches, so their memory stays flat (measured with `npm run
   * bench -- scale`: 100,000 proposals in the default 192 MB heap); the budget bounds the time
   * and the database work one request may take (at 100,000 on this 2-core machine: a ranking
   * page under a second, an award proposal about 4.5 s). Above its budget a request answers 503
   * RANKING_TOO_LARGE and changes nothing.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RANKING_MAX_PROPOSALS = 250_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  AWARD_MAX_PROPOSALS = 250_000;

  /**
   * Rows of the ranking cursor per round trip (and award entries written per statement): the
   * memory of a ranking or award proposal is about this many rows, whatever the call's size;
   * fewer round trips matter more on a busy machine than the batch's few megabytes.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(50_000)
  RANKING_BATCH_ROWS = 10_000;

  /**
   * The memory budget of one award decision, as the most entries of the proposal it decides: a
   * decision loads the entries and their proposals whole (and changes each one's status in its
   * one transaction). Above it the decision answers 503 RANKING_TOO_LARGE and changes nothing.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DECISION_MAX_ENTRIES = 20_000;

  /** The built web application (`npm run build` writes it); served at `/`. */
  @IsString()
  WEB_DIR = 'dist/web';

  /** Readiness fails when the file system of UPLOAD_DIR has less free space than this. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  UPLOAD_MIN_FREE_BYTES = 256 * 1024 * 1024;

  /** On SIGTERM: how long requests in flight (and streaming exports) may take to finish. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  SHUTDOWN_GRACE_SECONDS = 25;

  /** Serve Prometheus metrics at GET /metrics (to callers with METRICS_TOKEN only). */
  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED = false;

  /** Bearer token a scraper sends to GET /metrics; required when METRICS_ENABLED. */
  @ValidateIf((c: AppConfig) => c.METRICS_ENABLED || c.METRICS_TOKEN !== undefined)
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters (required when METRICS_ENABLED is true)' })
  METRICS_TOKEN?: string;

  /**
   * Ed25519 private key (the 32-byte seed, base64) that signs the daily checkpoints of the audit
   * chain's head. Required in production; elsewhere a fixed development key signs them.
   */
  @ValidateIf((c: AppConfig) => c.NODE_ENV === 'production' || c.AUDIT_SIGNING_KEY !== undefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'AUDIT_SIGNING_KEY must be a base64-encoded 32-byte Ed25519 seed (openssl rand -base64 32)' })
  AUDIT_SIGNING_KEY?: string;

  /**
   * OpenID Connect providers, side by side (a JSON array; README "Signing in through OpenID
   * Connect"). Each is a button on the sign-in page.
   */
  @Transform(parseProviders)
  @IsArray({ message: 'OIDC_PROVIDERS must be a JSON array of providers' })
  @ValidateNested({ each: true })
  OIDC_PROVIDERS: OidcProviderSetting[] = [];

  /**
   * The roles that may still sign in with a password (comma-separated, or `none`). An
   * account may if one of its roles is listed; the others sign in through their provider.
   */
  @Transform(toRoleList)
  @IsArray()
  @IsIn(ALL_ROLES, { each: true, message: `LOCAL_SIGN_IN_ROLES may list only ${ALL_ROLES.join(', ')}` })
  LOCAL_SIGN_IN_ROLES: Role[] = [...ALL_ROLES];

  get enabledOidcProviders(): OidcProviderSetting[] {
    return this.OIDC_PROVIDERS.filter((p) => p.enabled);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** Cookies are Secure everywhere but in development and tests, which run on plain http://localhost. */
  get secureCookies(): boolean {
    return this.NODE_ENV !== 'development' && this.NODE_ENV !== 'test';
  }
}

export class ConfigError extends Error {}

/** Builds and validates the configuration; throws one error that lists every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const plain: Record<string, string> = {};
  for (const key of [...known, 'JWT_SECRET', 'DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SMTP_URL', 'UPLOAD_SWEEP_UNREFERENCED', 'METRICS_TOKEN', 'MAIL_MESSAGE_ID_DOMAIN', 'PUBLIC_BASE_URL', 'DATABASE_OWNER_URL', 'AUDIT_SIGNING_KEY']) {
    const value = env[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const config = plainToInstance(AppConfig, plain);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => constraintLines(e, e.property));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.MAIL_TRANSPORT === 'smtp' && !config.SMTP_URL) {
    throw new ConfigError('Invalid configuration:\n  - SMTP_URL: required when MAIL_TRANSPORT is smtp');
  }
  const providerProblems = oidcProviderProblems(config.OIDC_PROVIDERS);
  if (providerProblems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${providerProblems.map((p) => `  - OIDC_PROVIDERS: ${p}`).join('\n')}`);
  }
  if (!config.JWT_SECRET) {
    // Development only: tokens then do not survive a restart, which is acceptable there.
    config.JWT_SECRET = randomBytes(32).toString('hex');
  }
  return config;
}

/** A validation error's messages, nested ones (a provider's field) named by their path. */
function constraintLines(error: ValidationError, path: string): string[] {
  const own = Object.values(error.constraints ?? {}).map((m) => `  - ${path}: ${m}`);
  return [...own, ...(error.children ?? []).flatMap((child) => constraintLines(child, `${path}[${child.property}]`))];
}

/** Rules across a provider's fields and across providers, which the decorators cannot state. */
function oidcProviderProblems(providers: OidcProviderSetting[]): string[] {
  const problems: string[] = [];
  const names = providers.map((p) => p.name);
  for (const name of new Set(names)) if (names.filter((n) => n === name).length > 1) problems.push(`the name ${name} is used twice`);
  for (const provider of providers) {
    const applicants = provider.roles.some((rule) => rule.roles.includes(Role.APPLICANT));
    if (applicants && !provider.organisation) problems.push(`${provider.name} maps APPLICANT but has no organisation mapping (applicants belong to an organisation)`);
    if (!new URL(provider.redirectUri).pathname.endsWith(`/auth/oidc/${provider.name}/callback`))
      problems.push(`${provider.name}: redirectUri must end in /auth/oidc/${provider.name}/callback`);
    for (const [field, value] of [['issuer', provider.issuer], ['redirectUri', provider.redirectUri]] as const) {
      const url = new URL(value);
      if (url.protocol === 'http:' && !isLoopback(url.hostname)) problems.push(`${provider.name}: ${field} must be https:// (http:// only on this machine)`);
    }
  }
  return problems;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The environment's configuration with some settings fixed by the caller (the CLI tools). */
export function loadConfigWith(overrides: Record<string, string>): AppConfig {
  return loadConfig({ ...process.env, ...overrides });
}

/** Reads `.env` into the process environment when present (Node's own loader). */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
