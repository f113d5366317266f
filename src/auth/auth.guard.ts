import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type {} from '@fastify/cookie';
import { Clock } from '../core/clock/clock';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ACCESS_KEY, AccessRule, AuthenticatedRequest } from '../core/http/access.decorator';
import { AccessCache } from './access-cache';
import { AuthErrors } from './auth.errors';
import { AccountState, SessionState, sessionUsable, tokenMatchesAccount } from './domain/account-access.rule';
import { csrfSatisfied } from './domain/csrf.rule';
import { SESSION_COOKIE, sessionKey } from './session-token';

export interface TokenClaims {
  sub: string;
  email: string;
  roles: Role[];
  org: string | null;
  /** The account's access version when the token was issued. */
  ver: number;
  exp?: number;
}

/**
 * Verified tokens, kept until they expire: a client sends the same token with every request,
 * and checking the signature each time cost more than the rest of a simple read.
 */
const VERIFIED_CACHE_LIMIT = 10_000;

type Verdict = boolean | Promise<boolean>;

/**
 * Global guard. A route without an @Access or @Public declaration is refused outright, so
 * forgetting to declare access fails closed. Callers sign in with a bearer token or the
 * session cookie; either way the request is authorised on the account's current state.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new Map<string, TokenClaims>();
  private readonly rules = new Map<object, AccessRule | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly access: AccessCache,
    private readonly clock: Clock,
  ) {}

  /**
   * Synchronous whenever it can be (no credentials, or a token, session and account found in
   * the caches), because this runs on every request and a promise per request showed in the
   * bare-route benchmark.
   */
  canActivate(context: ExecutionContext): Verdict {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (rule === undefined) {
      rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, context.getClass()]) ?? null;
      this.rules.set(handler, rule);
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header) return this.bearer(rule, request, header);
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (cookie !== undefined) return this.session(rule, request, cookie);
    return decide(rule, undefined);
  }

  private bearer(rule: AccessRule | null, request: AuthenticatedRequest, header: string): Verdict {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      if (rule?.public) return true;
      throw AuthErrors.tokenInvalid();
    }
    const token = match[1];
    const cached = this.verified.get(token);
    if (cached && (cached.exp === undefined || cached.exp * 1000 > Date.now())) return this.tokenAccount(rule, request, cached);
    return this.jwt.verifyAsync<TokenClaims>(token).then(
      (claims) => {
        if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.clear();
        this.verified.set(token, claims);
        return this.tokenAccount(rule, request, claims);
      },
      () => {
        if (rule?.public) return true;
        throw AuthErrors.tokenInvalid();
      },
    );
  }

  private tokenAccount(rule: AccessRule | null, request: AuthenticatedRequest, claims: TokenClaims): Verdict {
    const account = this.access.cachedAccount(claims.sub);
    if (account !== undefined) return this.tokenDecision(rule, request, claims, account);
    return this.access.loadAccount(claims.sub).then((loaded) => this.tokenDecision(rule, request, claims, loaded));
  }

  private tokenDecision(rule: AccessRule | null, request: AuthenticatedRequest, claims: TokenClaims, account: AccountState | null): boolean {
    if (!tokenMatchesAccount(claims, account)) {
      if (rule?.public) return true;
      throw AuthErrors.tokenRevoked();
    }
    return decide(rule, attach(request, account));
  }

  private session(rule: AccessRule | null, request: AuthenticatedRequest, cookie: string): Verdict {
    const key = sessionKey(cookie);
    if (key === null) return this.sessionDecision(rule, request, '', null, null);
    const session = this.access.cachedSession(key);
    if (session !== undefined) return this.sessionAccount(rule, request, key, session);
    return this.access.loadSession(key).then((loaded) => this.sessionAccount(rule, request, key, loaded));
  }

  private sessionAccount(rule: AccessRule | null, request: AuthenticatedRequest, key: string, session: SessionState | null): Verdict {
    if (session === null) return this.sessionDecision(rule, request, key, null, null);
    const account = this.access.cachedAccount(session.userId);
    if (account !== undefined) return this.sessionDecision(rule, request, key, session, account);
    return this.access.loadAccount(session.userId).then((loaded) => this.sessionDecision(rule, request, key, session, loaded));
  }

  private sessionDecision(
    rule: AccessRule | null,
    request: AuthenticatedRequest,
    key: string,
    session: SessionState | null,
    account: AccountState | null,
  ): boolean {
    // On a public route a cookie that does not hold up leaves the caller anonymous.
    if (!sessionUsable(session, account, this.clock.now().getTime())) {
      if (rule?.public) return true;
      throw AuthErrors.sessionInvalid();
    }
    const evidence = { method: request.method, csrfHeader: request.headers['x-csrf-token'], origin: request.headers.origin, host: request.host };
    if (!csrfSatisfied(evidence, session!.csrfToken)) {
      if (rule?.public) return true;
      throw AuthErrors.csrfTokenInvalid();
    }
    request.sessionKey = key;
    return decide(rule, attach(request, account));
  }
}

/** The access rule of a route, or null when it declares none (then it is refused). */
function decide(rule: AccessRule | null, actor: Actor | undefined): boolean {
  if (rule?.public) return true;
  if (!rule) throw AuthErrors.roleNotAllowed([]);
  if (!actor) throw AuthErrors.tokenInvalid();
  if (!actor.roles.some((r) => rule.roles.includes(r))) throw AuthErrors.roleNotAllowed(rule.roles);
  return true;
}

/** The caller as the account is now, not as a token remembers it. */
function attach(request: AuthenticatedRequest, account: AccountState): Actor {
  request.actor = {
    userId: account.userId,
    email: account.email,
    roles: account.roles,
    organisationId: account.organisationId,
    correlationId: String(request.id),
  };
  return request.actor;
}
