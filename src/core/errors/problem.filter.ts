import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CannotExecuteNotConnectedError,
  ConnectionIsNotSetError,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { DomainError, FieldError } from './domain.error';
import { PROBLEM_CONTENT_TYPE, ProblemDto, STATUS_BY_KIND, TITLE_BY_STATUS, problemType } from './problem';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** PostgreSQL error codes that mean the request, not the server, is at fault. */
const PG_STATUS: Record<string, { status: number; code: string; detail: string }> = {
  '23505': { status: 409, code: 'ALREADY_EXISTS', detail: 'A record with the same unique key already exists' },
  '23514': { status: 422, code: 'CONSTRAINT_VIOLATED', detail: 'The change breaks a rule held by the database' },
  '23503': { status: 409, code: 'REFERENCE_VIOLATED', detail: 'The change refers to a record that does not exist or is still in use' },
  '23502': { status: 400, code: 'VALUE_REQUIRED', detail: 'A required value is missing' },
  '22P02': { status: 400, code: 'INVALID_VALUE', detail: 'A value has the wrong format' },
  '22003': { status: 400, code: 'VALUE_OUT_OF_RANGE', detail: 'A value is out of range' },
  '22001': { status: 400, code: 'VALUE_TOO_LONG', detail: 'A value is too long' },
  '22007': { status: 400, code: 'INVALID_DATE', detail: 'A date or time has the wrong format' },
  '22008': { status: 400, code: 'INVALID_DATE', detail: 'A date or time is out of range' },
  '40001': { status: 409, code: 'CONCURRENT_CHANGE', detail: 'A concurrent change interfered; retry the request' },
  '40P01': { status: 409, code: 'CONCURRENT_CHANGE', detail: 'A concurrent change interfered; retry the request' },
  P0001: { status: 409, code: 'INVARIANT_VIOLATED', detail: 'The change breaks a rule held by the database' },
};

/** Seconds a client is asked to wait after a 503: a database restart took 0.4–1.5 s under load. */
export const RETRY_AFTER_SECONDS = 2;

/** Socket errors of a connection that cannot be made or was lost. */
const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), shutdown or
 * start-up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now), too many
 * connections, and a read-only server (a standby not promoted yet after a failover).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|25006)$/;

/**
 * Messages of pg, pg-pool and TypeORM that carry no code: a pool wait timeout, lost or ended
 * clients, a pool already closed (a request that outlived a shutdown's grace period).
 */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|Driver not Connected)/;

/**
 * Whether `error` means PostgreSQL could not be reached or dropped the connection: the request
 * may well succeed when retried, so it answers 503, not 500. Looks through TypeORM's wrapper,
 * `cause` and an AggregateError (Node tries each address of a host name).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  if (error instanceof CannotExecuteNotConnectedError || error instanceof ConnectionIsNotSetError) return true;
  // TypeORM releases a transaction's query runner when its connection is lost; the
  // transaction's next query then fails with one of these (the outage test met both).
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNREACHABLE_ERRNO.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (e.driverError !== undefined && e.driverError !== error && isDatabaseUnavailable(e.driverError, depth + 1)) return true;
  if (e.cause !== undefined && isDatabaseUnavailable(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

export interface Problem extends ProblemDto {
  headers?: Record<string, string>;
}

/** Turns anything thrown into RFC 9457 problem details; the only place that picks statuses. */
export function toProblem(exception: unknown, correlationId: string, instance?: string): Problem {
  const base = { correlationId, instance };
  if (exception instanceof DomainError) {
    const status = STATUS_BY_KIND[exception.kind];
    return {
      ...base,
      type: problemType(exception.code),
      title: TITLE_BY_STATUS[status] ?? 'Error',
      status,
      detail: exception.message,
      code: exception.code,
      ...(exception.errors.length ? { errors: exception.errors } : {}),
      headers: exception.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const code = typeof body.code === 'string' ? body.code : `HTTP_${status}`;
    const detail =
      typeof body.detail === 'string'
        ? body.detail
        : typeof body.message === 'string'
          ? body.message
          : exception.message;
    const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : undefined;
    return {
      ...base,
      type: problemType(code),
      title: TITLE_BY_STATUS[status] ?? 'Error',
      status,
      detail,
      code,
      ...(errors ? { errors } : {}),
    };
  }
  if (exception instanceof QueryFailedError) {
    const pg = exception.driverError as PgError;
    const known = pg.code ? PG_STATUS[pg.code] : undefined;
    if (known) {
      return {
        ...base,
        type: problemType(known.code),
        title: TITLE_BY_STATUS[known.status] ?? 'Error',
        status: known.status,
        detail: pg.code === 'P0001' && pg.detail ? pg.detail : known.detail,
        code: known.code,
        ...(pg.constraint ? { errors: [{ field: pg.constraint, code: known.code, message: known.detail }] } : {}),
      };
    }
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      ...base,
      type: problemType('DATABASE_UNAVAILABLE'),
      title: TITLE_BY_STATUS[503],
      status: 503,
      detail: 'The database is unavailable for a moment; retry the request',
      code: 'DATABASE_UNAVAILABLE',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    };
  }
  // Fastify's own errors (malformed JSON, body too large, wrong content type) carry a 4xx.
  const fastify = (exception ?? {}) as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const status = fastify.statusCode;
    const code = typeof fastify.code === 'string' ? fastify.code.replace(/^FST_ERR_/, '') : `HTTP_${status}`;
    return {
      ...base,
      type: problemType(code),
      title: TITLE_BY_STATUS[status] ?? 'Error',
      status,
      detail: typeof fastify.message === 'string' ? fastify.message : 'The request could not be processed',
      code,
    };
  }
  return {
    ...base,
    type: problemType('INTERNAL_ERROR'),
    title: TITLE_BY_STATUS[500],
    status: 500,
    detail: 'An unexpected error occurred; quote the correlation id when reporting it',
    code: 'INTERNAL_ERROR',
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): void {
  const { headers, ...body } = problem;
  for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');
  private outageLoggedAt = 0;
  private outageSuppressed = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(exception, String(request.id), request.url);
    if (problem.code === 'DATABASE_UNAVAILABLE') {
      this.logOutage(exception, String(request.id));
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, correlationId: request.id }, 'request failed');
    }
    sendProblem(reply, problem);
  }

  /** An outage fails every request at once: one short line every few seconds, no stack traces. */
  private logOutage(exception: unknown, correlationId: string): void {
    const now = Date.now();
    if (now - this.outageLoggedAt < 5000) {
      this.outageSuppressed++;
      return;
    }
    const more = this.outageSuppressed ? ` (${this.outageSuppressed} more since the last line)` : '';
    this.logger.warn(`database unavailable, answering 503: ${(exception as Error).message} [${correlationId}]${more}`);
    this.outageLoggedAt = now;
    this.outageSuppressed = 0;
  }
}
