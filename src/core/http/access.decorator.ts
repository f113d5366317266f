import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../domain/actor';
import { Role } from '../domain/roles';
import { ProblemDto } from '../errors/problem';

export const ACCESS_KEY = 'efro:access';
export type AccessRule = { public: true } | { public: false; roles: Role[] };

/** The roles that may call a route; the global guard refuses every route without one. */
export function Access(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_KEY, { public: false, roles } satisfies AccessRule),
    ApiBearerAuth('bearer'),
    ApiCookieAuth('session'),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ description: 'No valid bearer token or session cookie', type: ProblemDto }),
    ApiForbiddenResponse({ description: `Only for ${roles.join(', ')}`, type: ProblemDto }),
  );
}

/** Open to anyone, signed in or not. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule), ApiExtension('x-roles', ['PUBLIC']));
}

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
  /** Set when the session cookie authenticated the request: the session's key (the hash of its id). */
  sessionKey?: string;
}

/** The caller, as established by the auth guard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});

/** The caller if a valid token came along (on public routes), else undefined. */
export const OptionalActor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Actor | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor,
);
