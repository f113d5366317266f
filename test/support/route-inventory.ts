import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_KEY, AccessRule } from '../../src/core/http/access.decorator';
import { Role } from '../../src/core/domain/roles';

/** A route as the matrix names it: `GET /applications/:id`. */
export type RouteKey = string;

export interface DeclaredRoute {
  key: RouteKey;
  method: string;
  path: string;
  /** From the @Access/@Public metadata the global guard reads; null when the route declares none. */
  access: AccessRule | null;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p.length > 0)
    .join('/');
  return `/${joined}`;
}

/**
 * Every route of every controller in the application, with its access declaration, read from
 * the same Nest metadata the guard reads (so a route left out of the OpenAPI document is still
 * found).
 */
export function nestRoutes(app: INestApplication): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prefixes = ([] as string[]).concat((Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '/');
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        const access =
          (Reflect.getMetadata(ACCESS_KEY, handler) as AccessRule | undefined) ?? (Reflect.getMetadata(ACCESS_KEY, controller) as AccessRule | undefined) ?? null;
        for (const prefix of prefixes) {
          for (const path of ([] as string[]).concat(paths)) {
            const full = joinPath(prefix, path);
            const verb = RequestMethod[method];
            routes.push({ key: `${verb} ${full}`, method: verb, path: full, access });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** The roles the OpenAPI document lists per operation (x-roles), keyed like the Nest routes. */
export function openApiRoles(document: OpenAPIObject): Map<RouteKey, string[] | undefined> {
  const result = new Map<RouteKey, string[] | undefined>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, { 'x-roles'?: string[] } | undefined>)[method];
      if (!operation) continue;
      result.set(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`, operation['x-roles']);
    }
  }
  return result;
}

/** The roles a declaration lets through the guard, as x-roles spells them. */
export function declaredRoles(access: AccessRule | null): string[] | undefined {
  if (!access) return undefined;
  return access.public ? ['PUBLIC'] : [...access.roles];
}

export function allows(access: AccessRule | null, roles: readonly Role[]): boolean {
  if (!access) return false;
  if (access.public) return true;
  return roles.some((r) => access.roles.includes(r));
}
