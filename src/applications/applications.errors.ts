import { DomainError, FieldError } from '../core/errors/domain.error';

export enum ApplicationErrorCode {
  CALL_NOT_ACCEPTING = 'CALL_NOT_ACCEPTING',
  NOT_LEAD_MEMBER = 'NOT_LEAD_MEMBER',
  NOT_EDITABLE = 'NOT_EDITABLE',
  PARTNERS_INVALID = 'PARTNERS_INVALID',
  SUBMISSION_REFUSED = 'SUBMISSION_REFUSED',
  ALREADY_SUBMITTED = 'ALREADY_SUBMITTED',
  DUPLICATE_SUBMISSION = 'DUPLICATE_SUBMISSION',
  NOT_SUBMITTED = 'NOT_SUBMITTED',
  WITHDRAWAL_CLOSED = 'WITHDRAWAL_CLOSED',
  IDEMPOTENCY_KEY_REQUIRED = 'IDEMPOTENCY_KEY_REQUIRED',
  NO_ORGANISATION = 'NO_ORGANISATION',
}

export const ApplicationErrors = {
  callNotAccepting: (reason: string) => new DomainError('conflict', ApplicationErrorCode.CALL_NOT_ACCEPTING, reason),
  notLeadMember: () =>
    new DomainError('forbidden', ApplicationErrorCode.NOT_LEAD_MEMBER, 'Only members of the lead partner may change or submit the proposal'),
  notEditable: (status: string) =>
    new DomainError('conflict', ApplicationErrorCode.NOT_EDITABLE, `The proposal is ${status}; only drafts can be changed`),
  partnersInvalid: (errors: FieldError[]) =>
    new DomainError('validation', ApplicationErrorCode.PARTNERS_INVALID, 'The consortium list is not valid', errors),
  submissionRefused: (errors: FieldError[]) =>
    new DomainError(
      'rule',
      ApplicationErrorCode.SUBMISSION_REFUSED,
      `The proposal cannot be submitted: ${errors.length} reason${errors.length === 1 ? '' : 's'} listed`,
      errors,
    ),
  alreadySubmitted: () => new DomainError('conflict', ApplicationErrorCode.ALREADY_SUBMITTED, 'The proposal has already been submitted'),
  notSubmitted: () => new DomainError('not_found', ApplicationErrorCode.NOT_SUBMITTED, 'The proposal has no receipt: it was not submitted'),
  withdrawalClosed: (reason: string) => new DomainError('conflict', ApplicationErrorCode.WITHDRAWAL_CLOSED, reason),
  idempotencyKeyRequired: () =>
    new DomainError('validation', ApplicationErrorCode.IDEMPOTENCY_KEY_REQUIRED, 'Send an Idempotency-Key header (8–200 characters) with the submission', [
      { field: 'Idempotency-Key', code: 'REQUIRED', message: 'Idempotency-Key header of 8–200 characters is required' },
    ]),
  noOrganisation: () =>
    new DomainError('forbidden', ApplicationErrorCode.NO_ORGANISATION, 'Your account belongs to no organisation, so it cannot lead a proposal'),
};
