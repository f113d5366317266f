import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiPayloadTooLargeResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProblemDto } from '../../core/errors/problem';

// Reading an upload moved to core, for every feature's supporting documents.
export { drain, readUpload, UPLOAD_BODY } from '../../core/documents/multipart-upload';
export type { IncomingDocument } from '../../core/documents/multipart-upload';

/** The refusals an upload can meet; nothing is stored after any of them. */
export function ApiUploadProblems(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBadRequestResponse({ type: ProblemDto, description: 'Not multipart, no part named file, or a body cut off (MULTIPART_MALFORMED: e.g. no closing boundary)' }),
    ApiConflictResponse({ type: ProblemDto, description: 'The statement or report is no longer a draft or returned (DOCUMENTS_FROZEN)' }),
    ApiPayloadTooLargeResponse({ type: ProblemDto, description: 'The file is over UPLOAD_MAX_BYTES (DOCUMENT_TOO_LARGE)' }),
    ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Not a PDF, PNG or JPEG, or the content is not of the declared type (DOCUMENT_REFUSED)' }),
  );
}
