import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { INestApplication, Logger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from './core/config/app.config';
import { ProblemFilter } from './core/errors/problem.filter';
import { createValidationPipe } from './core/errors/validation.pipe';
import { apiSecurityHeaders, securityHeaders } from './core/http/security-headers';
import { registerWebApp } from './core/web/web-app';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Fastify with structured request logs and a correlation id per request. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    // Request logs are written at info; above that Fastify's per-request child loggers would
    // only cost time, so the logger is off and errors go through Nest's logger.
    logger: ['info', 'debug', 'trace'].includes(config.LOG_LEVEL) ? { level: config.LOG_LEVEL } : false,
    // A caller's X-Request-Id is kept when it looks sane, so traces join up across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
  });
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
  // Supporting documents: one file per request, refused while streaming once it passes the limit.
  await app.register(multipart, { limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 1, fields: 10 } });
  await registerWebApp(fastify, config.WEB_DIR, (line) => new Logger('Web').warn(line));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

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
