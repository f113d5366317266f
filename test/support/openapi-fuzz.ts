import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Malformed requests generated from the service's own OpenAPI document: for each operation,
 * a plausible request (examples, enums, ids of records that exist) with one or more things
 * wrong in it. The generators know nothing of the service beyond the document, so a new
 * route or field is fuzzed as soon as it is documented.
 */

export interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  format?: string;
  minLength?: number;
  maxLength?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  /** `POST /calls/{id}/publish` */
  key: string;
  method: string;
  path: string;
  roles: string[];
  parameters: Parameter[];
  jsonBody?: Schema;
  multipartBody?: Schema;
}

export interface FuzzRequest {
  operation: string;
  /** What was made wrong, for the statistics and the failure report. */
  mutation: string;
  method: string;
  /** Path and query, encoded as sent. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Index into the caller's sessions for the operation's roles, or anonymous. */
  auth: { kind: 'anonymous' } | { kind: 'garbage'; header: string } | { kind: 'role'; role: string; pick: number };
}

/** Ids and other values of records that exist, so that requests get past the 404s. */
export interface Pools {
  /** uuid ids by the path segment that names them (`calls`, `applications`, `lines`, …). */
  idsBySegment: Record<string, string[]>;
  /** Every uuid of the database, for fields that reference something. */
  anyId: string[];
  /** Document hashes for `/documents/{hash}`. */
  hashes: string[];
  enterpriseNumbers: string[];
}

export function operationsOf(document: OpenAPIObject): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item as Record<string, unknown>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; 'x-roles'?: string[] };
      const content = op.requestBody?.content ?? {};
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        roles: op['x-roles'] ?? [],
        parameters: op.parameters ?? [],
        jsonBody: content['application/json']?.schema,
        multipartBody: content['multipart/form-data']?.schema,
      });
    }
  }
  return out;
}

/** Follows `$ref` and single-element `allOf` (how Nest documents a described nested DTO). */
export function resolve(document: OpenAPIObject, schema: Schema | undefined): Schema {
  let current: Schema = schema ?? {};
  for (let i = 0; i < 10; i++) {
    if (current.$ref) {
      const name = current.$ref.replace('#/components/schemas/', '');
      current = { ...(document.components?.schemas?.[name] as Schema), nullable: current.nullable ?? undefined };
    } else if (current.allOf?.length === 1) {
      const { allOf, ...rest } = current;
      current = { ...resolve(document, allOf[0]), ...rest, ...(rest.example === undefined ? {} : { example: rest.example }) };
      delete current.allOf;
    } else {
      break;
    }
  }
  return current;
}

// ---------------------------------------------------------------------------------------
// Values

const UUID_V4 = fc.uuid({ version: 4 });
/** Control characters and other text PostgreSQL, JSON or a terminal may choke on. */
const NASTY_CHARS = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\u200b', '\u202e', '\ufeff', '\ud800', '\udfff', '😀', '\'', '"', '\\', '%', '<', '&', '\u0301'];
const nastyString = fc
  .array(fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ maxLength: 3, unit: 'grapheme-ascii' })), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''));
const hugeString = fc.tuple(fc.constantFrom(1_000, 10_000, 70_000, 300_000), fc.constantFrom('a', 'é', '😀', ' ', '\u0000')).map(([n, c]) => c.repeat(n));
const weirdNumber = fc.constantFrom(
  -1,
  0,
  0.5,
  -0.0001,
  1e21,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  2 ** 63,
  -(2 ** 63),
  4.9e-324,
  123456789.123,
);
/** Text that passes for the named kind of string often enough to get past the first checks. */
function stringFor(name: string, schema: Schema, pools: Pools): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  if (schema.enum?.length) options.push(fc.constantFrom(...(schema.enum as string[])));
  if (typeof schema.example === 'string') options.push(fc.constant(schema.example));
  if (/id$/i.test(name) || schema.format === 'uuid') options.push(fc.constantFrom(...pools.anyId), UUID_V4);
  if (/enterpriseNumber|partner/i.test(name)) options.push(fc.constantFrom(...pools.enterpriseNumbers));
  if (/email/i.test(name)) options.push(fc.emailAddress());
  if (/date$|On$|from|to/i.test(name)) options.push(fc.date({ min: new Date('2019-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
  if (/At$/.test(name)) options.push(fc.date({ min: new Date('2019-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString()));
  options.push(fc.string({ minLength: schema.minLength ?? 1, maxLength: Math.min(schema.maxLength ?? 40, 40) }));
  return fc.oneof(...options);
}

/** A value the schema describes (mostly valid), of bounded size. */
export function validValue(document: OpenAPIObject, raw: Schema | undefined, pools: Pools, name = '', depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    if (schema.properties) {
      if (depth > 6) return fc.constant({});
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(schema.properties);
      const fields = entries.map(([key, child]) =>
        fc.tuple(fc.constant(key), required.has(key) ? fc.constant(true) : fc.boolean(), validValue(document, child, pools, key, depth + 1)),
      );
      return fc.tuple(...fields).map((list) => Object.fromEntries(list.filter(([, keep]) => keep).map(([key, , value]) => [key, value])));
    }
    switch (schema.type) {
      case 'string':
        return stringFor(name, schema, pools);
      case 'number':
      case 'integer':
        return typeof schema.example === 'number'
          ? fc.oneof(fc.constant(schema.example), fc.integer({ min: 0, max: Math.max(1, schema.example * 2) }))
          : fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1_000_000 }));
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 6 ? fc.constant([]) : fc.array(validValue(document, schema.items, pools, name, depth + 1), { maxLength: 3 });
      case 'object':
        // An object the document leaves open (a map such as indicators): its example, or nothing.
        return schema.example !== undefined ? fc.constant(schema.example) : fc.constant({});
      default:
        return schema.example !== undefined ? fc.constant(schema.example) : fc.constant('x');
    }
  })();
  // Examples are written to be valid: take them often, so that requests go deep.
  return schema.example !== undefined && !schema.properties ? fc.oneof({ weight: 2, arbitrary: fc.constant(schema.example) }, { weight: 1, arbitrary: base }) : base;
}

function deeplyNested(depth: number, object: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = object ? { a: value } : [value];
  return value;
}

/** Something that is not what the schema asks for. */
const wrongValue: fc.Arbitrary<{ label: string; value: unknown }> = fc.oneof(
  fc.constant({ label: 'null', value: null }),
  fc.constantFrom('', ' ', 'true', '1', 'null', '[]', '{}').map((value) => ({ label: 'string', value })),
  // Well-typed but at the edges: dates and instants that parse, or almost.
  fc
    .constantFrom('0001-01-01', '9999-12-31', '2021-02-29', '2020-02-29', '2020-13-01', '1970-01-01T00:00:00+14:00', '2020-07-01T24:00:00Z', '+275760-09-13T00:00:00Z', '2020-07-01T10:00:00.123456-12:00', '2020-07-01 10:00')
    .map((value) => ({ label: 'date-edge', value })),
  nastyString.map((value) => ({ label: 'control-chars', value })),
  hugeString.map((value) => ({ label: 'huge-string', value })),
  weirdNumber.map((value) => ({ label: 'number', value })),
  fc.boolean().map((value) => ({ label: 'boolean', value })),
  fc.constantFrom([], [null], [[]], [1, 'a'], [{}]).map((value) => ({ label: 'array', value })),
  fc.constantFrom({}, { a: 1 }, { __proto__: null, constructor: { prototype: { x: 1 } } }).map((value) => ({ label: 'object', value })),
  fc.tuple(fc.constantFrom(20, 31, 40, 200), fc.boolean()).map(([depth, object]) => ({ label: `nested-${depth}`, value: deeplyNested(depth, object) })),
  fc.constantFrom(1_000, 20_000).map((n) => ({ label: 'long-array', value: Array.from({ length: n }, (_, i) => i) })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ label: 'random-json', value })),
);

type Json = unknown;

/** The paths of every value inside a JSON value (objects by key, arrays by index). */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 400) return out;
  if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function clone(value: Json): Json {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** One change to a JSON value at a chosen path: a field dropped, nulled, mistyped or added. */
function mutateAt(value: Json, path: (string | number)[], change: { kind: 'delete' | 'replace' | 'extra'; value?: unknown; key?: string }): Json {
  if (path.length === 0) {
    if (change.kind === 'extra' && value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...(value as object), [change.key!]: change.value };
    return change.kind === 'delete' ? undefined : change.value;
  }
  const root = clone(value) as Record<string | number, unknown>;
  let parent = root;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (change.kind === 'extra') {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[change.key!] = change.value;
    else parent[last] = change.value;
  } else {
    parent[last] = change.value;
  }
  return root;
}

const extraKey = fc.oneof(fc.constantFrom('id', 'version', 'status', 'createdBy', 'organisationId', 'roles', '__proto__', 'constructor', 'isAdmin', ''), fc.string({ maxLength: 8 }), nastyString);

/** A JSON body: valid-ish, then one to three mutations, or replaced as a whole. */
function jsonBody(document: OpenAPIObject, schema: Schema, pools: Pools): fc.Arbitrary<{ mutation: string; body: Json }> {
  const valid = validValue(document, schema, pools);
  const mutated = valid.chain((start) => {
    const paths = pathsOf(start);
    const step = fc.tuple(fc.nat({ max: paths.length - 1 }), fc.constantFrom('delete', 'replace', 'replace', 'extra'), wrongValue, extraKey);
    return fc.array(step, { minLength: 1, maxLength: 3 }).map((steps) => {
      let body = start;
      const labels: string[] = [];
      for (const [index, kind, wrong, key] of steps) {
        const current = pathsOf(body);
        const path = current[index % current.length];
        body = mutateAt(body, path, { kind: kind as 'delete' | 'replace' | 'extra', value: wrong.value, key });
        labels.push(kind === 'replace' ? `replace:${wrong.label}` : kind);
      }
      return { mutation: labels.join('+'), body };
    });
  });
  return fc.oneof(
    { weight: 1, arbitrary: valid.map((body) => ({ mutation: 'valid', body })) },
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: wrongValue.map((w) => ({ mutation: `whole:${w.label}`, body: w.value })) },
  );
}

// ---------------------------------------------------------------------------------------
// Raw bodies and content types

const INVALID_JSON = [
  '{',
  '{"a":',
  '{"a" 1}',
  "{'a': 1}",
  '{"a": 1,}',
  '[1, 2',
  'nul',
  'NaN',
  '{"a": 01}',
  '{"a": 1e999}',
  '\u00ef\u00bb\u00bf{}',
  '{"a": "\\ud800"}',
  '{"a": "\\u0000"}',
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '{"a": 1, "a": 2}',
  '"just a string"',
  '',
  ' ',
];

function multipartBody(boundary: string, parts: { name: string; filename?: string; type?: string; data: Buffer | string }[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Multipart bodies that end before their closing boundary (or whose boundary never comes): 400 MULTIPART_MALFORMED. */
const UNTERMINATED = { types: ['multipart/form-data; boundary=other'], bodies: ['garbage', '--fuzzb\r\n'] };

/** A multipart upload with something wrong in it (or nothing, now and then). */
function multipartRequest(pools: Pools): fc.Arbitrary<{ mutation: string; contentType?: string; body: Buffer }> {
  const fileName = fc.oneof(fc.constantFrom('verslag.pdf', 'factuur\u202efdp.exe', '../../etc/passwd', 'a\u0000.pdf', '', 'x'.repeat(300), 'é😀.pdf'), fc.string({ maxLength: 20 }));
  const data = fc.oneof(fc.constant(PDF), fc.constant(Buffer.alloc(0)), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)));
  const type = fc.constantFrom('application/pdf', 'image/png', 'text/html', 'application/octet-stream', '');
  const field = fc.record({
    name: fc.constantFrom('description', 'lineId', 'other'),
    data: fc.oneof(nastyString, fc.constantFrom(...pools.anyId), fc.constant('x'.repeat(2000))),
  });
  return fc.oneof(
    fc.record({ fields: fc.array(field, { maxLength: 2 }), name: fc.constantFrom('file', 'file', 'upload'), fileName, data, type, files: fc.integer({ min: 1, max: 2 }) }).map((p) => ({
      mutation: 'multipart',
      contentType: 'multipart/form-data; boundary=fuzzb',
      body: multipartBody('fuzzb', [...p.fields, ...Array.from({ length: p.files }, () => ({ name: p.name, filename: p.fileName.replace(/"/g, ''), type: p.type || undefined, data: p.data }))]),
    })),
    fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; charset=utf-8', ...UNTERMINATED.types).map((contentType) => ({
      mutation: 'multipart-bad-boundary',
      contentType,
      body: multipartBody('fuzzb', [{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: PDF }]),
    })),
    fc.constantFrom('--fuzzb\r\nContent-Disposition: form-data\r\n\r\nx\r\n--fuzzb--\r\n', '--fuzzb--\r\n', ...UNTERMINATED.bodies).map((body) => ({
      mutation: 'multipart-garbage',
      contentType: 'multipart/form-data; boundary=fuzzb',
      body: Buffer.from(body),
    })),
  );
}

/** The body of a request to `op`, with its content type. */
function bodyFor(document: OpenAPIObject, op: Operation, pools: Pools): fc.Arbitrary<{ mutation: string; contentType?: string; body?: Buffer }> {
  const json = (schema: Schema) =>
    jsonBody(document, schema, pools).map(({ mutation, body }) => ({
      mutation,
      contentType: 'application/json',
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    }));
  const invalidJson = fc.constantFrom(...INVALID_JSON).map((text) => ({ mutation: 'invalid-json', contentType: 'application/json', body: Buffer.from(text) }));
  const deepRaw = fc.constantFrom(33, 5_000, 100_000).chain((n) =>
    fc.constantFrom(`${'['.repeat(n)}${']'.repeat(n)}`, `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`, '['.repeat(n)).map((text) => ({ mutation: 'deep-json', contentType: 'application/json', body: Buffer.from(text) })),
  );
  const wrongType = fc
    .tuple(
      fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/problem+json', 'APPLICATION/JSON', 'application/json; charset=iso-8859-1', 'application/octet-stream', '*/*', 'multipart/form-data', ''),
      fc.constantFrom('{"a":1}', 'a=1&b=2&a=3', '<a/>', 'plain', 'email=a%00b&password=x'),
    )
    .map(([contentType, text]) => ({ mutation: `content-type:${contentType || 'none'}`, contentType: contentType || undefined, body: Buffer.from(text) }));
  const none = fc.constant({ mutation: 'no-body', contentType: undefined, body: undefined });

  if (op.multipartBody) return fc.oneof({ weight: 6, arbitrary: multipartRequest(pools) }, { weight: 1, arbitrary: wrongType }, { weight: 1, arbitrary: invalidJson }, { weight: 1, arbitrary: none });
  if (op.jsonBody) {
    return fc.oneof(
      { weight: 12, arbitrary: json(op.jsonBody) },
      { weight: 1, arbitrary: invalidJson },
      { weight: 1, arbitrary: deepRaw },
      { weight: 1, arbitrary: wrongType },
      { weight: 1, arbitrary: none },
    );
  }
  // No body documented: mostly none, sometimes one anyway.
  return fc.oneof(
    { weight: 6, arbitrary: none },
    { weight: 1, arbitrary: jsonBody(document, {}, pools).map(({ body }) => ({ mutation: 'unexpected-body', contentType: 'application/json', body: Buffer.from(JSON.stringify(body ?? null)) })) },
    { weight: 1, arbitrary: invalidJson },
    { weight: 1, arbitrary: deepRaw },
    { weight: 1, arbitrary: wrongType },
  );
}

// ---------------------------------------------------------------------------------------
// Path, query and headers

/** A path segment, percent-encoded where it must be (a lone surrogate cannot be encoded). */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

const RAW_SEGMENTS = ['%zz', '%E0%A4%A', '%00', '%2F', '%2e%2e', '..', '%C0%AE', '%u0041', '%'];

function pathValue(name: string, schema: Schema, op: Operation, pools: Pools): fc.Arbitrary<{ label: string; segment: string }> {
  const encoded = (label: string, arb: fc.Arbitrary<string>) => arb.map((v) => ({ label, segment: encodeSegment(v) }));
  const segments = op.path.split('/');
  const segment = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
  const known = name === 'hash' ? pools.hashes : (pools.idsBySegment[segment] ?? pools.anyId);
  const good: fc.Arbitrary<string>[] = [];
  if (schema.enum?.length) good.push(fc.constantFrom(...(schema.enum as string[])));
  else if (schema.type === 'number') good.push(fc.integer({ min: 1, max: 4 }).map(String));
  else if (known.length) good.push(fc.constantFrom(...known));
  else good.push(UUID_V4);
  const bad = fc.oneof(
    encoded('bad-id', fc.constantFrom('', ' ', 'abc', '0', '-1', '1.5', '1e400', '0x10', 'NaN', 'Infinity', "' OR 1=1--", 'null', 'undefined', '[]')),
    encoded('uuid-like', UUID_V4.map((u) => u.toUpperCase())),
    encoded('uuid-like', UUID_V4.map((u) => `${u}0`)),
    encoded('uuid-like', UUID_V4.map((u) => u.replace(/-/g, ''))),
    encoded('uuid-like', UUID_V4.map((u) => `{${u}}`)),
    encoded('control-chars', nastyString),
    encoded('long', fc.constantFrom(101, 300, 5_000).map((n) => 'a'.repeat(n))),
    encoded('number', weirdNumber.map(String)),
    fc.constantFrom(...RAW_SEGMENTS).map((segment) => ({ label: 'raw-encoding', segment })),
  );
  return fc.oneof({ weight: 4, arbitrary: fc.oneof(...good).map((v) => ({ label: 'ok', segment: encodeSegment(v) })) }, { weight: 1, arbitrary: bad });
}

function queryPairs(op: Operation, document: OpenAPIObject, pools: Pools): fc.Arbitrary<{ label: string; query: string }> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const badValue = fc.oneof(
    fc.constantFrom('', '-1', '0', '1.5', '1e9', '99999999999999999999', 'abc', 'true', 'null', '[]', '%00', '%zz', '%'),
    nastyString.map(encodeSegment),
    fc.constant('x'.repeat(5_000)),
  );
  const pair = (p: Parameter) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant<string[]>([]) },
      { weight: 2, arbitrary: validValue(document, p.schema, pools, p.name).map((v) => [`${p.name}=${encodeSegment(String(v))}`]) },
      { weight: 2, arbitrary: badValue.map((v) => [`${p.name}=${v}`]) },
      { weight: 1, arbitrary: fc.tuple(badValue, badValue).map(([a, b]) => [`${p.name}=${a}`, `${p.name}=${b}`]) },
      { weight: 1, arbitrary: fc.constant([p.name]) },
    );
  const extra = fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.constantFrom(['unknown=1'], ['__proto__[x]=1'], ['a[b]=1'], ['&&&'], ['=x'], ['page[]=1']) });
  return fc.tuple(fc.tuple(...params.map(pair)), extra).map(([pairs, more]) => {
    const all = [...pairs.flat(), ...more];
    return { label: all.length ? 'query' : 'no-query', query: all.join('&') };
  });
}

const HEADER_VALUE = fc.oneof(
  fc.constantFrom('1', '"1"', 'W/"1"', '0', '-1', '1.5', '99999999999999999999', '', ' ', '*', 'abc', '"', 'x'.repeat(1000)),
  fc.string({ maxLength: 30, unit: 'grapheme-ascii' }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  UUID_V4,
);

function headersFor(op: Operation): fc.Arbitrary<Record<string, string>> {
  const declared = op.parameters.filter((p) => p.in === 'header');
  return fc
    .tuple(...declared.map((p) => fc.option(HEADER_VALUE.map((v) => [p.name, v] as const), { freq: 3, nil: null })))
    .map((pairs) => Object.fromEntries(pairs.filter((p): p is readonly [string, string] => p !== null)));
}

const GARBAGE_AUTH = fc.constantFrom('Bearer', 'Bearer ', 'Bearer x', 'Bearer a.b.c', 'Basic YWRtaW46YWRtaW4=', 'bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Bearer ' + 'x'.repeat(5000), 'Token 1');

function authFor(op: Operation): fc.Arbitrary<FuzzRequest['auth']> {
  const roles = op.roles.filter((r) => r !== 'PUBLIC');
  const allowed = roles.length ? roles : ['APPLICANT', 'PROGRAMME_MANAGER', 'ADMIN'];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' as const }) },
    { weight: 1, arbitrary: GARBAGE_AUTH.map((header) => ({ kind: 'garbage' as const, header })) },
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...allowed), fc.nat({ max: 9 })).map(([role, pick]) => ({ kind: 'role' as const, role, pick })) },
  );
}

/** Malformed requests for one operation. */
export function requestFor(document: OpenAPIObject, op: Operation, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => pathValue(p.name, resolve(document, p.schema), op, pools).map((v) => [p.name, v] as const))),
      query: queryPairs(op, document, pools),
      headers: headersFor(op),
      body: bodyFor(document, op, pools),
      auth: authFor(op),
      // Now and then another method on the same path: a route that does not exist (404).
      method: fc.oneof({ weight: 30, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') }),
    })
    .map(({ path, query, headers, body, auth, method }) => {
      let url = op.path;
      const labels: string[] = [];
      for (const [name, value] of path) {
        url = url.replace(`{${name}}`, value.segment);
        if (value.label !== 'ok') labels.push(`path:${value.label}`);
      }
      if (query.query) url += `?${query.query}`;
      if (query.label === 'query') labels.push('query');
      labels.push(body.mutation);
      if (method !== op.method) labels.push(`method:${method}`);
      return {
        operation: op.key,
        mutation: labels.join(' '),
        method,
        url,
        headers: { ...headers, ...(body.contentType ? { 'content-type': body.contentType } : {}) },
        body: body.body,
        auth,
      };
    });
}
