import { DomainError } from '../core/errors/domain.error';

export enum ReportingErrorCode {
  DOCUMENT_NOT_AVAILABLE = 'DOCUMENT_NOT_AVAILABLE',
  RENDERING_BUSY = 'RENDERING_BUSY',
  UNKNOWN_EXPORT = 'UNKNOWN_EXPORT',
}

export const ReportingErrors = {
  /** The records the document describes do not exist yet (no submission, no decision…). */
  notYet: (message: string) => new DomainError('conflict', ReportingErrorCode.DOCUMENT_NOT_AVAILABLE, message),
  busy: () => new DomainError('unavailable', ReportingErrorCode.RENDERING_BUSY, 'Too many documents are being produced; try again shortly', [], { 'retry-after': '5' }),
};
