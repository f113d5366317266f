import { DomainError } from '../core/errors/domain.error';

export enum OrganisationErrorCode {
  TYPE_DOCUMENT_MISSING = 'TYPE_DOCUMENT_MISSING',
  TYPE_ALREADY_VERIFIED = 'TYPE_ALREADY_VERIFIED',
  TYPE_DOCUMENT_CONTENT_MISSING = 'TYPE_DOCUMENT_CONTENT_MISSING',
}

export const OrganisationErrors = {
  documentMissing: (name: string) =>
    new DomainError('rule', OrganisationErrorCode.TYPE_DOCUMENT_MISSING, `${name}'s type has no supporting document yet; it cannot be verified without one`),
  alreadyVerified: (name: string, type: string) =>
    new DomainError('conflict', OrganisationErrorCode.TYPE_ALREADY_VERIFIED, `${name} is already registered as ${type}, verified; claim another type to change it`, [
      { field: 'type', code: OrganisationErrorCode.TYPE_ALREADY_VERIFIED, message: `the register already holds ${type}, verified` },
    ]),
  contentMissing: () => new DomainError('gone', OrganisationErrorCode.TYPE_DOCUMENT_CONTENT_MISSING, 'The file of this document is no longer in storage (or no longer matches its hash); the incident was logged'),
};
