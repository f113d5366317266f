import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ACCESS_KEY, AccessRule, AuthenticatedRequest } from '../core/http/access.decorator';
import { AuthErrors } from './auth.errors';

export interface TokenClaims {
  sub: string;
  email: string;
  roles: Role[];
  org: string | null;
  exp?: number;
}

/**
 * Verified tokens, kept until they expire: a client sends the same token with every request,
 * and checking the signature each time cost more than the rest of a simple read.
 */
const VERIFIED_CACHE_LIMIT = 10_000;

/**
 * Global guard. A route without an @Access or @Public declaration is refused outright, so
 * forgetting to declare access fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new Map<string, TokenClaims>();
  private readonly rules = new Map<object, AccessRule | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  /**
   * Synchronous whenever it can be (no token, or a token verified before), because this runs
   * on every request and a promise per request showed in the bare-route benchmark.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (rule === undefined) {
      rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, context.getClass()]) ?? null;
      this.rules.set(handler, rule);
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header) return decide(rule, undefined);
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      if (rule?.public) return true;
      throw AuthErrors.tokenInvalid();
    }
    const token = match[1];
    const cached = this.verified.get(token);
    if (cached && (cached.exp === undefined || cached.exp * 1000 > Date.now())) return decide(rule, attach(request, cached));
    return this.jwt.verifyAsync<TokenClaims>(token).then(
      (claims) => {
        if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.clear();
        this.verified.set(token, claims);
        return decide(rule, attach(request, claims));
      },
      () => {
        if (rule?.public) return true;
        throw AuthErrors.tokenInvalid();
      },
    );
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

function attach(request: AuthenticatedRequest, claims: TokenClaims): Actor {
  request.actor = {
    userId: claims.sub,
    email: claims.email,
    roles: claims.roles,
    organisationId: claims.org,
    correlationId: String(request.id),
  };
  return request.actor;
}
