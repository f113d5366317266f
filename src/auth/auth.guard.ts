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

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.authenticate(request, rule?.public === true);
    if (rule?.public) return true;
    if (!rule) throw AuthErrors.roleNotAllowed([]);
    if (!actor) throw AuthErrors.tokenInvalid();
    if (!actor.roles.some((r) => rule.roles.includes(r))) throw AuthErrors.roleNotAllowed(rule.roles);
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, optional: boolean): Promise<Actor | undefined> {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      if (optional) return undefined;
      throw AuthErrors.tokenInvalid();
    }
    try {
      const claims = await this.verify(match[1]);
      request.actor = {
        userId: claims.sub,
        email: claims.email,
        roles: claims.roles,
        organisationId: claims.org,
        correlationId: String(request.id),
      };
      return request.actor;
    } catch {
      if (optional) return undefined;
      throw AuthErrors.tokenInvalid();
    }
  }

  private async verify(token: string): Promise<TokenClaims> {
    const cached = this.verified.get(token);
    if (cached && (cached.exp === undefined || cached.exp * 1000 > Date.now())) return cached;
    const claims = await this.jwt.verifyAsync<TokenClaims>(token);
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}
