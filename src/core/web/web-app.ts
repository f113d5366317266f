import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { securityHeaders } from '../http/security-headers';
import { WEB_ROUTE_PREFIXES } from './web-routes';


/** Headers of the web application's pages: the strict defaults, with what React and Mantine need. */
export function webSecurityHeaders(): Record<string, string> {
  return securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        scriptSrc: [`'self'`],
        // Mantine writes its CSS variables in a <style> element and positions popovers with
        // style attributes.
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:', 'blob:'],
        // Supporting documents (PDF, images) are shown inline in the finance review.
        frameSrc: [`'self'`, 'blob:'],
        objectSrc: [`'self'`, 'blob:'],
        connectSrc: [`'self'`],
        fontSrc: [`'self'`, 'data:'],
        frameAncestors: [`'none'`],
        formAction: [`'self'`],
        baseUri: [`'self'`],
        // HSTS does this job where it matters; on plain-http development hosts it would break every asset.
        upgradeInsecureRequests: null,
      },
    },
  });
}

/**
 * Serves the built web application from `root`: hashed assets with a long cache, and
 * `index.html` (never cached) for `/` and for every deep link of the browser routes, so a
 * reload of `/aanvragen/123` shows the page. API routes are registered by Nest and win over
 * these, since Fastify matches static segments before the wildcard.
 */
export async function registerWebApp(fastify: FastifyInstance, dir: string, onMissing: (line: string) => void): Promise<void> {
  const root = resolve(dir);
  const indexFile = join(root, 'index.html');
  const headers = webSecurityHeaders();
  if (!existsSync(indexFile)) {
    onMissing(`web application not found in ${root}: run \`npm run build\``);
    return;
  }
  const index = readFileSync(indexFile);
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.headers(headers).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);

  await fastify.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: '/assets/',
    wildcard: false,
    index: false,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => {
      void res.headers(headers);
    },
  });
  for (const file of ['favicon.svg', 'robots.txt']) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const body = readFileSync(path);
    const type = file.endsWith('.svg') ? 'image/svg+xml' : 'text/plain; charset=utf-8';
    fastify.get(`/${file}`, (_request, reply) => reply.headers(headers).header('cache-control', 'max-age=86400').type(type).send(body));
  }
  fastify.get('/', sendIndex);
  for (const prefix of WEB_ROUTE_PREFIXES) {
    fastify.get(`/${prefix}`, sendIndex);
    fastify.get(`/${prefix}/*`, sendIndex);
  }
}
