import type { FastifyRequest } from 'fastify';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { UploadErrors } from './upload.errors';

/** A file as it arrives in a multipart request: its bytes stream in through `content`. */
export interface IncomingDocument {
  fileName: string;
  contentType: string;
  /** Completes only when the whole request body arrived well-formed; fails with a 4xx DomainError otherwise. */
  content: AsyncIterable<Buffer>;
  description?: string;
  lineId?: string;
  /** Any other text field sent before the file (a feature's own, such as a claimed type). */
  fields: Readonly<Record<string, string>>;
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

/**
 * Opens the one file part of a multipart request without reading it: its bytes arrive through
 * `content`, one chunk at a time. Fields count only when sent before the file. The plugin
 * stops a file at UPLOAD_MAX_BYTES; `content` then fails with 413 once the rest is dropped.
 */
export async function readUpload(request: FastifyRequest): Promise<IncomingDocument> {
  if (!request.isMultipart()) throw UploadErrors.multipartRequired();
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
  if (!part || part.type !== 'file') throw UploadErrors.multipartRequired();
  const file = part;
  if (file.fieldname !== 'file') {
    await drain(fileContent(file, parts));
    throw UploadErrors.multipartRequired();
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
  if (part.file.truncated) throw UploadErrors.documentTooLarge();
}

/**
 * The plugin's own errors carry their 4xx (413 for limits, 400 for a request closed early);
 * anything else the parser raises means the body is not valid multipart.
 */
function asUploadError(error: unknown): unknown {
  if ((error as { code?: unknown })?.code === 'FST_REQ_FILE_TOO_LARGE') return UploadErrors.documentTooLarge();
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return UploadErrors.multipartMalformed((error as Error)?.message);
}

/** Reads what is left of an upload and drops it, so the request can be answered. */
export async function drain(content: AsyncIterable<unknown>): Promise<void> {
  try {
    for await (const _ of content) void _;
  } catch {
    // The answer is already decided; a broken rest changes nothing.
  }
}
