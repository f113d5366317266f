import { DomainError, FieldError } from '../core/errors/domain.error';

export enum GrantErrorCode {
  GRANT_NOT_ACTIVE = 'GRANT_NOT_ACTIVE',
  NOT_BENEFICIARY = 'NOT_BENEFICIARY',
  FINAL_HAS_NO_STATEMENT = 'FINAL_HAS_NO_STATEMENT',
  REPORT_NOT_EDITABLE = 'REPORT_NOT_EDITABLE',
  REPORT_SUBMISSION_REFUSED = 'REPORT_SUBMISSION_REFUSED',
  INDICATORS_INVALID = 'INDICATORS_INVALID',
  STATEMENT_FROZEN = 'STATEMENT_FROZEN',
  STATEMENT_SUBMISSION_REFUSED = 'STATEMENT_SUBMISSION_REFUSED',
  LINES_INVALID = 'LINES_INVALID',
  NOT_IN_REVIEW = 'NOT_IN_REVIEW',
  REVIEW_REASON_REQUIRED = 'REVIEW_REASON_REQUIRED',
  REVIEW_INCOMPLETE = 'REVIEW_INCOMPLETE',
  GRANT_SETTLED = 'GRANT_SETTLED',
  NO_ADVANCE = 'NO_ADVANCE',
  ADVANCE_ALREADY_PLANNED = 'ADVANCE_ALREADY_PLANNED',
  BALANCE_NOT_DUE = 'BALANCE_NOT_DUE',
  NOTHING_TO_PAY = 'NOTHING_TO_PAY',
  PAYMENT_DATE_INVALID = 'PAYMENT_DATE_INVALID',
  GRANT_NOT_COMPLETE = 'GRANT_NOT_COMPLETE',
  MULTIPART_REQUIRED = 'MULTIPART_REQUIRED',
  DOCUMENT_REFUSED = 'DOCUMENT_REFUSED',
  DOCUMENTS_FROZEN = 'DOCUMENTS_FROZEN',
  MULTIPART_MALFORMED = 'MULTIPART_MALFORMED',
  DOCUMENT_TOO_LARGE = 'DOCUMENT_TOO_LARGE',
  DOCUMENT_CONTENT_MISSING = 'DOCUMENT_CONTENT_MISSING',
  DOCUMENT_INTEGRITY_FAILED = 'DOCUMENT_INTEGRITY_FAILED',
  STATEMENT_NOT_APPROVED = 'STATEMENT_NOT_APPROVED',
  PAYMENT_HAS_OFFSET = 'PAYMENT_HAS_OFFSET',
  RECOVERY_DATE_INVALID = 'RECOVERY_DATE_INVALID',
  BANK_ACCOUNT_INVALID = 'BANK_ACCOUNT_INVALID',
  BANK_ACCOUNT_NOT_VERIFIED = 'BANK_ACCOUNT_NOT_VERIFIED',
}

const reasons = (n: number) => `${n} reason${n === 1 ? '' : 's'} listed`;

export const GrantErrors = {
  grantNotActive: (status: string) =>
    new DomainError('conflict', GrantErrorCode.GRANT_NOT_ACTIVE, `The grant is ${status.toLowerCase()}; nothing more can be filed or paid on it`),
  notBeneficiary: () =>
    new DomainError('forbidden', GrantErrorCode.NOT_BENEFICIARY, 'Only members of the beneficiary (the lead partner) file reports and cost statements'),
  finalHasNoStatement: () =>
    new DomainError('conflict', GrantErrorCode.FINAL_HAS_NO_STATEMENT, 'The final report has no cost statement: costs are claimed in the reporting periods'),
  reportNotEditable: (status: string) =>
    new DomainError('conflict', GrantErrorCode.REPORT_NOT_EDITABLE, `The progress report is ${status.toLowerCase()}; it changes only as a draft or when returned`),
  reportSubmissionRefused: (errors: FieldError[]) =>
    new DomainError('rule', GrantErrorCode.REPORT_SUBMISSION_REFUSED, `The progress report cannot be submitted: ${reasons(errors.length)}`, errors),
  indicatorsInvalid: (errors: FieldError[]) => new DomainError('validation', GrantErrorCode.INDICATORS_INVALID, 'Some indicators are not valid', errors),
  statementFrozen: (status: string) =>
    new DomainError(
      'conflict',
      GrantErrorCode.STATEMENT_FROZEN,
      status === 'APPROVED'
        ? 'The cost statement is approved and never changes'
        : `The cost statement is ${status.toLowerCase().replace('_', ' ')}: it is frozen until finance returns it for correction`,
    ),
  statementSubmissionRefused: (errors: FieldError[]) =>
    new DomainError('rule', GrantErrorCode.STATEMENT_SUBMISSION_REFUSED, `The cost statement cannot be submitted: ${reasons(errors.length)}`, errors),
  linesInvalid: (errors: FieldError[]) => new DomainError('validation', GrantErrorCode.LINES_INVALID, 'Some cost lines are not valid', errors),
  notInReview: (status: string) =>
    new DomainError('conflict', GrantErrorCode.NOT_IN_REVIEW, `The cost statement is ${status.toLowerCase().replace('_', ' ')}; lines are reviewed while it is submitted or in review`),
  reviewReasonRequired: () =>
    new DomainError('validation', GrantErrorCode.REVIEW_REASON_REQUIRED, 'Say why the line is reduced or rejected', [
      { field: 'reason', code: 'REQUIRED', message: 'a reason is required for REDUCED and REJECTED' },
    ]),
  reviewIncomplete: (errors: FieldError[]) =>
    new DomainError('rule', GrantErrorCode.REVIEW_INCOMPLETE, `Every line needs a decision before approval: ${errors.length} still open`, errors),
  grantSettled: () => new DomainError('conflict', GrantErrorCode.GRANT_SETTLED, 'The balance of this grant is planned or paid; no more claims are taken'),
  noAdvance: () => new DomainError('conflict', GrantErrorCode.NO_ADVANCE, 'The call foresees no advance payment (advance rate 0)'),
  advanceAlreadyPlanned: () => new DomainError('conflict', GrantErrorCode.ADVANCE_ALREADY_PLANNED, 'The advance of this grant is already planned or paid'),
  balanceNotDue: (errors: FieldError[]) =>
    new DomainError('conflict', GrantErrorCode.BALANCE_NOT_DUE, `The balance cannot be planned yet: ${reasons(errors.length)}`, errors),
  nothingToPay: (toRecover: number) =>
    new DomainError(
      'conflict',
      GrantErrorCode.NOTHING_TO_PAY,
      toRecover > 0 ? `Nothing is left to pay: ${toRecover} cents were paid beyond what was earned and are to be recovered` : 'Nothing is left to pay',
    ),
  paymentDateInvalid: (message: string) =>
    new DomainError('rule', GrantErrorCode.PAYMENT_DATE_INVALID, message, [{ field: 'paidOn', code: GrantErrorCode.PAYMENT_DATE_INVALID, message }]),
  grantNotComplete: (errors: FieldError[]) =>
    new DomainError('conflict', GrantErrorCode.GRANT_NOT_COMPLETE, `The grant cannot be closed yet: ${reasons(errors.length)}`, errors),
  multipartRequired: () =>
    new DomainError('validation', GrantErrorCode.MULTIPART_REQUIRED, 'Send the file as multipart/form-data in a part named file', [
      { field: 'file', code: 'REQUIRED', message: 'one file part is required' },
    ]),
  multipartMalformed: (reason?: string) =>
    new DomainError(
      'validation',
      GrantErrorCode.MULTIPART_MALFORMED,
      `The multipart body is not complete or not well-formed${reason ? ` (${reason.toLowerCase()})` : ''}; nothing was stored`,
      [{ field: 'file', code: 'MALFORMED', message: 'send the whole multipart body, ending with its closing boundary' }],
    ),
  documentTooLarge: () =>
    new DomainError('too_large', GrantErrorCode.DOCUMENT_TOO_LARGE, 'The file is over the upload size limit (UPLOAD_MAX_BYTES); nothing was stored', [
      { field: 'file', code: 'MAX_SIZE', message: 'the file is over the size limit' },
    ]),
  documentContentMissing: () =>
    new DomainError('gone', GrantErrorCode.DOCUMENT_CONTENT_MISSING, 'The file of this document is no longer in storage; the incident was logged'),
  documentIntegrityFailed: () =>
    new DomainError('conflict', GrantErrorCode.DOCUMENT_INTEGRITY_FAILED, 'The stored file no longer matches the SHA-256 recorded at upload, so it is not served; the incident was logged'),
  statementNotApproved: (status: string) =>
    new DomainError('conflict', GrantErrorCode.STATEMENT_NOT_APPROVED, `The cost statement is ${status.toLowerCase().replace('_', ' ')}; only an approved statement is corrected afterwards`),
  paymentHasOffset: () =>
    new DomainError('conflict', GrantErrorCode.PAYMENT_HAS_OFFSET, 'A recovery is withheld from this payment; it cannot be cancelled without losing the offset'),
  recoveryDateInvalid: (message: string) =>
    new DomainError('rule', GrantErrorCode.RECOVERY_DATE_INVALID, message, [{ field: 'receivedOn', code: GrantErrorCode.RECOVERY_DATE_INVALID, message }]),
  documentRefused: (code: string, message: string) =>
    new DomainError('rule', GrantErrorCode.DOCUMENT_REFUSED, message, [{ field: 'file', code, message }]),
  documentsFrozen: (what: string, status: string) =>
    new DomainError('conflict', GrantErrorCode.DOCUMENTS_FROZEN, `The ${what} is ${status.toLowerCase().replace('_', ' ')}; documents are added while it is a draft or returned`),
  bankAccountInvalid: (errors: FieldError[]) =>
    new DomainError('rule', GrantErrorCode.BANK_ACCOUNT_INVALID, `The bank account cannot be registered: ${reasons(errors.length)}`, errors),
  /** No payment goes to an account finance has not verified (issue 15). */
  bankAccountNotVerified: (state: 'NONE' | 'PENDING' | 'REJECTED') => {
    const why = {
      NONE: 'the beneficiary has registered no bank account',
      PENDING: 'the beneficiary\'s bank account waits for verification by finance',
      REJECTED: 'the beneficiary\'s bank account was rejected; a new one must be registered and verified',
    }[state];
    return new DomainError('conflict', GrantErrorCode.BANK_ACCOUNT_NOT_VERIFIED, `A payment is only marked paid to a verified bank account: ${why}`, [
      { field: 'bankAccount', code: state === 'NONE' ? 'BANK_ACCOUNT_MISSING' : `BANK_ACCOUNT_${state}`, message: why },
    ]);
  },
};
