import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app.config';
import { Actor } from '../core/domain/actor';
import { AccessCache } from './access-cache';
import { AuthErrors } from './auth.errors';
import { AuthService } from './auth.service';
import { LoginDto, SessionDto, UserDto } from './dto/auth.dto';
import { User } from './entities/user.entity';
import { newSecret, sessionKey } from './session-token';

/**
 * Cookie sessions for the web application. The browser holds an opaque id in an HttpOnly
 * cookie; the server holds the session (by the id's hash), so signing out ends it for good.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly access: AccessCache,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Signs in like `POST /auth/login` (same checks and throttle) and opens a session. */
  async signIn(dto: LoginDto, correlationId?: string): Promise<{ id: string; session: SessionDto }> {
    return this.open(await this.auth.authenticate(dto, { correlationId, via: 'session' }));
  }

  /** Opens a session for an account signed in one way or another; `oidc` when through a provider (for its logout). */
  async open(user: User, oidc?: { provider: string; idToken: string | null }): Promise<{ id: string; session: SessionDto }> {
    const id = newSecret();
    const csrfToken = newSecret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_TTL_SECONDS * 1000);
    await this.db.query(
      `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, oidc_provider, id_token) VALUES (decode($1, 'hex'), $2, $3, $4, $5, $6, $7)`,
      [sessionKey(id), user.id, csrfToken, now, expiresAt, oidc?.provider ?? null, oidc?.idToken ?? null],
    );
    return { id, session: { user: UserDto.from(user), csrfToken, expiresAt: expiresAt.toISOString() } };
  }

  /** The session the request came with (`key` set by the guard), with its account as it is now. */
  async current(actor: Actor, key: string | undefined): Promise<SessionDto> {
    if (!key) throw AuthErrors.sessionInvalid();
    const rows = (await this.db.query(
      `SELECT csrf_token, expires_at FROM sessions WHERE token_hash = decode($1, 'hex') AND user_id = $2 AND revoked_at IS NULL`,
      [key, actor.userId],
    )) as { csrf_token: string; expires_at: Date }[];
    if (rows.length === 0) throw AuthErrors.sessionInvalid();
    const user = await this.db.getRepository(User).findOne({ where: { id: actor.userId }, relations: { organisation: true } });
    if (!user) throw AuthErrors.sessionInvalid();
    return { user: UserDto.from(user), csrfToken: rows[0].csrf_token, expiresAt: rows[0].expires_at.toISOString() };
  }

  /** Ends the session; its cookie, even copied, signs no one in afterwards. */
  async signOut(key: string | undefined): Promise<void> {
    if (!key) throw AuthErrors.sessionInvalid();
    await this.db.query(`UPDATE sessions SET revoked_at = $2 WHERE token_hash = decode($1, 'hex') AND revoked_at IS NULL`, [key, this.clock.now()]);
    this.access.evictSession(key);
  }

  /** The cookie's attributes; a session cookie (no Max-Age), so it also ends with the browser. */
  cookieOptions(): CookieSerializeOptions {
    return { httpOnly: true, sameSite: 'strict', path: '/', secure: this.config.secureCookies };
  }
}
