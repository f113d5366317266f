import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import multipart from '@fastify/multipart';
import { INestApplication, Logger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from './core/config/app.config';
import { PROBLEM_CONTENT_TYPE } from './core/errors/problem';
import { ProblemFilter, sendProblem, toProblem } from './core/errors/problem.filter';
import { createValidationPipe } from './core/errors/validation.pipe';
import { assertMultipartBoundary, assertStorableText, bodyTooDeep, jsonDepthExceeds } from './core/http/input-limits';
import { apiSecurityHeaders, securityHeaders } from './core/http/security-headers';
import { registerWebApp } from './core/web/web-app';
import { Metrics } from './core/metrics/metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

const BODY_LIMIT = 2 * 1024 * 1024;

/** Fastify with structured request logs and a correlation id per request. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const api = apiSecurityHeaders();
  return new FastifyAdapter({
    // Request logs are written at info; above that Fastify's per-request child loggers would
    // only cost time, so the logger is off and errors go through Nest's logger.
    logger: ['info', 'debug', 'trace'].includes(config.LOG_LEVEL) ? { level: config.LOG_LEVEL } : false,
    // A caller's X-Request-Id is kept when it looks sane, so traces join up across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    // Our ids are UUIDs (36 characters); a longer path parameter is refused with 414.
    routerOptions: { maxParamLength: 100 },
    // Errors the router raises before any hook runs (a path parameter too long, a malformed
    // percent-encoding) are answered here, so they too leave as problem+json with our headers.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply.headers(api).header('x-request-id', request.id);
      sendProblem(reply, toProblem(error, String(request.id), request.url));
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => writeClientError(error, socket, api),
  });
}

/**
 * What Node's HTTP parser refuses (headers too large, a malformed request line, a timeout)
 * never becomes a request: the answer is written to the socket, as Fastify's default does,
 * but as problem+json with the security headers.
 */
function writeClientError(error: Error & { code?: string }, socket: Socket, headers: Record<string, string>): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const correlationId = randomUUID();
  const { headers: _none, ...problem } = toProblem(
    { statusCode: status, code: `HTTP_${status}`, message: status === 431 ? 'The request headers are too large' : status === 408 ? 'The request took too long to arrive' : 'The request could not be read' },
    correlationId,
  );
  const body = JSON.stringify(problem);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${correlationId}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'connection: close',
  ];
  if (socket.writable) socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  socket.destroy(error);
}

/** Everything an app needs beyond its modules; shared by main.ts and the tests. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<OpenAPIObject> {
  const fastify = app.getHttpAdapter().getInstance();
  const api = apiSecurityHeaders();
  const docs = securityHeaders({
    // Swagger UI needs inline scripts and styles; everything else keeps the strict defaults.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:', 'validator.swagger.io'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(request.url.startsWith('/docs') ? docs : api).header('x-request-id', request.id);
    done();
  });

  // The web application's session cookie (parsed only when a request carries cookies).
  await app.register(cookie);
  // JSON as Fastify parses it (prototype poisoning refused), after a depth check on the raw bytes.
  const json = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, (request, body, done) => {
    if (jsonDepthExceeds(body)) return done(bodyTooDeep(), undefined);
    json(request as FastifyRequest, body.toString('utf8'), done);
  });
  // Rules for every route, before any handler sees the request: text PostgreSQL cannot store
  // (NUL, lone surrogates) is refused here for every field; a multipart body needs its boundary.
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      assertMultipartBoundary(request.headers['content-type']);
      assertStorableText(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  if (config.METRICS_ENABLED) {
    // Off by default: one hook and a Map lookup per request. The route is Fastify's pattern.
    const metrics = app.get(Metrics);
    fastify.addHook('onResponse', (request, reply, done) => {
      metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
      done();
    });
  }

  // Supporting documents: one file per request, refused while streaming once it passes the limit.
  await app.register(multipart, { limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 1, fields: 10 } });
  await registerWebApp(fastify, config.WEB_DIR, (line) => new Logger('Web').warn(line));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // No app.enableShutdownHooks(): on a signal Nest would close the app at once, pool and all,
  // under the requests in flight. main.ts owns SIGTERM and SIGINT (see graceful-shutdown.ts).

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}

/** The service's OpenAPI document; also written by `src/cli/openapi.ts` for the web client's types. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('efro-grants')
      .setDescription(
        'Grant management for the Flemish EFRO calls: calls, applications and budgets, evaluation and award, grants and reporting. ' +
          'Amounts are integer euro cents; rates are exact fractions; instants are UTC with an explicit offset. ' +
          'Errors are application/problem+json (RFC 9457). Each operation lists the roles that may call it (x-roles).',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addCookieAuth('efro_session', { type: 'apiKey', in: 'cookie', name: 'efro_session', description: 'Set by POST /auth/session; writes also need X-CSRF-Token' }, 'session')
      .build(),
  );
  appendRolesToDescriptions(document);
  return document;
}

/** Makes the x-roles extension visible to readers of Swagger UI. */
function appendRolesToDescriptions(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { description?: string; 'x-roles'?: string[] }[]) {
      const roles = operation?.['x-roles'];
      if (!roles) continue;
      const line = roles.includes('PUBLIC') ? 'Access: public.' : `Access: ${roles.join(', ')}.`;
      operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
    }
  }
}
