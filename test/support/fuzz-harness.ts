import { Agent, request as httpRequest } from 'node:http';
import type { DataSource } from 'typeorm';
import type { FuzzRequest } from './openapi-fuzz';

export interface RawResponse {
  /** 0 when the connection closed without an answer (`error` says how). */
  status: number;
  error?: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Sends exactly the bytes given (a GET with a body, a malformed content type, a raw
 * percent-encoding), which HTTP clients with opinions would refuse or repair.
 */
export function sendRaw(agent: Agent, port: number, req: { method: string; url: string; headers: Record<string, string>; body?: Buffer }, retried = false): Promise<RawResponse> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers['content-length'] = req.body.length;
    const outgoing = httpRequest({ host: '127.0.0.1', port, agent, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error: Error & { code?: string }) => resolve({ status: 0, error: error.code ?? error.message, headers: {}, body: Buffer.alloc(0) }));
    });
    outgoing.on('error', (error: Error & { code?: string }) => {
      // A kept-alive connection the server had closed in the meantime: the request never
      // arrived, so it is sent again on a new one (as Node's documentation advises).
      if (outgoing.reusedSocket && error.code === 'ECONNRESET' && !retried) {
        resolve(sendRaw(agent, port, req, true));
        return;
      }
      // A connection closed without an answer is a result to judge, not a crash of the suite.
      resolve({ status: 0, error: error.code ?? error.message, headers: {}, body: Buffer.alloc(0) });
    });
    outgoing.end(req.body);
  });
}

/**
 * A log of committed row changes in every table of the test's own database, written by
 * triggers in the same transaction as the change (a rolled-back write leaves no entry), with
 * the instant of the change: requests are sent one at a time, so each write falls within the
 * one request that made it, and the log is read once per batch of requests.
 */
export async function installWriteLog(db: DataSource): Promise<void> {
  await db.query(`CREATE TABLE fuzz_writes (id bigserial PRIMARY KEY, table_name text NOT NULL, op text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  await db.query(`
    CREATE FUNCTION fuzz_record_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO fuzz_writes (table_name, op) VALUES (TG_TABLE_NAME, TG_OP);
      RETURN NULL;
    END $$`);
  const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('fuzz_writes', 'migrations')`)) as { tablename: string }[];
  for (const { tablename } of tables) {
    await db.query(`CREATE TRIGGER fuzz_write AFTER INSERT OR UPDATE OR DELETE ON "${tablename}" FOR EACH ROW EXECUTE FUNCTION fuzz_record_write()`);
  }
}

export interface Write {
  id: number;
  table_name: string;
  op: string;
  /** Milliseconds since the epoch, with microseconds. */
  at: number;
}

export async function writesSince(db: DataSource, after: number): Promise<Write[]> {
  const rows = (await db.query(`SELECT id, table_name, op, extract(epoch FROM at) * 1000 AS at FROM fuzz_writes WHERE id > $1 ORDER BY id`, [after])) as {
    id: string;
    table_name: string;
    op: string;
    at: string;
  }[];
  return rows.map((r) => ({ id: Number(r.id), table_name: r.table_name, op: r.op, at: Number(r.at) }));
}

export async function lastWriteId(db: DataSource): Promise<number> {
  return Number(((await db.query(`SELECT coalesce(max(id), 0) AS id FROM fuzz_writes`)) as { id: string }[])[0].id);
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable with PostgreSQL's clock_timestamp(). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The writes a refused request may make: a failed login counts against the account (its
 * throttle), which is the point of refusing it.
 */
export function allowedRefusalWrite(req: FuzzRequest, status: number, write: { table_name: string; op: string }): boolean {
  // Both sign-in routes share one failure count per e-mail address (login_throttles).
  if (!['POST /auth/login', 'POST /auth/session'].includes(req.operation) || ![401, 429].includes(status)) return false;
  // A failed sign-in is in the audit trail too.
  return (write.table_name === 'users' && write.op === 'UPDATE') || /login|throttle/.test(write.table_name) || (write.table_name === 'audit_log' && write.op === 'INSERT');
}

const STACK_TRACE = /(\n|\\n)\s+at [^\n]{1,200}?:\d+:\d+|node_modules\/|\/src\/[\w/.-]+\.ts\b|\b(TypeError|RangeError|ReferenceError|SyntaxError): /;
const SQL_TEXT =
  /QueryFailedError|syntax error at or near|violates (foreign key|unique|check|not-null) constraint|invalid input syntax for|unsupported Unicode escape|null value in column|relation "[^"]+" does not exist|column "[^"]+" does not exist|\bSELECT\b[^"]{1,200}\bFROM\b|\bINSERT INTO\b|\bUPDATE\s+"?\w+"?\s+SET\b|\bDELETE FROM\b/;

/** Node's HTTP parser refuses a request head above this size (maxHeaderSize) before any answer. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Whether a request is so large in its head that the server may answer 431 and close the
 * connection while the body is still arriving: the peer then sees a reset, not the answer.
 */
export function oversizedHead(req: { url: string; headers: Record<string, string> }): boolean {
  return Buffer.byteLength(req.url) + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v) + 4, 0) > MAX_HEADER_BYTES - 512;
}

/** What every answer must be, whatever was sent; an empty list when it is. */
export function problemsWith(res: RawResponse): string[] {
  const found: string[] = [];
  if (res.status === 0) return [`no answer: the connection closed (${res.error})`];
  if (res.status >= 500) found.push(`status ${res.status}`);
  if (res.headers['x-content-type-options'] !== 'nosniff') found.push('no x-content-type-options: nosniff');
  if (!res.headers['content-security-policy']) found.push('no content-security-policy');
  if (!res.headers['x-request-id']) found.push('no x-request-id');
  const text = res.body.toString('utf8');
  if (STACK_TRACE.test(text)) found.push(`stack trace in body: ${STACK_TRACE.exec(text)![0]}`);
  if (SQL_TEXT.test(text)) found.push(`SQL text in body: ${SQL_TEXT.exec(text)![0]}`);
  if (res.status >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) found.push(`error content-type ${type || '(none)'}`);
    try {
      const body = JSON.parse(text) as { status?: unknown; type?: unknown; title?: unknown; correlationId?: unknown };
      if (body.status !== res.status) found.push(`problem status ${String(body.status)} on a ${res.status}`);
      if (typeof body.type !== 'string' || typeof body.title !== 'string' || typeof body.correlationId !== 'string') found.push('problem without type, title or correlationId');
    } catch {
      found.push('error body is not JSON');
    }
  }
  return found;
}

/** A request as a line of a failure report: enough to send it again by hand. */
export function describeRequest(req: FuzzRequest): string {
  const body = req.body ? req.body.subarray(0, 300).toString('utf8') + (req.body.length > 300 ? `… (${req.body.length} bytes)` : '') : '';
  const auth = req.auth.kind === 'role' ? `as ${req.auth.role}#${req.auth.pick}` : req.auth.kind;
  return `${req.method} ${req.url.slice(0, 300)} ${auth} ${JSON.stringify(req.headers)} [${req.mutation}] ${JSON.stringify(body)}`;
}
