import type { FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import type { IncomingDocument } from './documents.service';
import { GrantErrors } from './grants.errors';

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
 * Reads the one file part of a multipart request into memory; the plugin stops the stream
 * with a 413 as soon as it passes UPLOAD_MAX_BYTES. Fields count only when sent before the file.
 */
export async function readUpload(request: FastifyRequest): Promise<IncomingDocument> {
  if (!request.isMultipart()) throw GrantErrors.multipartRequired();
  const part = await request.file();
  if (!part || part.fieldname !== 'file') throw GrantErrors.multipartRequired();
  const content = await part.toBuffer();
  const field = (name: string): string | undefined => {
    const value: Multipart | Multipart[] | undefined = part.fields[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first && first.type === 'field' && typeof first.value === 'string' ? first.value : undefined;
  };
  return { fileName: part.filename, contentType: part.mimetype, content, description: field('description'), lineId: field('lineId') };
}
