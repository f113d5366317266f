import { DomainError } from '../errors/domain.error';

/** The refusals of a multipart upload, whichever feature receives it (same codes everywhere). */
export const UploadErrors = {
  multipartRequired: () =>
    new DomainError('validation', 'MULTIPART_REQUIRED', 'Send the file as multipart/form-data in a part named file', [
      { field: 'file', code: 'REQUIRED', message: 'one file part is required' },
    ]),
  multipartMalformed: (reason?: string) =>
    new DomainError(
      'validation',
      'MULTIPART_MALFORMED',
      `The multipart body is not complete or not well-formed${reason ? ` (${reason.toLowerCase()})` : ''}; nothing was stored`,
      [{ field: 'file', code: 'MALFORMED', message: 'send the whole multipart body, ending with its closing boundary' }],
    ),
  documentTooLarge: () =>
    new DomainError('too_large', 'DOCUMENT_TOO_LARGE', 'The file is over the upload size limit (UPLOAD_MAX_BYTES); nothing was stored', [
      { field: 'file', code: 'MAX_SIZE', message: 'the file is over the size limit' },
    ]),
  documentRefused: (code: string, message: string) => new DomainError('rule', 'DOCUMENT_REFUSED', message, [{ field: 'file', code, message }]),
};
