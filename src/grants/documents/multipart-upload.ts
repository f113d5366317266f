import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiPayloadTooLargeResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { ProblemDto } from '../../core/errors/problem';
import { GrantErrors } from '../grants.errors';

/** A file as it arrives in a multipart request: its bytes stream in through `content`. */
export interface IncomingDocument {
  fileName: string;
  contentType: string;
  /** Completes only when the whole request body arrived well-formed; fails with a 4xx DomainError otherwise. */
  content: AsyncIterable<Buffer>;
  description?: string;
  lineId?: string;
  /** Every text field sent before the file, for owners with fields of their own (a bank account). */
  fields?: Readonly<Record<string, string>>;
}

/** Swagger shape of an upload: text fields first, then the file. */
export const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      description: { type: 'string', maxLength: 500, description: 'What the document shows (send before the file)' },
      lineId: { type: 'string', format: 'uuid', description: 'Cost line the document supports (statements only; send before the file)' },
      file: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG, at most UPLOAD_MAX_BYTES' },
    },
  },
};

/** The refusals an upload can meet; nothing is stored after any of them. */
export function ApiUploadProblems(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBadRequestResponse({ type: ProblemDto, description: 'Not multipart, no part named file, or a body cut off (MULTIPART_MALFORMED: e.g. no closing boundary)' }),
    ApiConflictResponse({ type: ProblemDto, description: 'The statement or report is no longer a draft or returned (DOCUMENTS_FROZEN)' }),
    ApiPayloadTooLargeResponse({ type: ProblemDto, description: 'The file is over UPLOAD_MAX_BYTES (DOCUMENT_TOO_LARGE)' }),
    ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Not a PDF, PNG or JPEG, or the content is not of the declared type (DOCUMENT_REFUSED)' }),
  );
}

/**
 * Opens the one file part of a multipart request without reading it: its bytes arrive through
 * `content`, one chunk at a time. Fields count only when sent before the file. The plugin
 * stops a file at UPLOAD_MAX_BYTES; `content` then fails with 413 once the rest is dropped.
 */
export async function readUpload(request: FastifyRequest): Promise<IncomingDocument> {
  if (!request.isMultipart()) throw GrantErrors.multipartRequired();
  const parts = request.parts()[Symbol.asyncIterator]();
  let part: Multipart | undefined;
  try {
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      if (next.value.type === 'file') {
        part = next.value;
        break;
      }
    }
  } catch (error) {
    throw asUploadError(error);
  }
  if (!part || part.type !== 'file') throw GrantErrors.multipartRequired();
  const file = part;
  if (file.fieldname !== 'file') {
    await drain(fileContent(file, parts));
    throw GrantErrors.multipartRequired();
  }
  const field = (name: string): string | undefined => {
    const value: Multipart | Multipart[] | undefined = file.fields[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first && first.type === 'field' && typeof first.value === 'string' ? first.value : undefined;
  };
  return {
    fileName: file.filename,
    contentType: file.mimetype,
    content: fileContent(file, parts),
    description: field('description'),
    lineId: field('lineId'),
    fields: Object.fromEntries(Object.keys(file.fields).flatMap((name) => {
      const value = field(name);
      return value === undefined ? [] : [[name, value]];
    })),
  };
}

/**
 * The bytes of the file part, then the rest of the body read to its end: the iteration
 * completes only when the whole multipart body was well-formed (closing boundary included), so
 * nothing is kept from a body that was cut off. Never stops early, which would stall the request.
 */
async function* fileContent(part: MultipartFile, parts: AsyncIterator<Multipart>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of part.file) yield chunk as Buffer;
    // Parts after the file (fields sent late) are read and ignored.
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      if (next.value.type === 'file') for await (const _ of next.value.file) void _;
    }
  } catch (error) {
    throw asUploadError(error);
  }
  if (part.file.truncated) throw GrantErrors.documentTooLarge();
}

/**
 * The plugin's own errors carry their 4xx (413 for limits, 400 for a request closed early);
 * anything else the parser raises means the body is not valid multipart.
 */
function asUploadError(error: unknown): unknown {
  if ((error as { code?: unknown })?.code === 'FST_REQ_FILE_TOO_LARGE') return GrantErrors.documentTooLarge();
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return GrantErrors.multipartMalformed((error as Error)?.message);
}

/** Reads what is left of an upload and drops it, so the request can be answered. */
export async function drain(content: AsyncIterable<unknown>): Promise<void> {
  try {
    for await (const _ of content) void _;
  } catch {
    // The answer is already decided; a broken rest changes nothing.
  }
}
