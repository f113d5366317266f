import { DomainError, FieldError } from '../core/errors/domain.error';
import { ClosingExtensionRefusal } from './domain/closing-extension.rule';

export enum CallErrorCode {
  CALL_RULES_INCONSISTENT = 'CALL_RULES_INCONSISTENT',
  CALL_NOT_DRAFT = 'CALL_NOT_DRAFT',
  CALL_CODE_TAKEN = 'CALL_CODE_TAKEN',
  CALL_NOT_PUBLISHED = 'CALL_NOT_PUBLISHED',
  CALL_CLOSED = 'CALL_CLOSED',
  CLOSING_NOT_LATER = 'CLOSING_NOT_LATER',
}

export const CallErrors = {
  inconsistent: (errors: FieldError[]) =>
    new DomainError('rule', CallErrorCode.CALL_RULES_INCONSISTENT, `The call's rules are inconsistent (${errors.length} problem${errors.length === 1 ? '' : 's'})`, errors),
  notDraft: (status: string) =>
    new DomainError('conflict', CallErrorCode.CALL_NOT_DRAFT, `Only a draft call can be changed or published; this call is ${status}`),
  codeTaken: (code: string) =>
    new DomainError('conflict', CallErrorCode.CALL_CODE_TAKEN, `A call with code ${code} already exists`, [
      { field: 'code', code: 'UNIQUE', message: `code ${code} is taken` },
    ]),
  closingNotExtendable: (refusal: ClosingExtensionRefusal, closesAt: Date) => {
    switch (refusal) {
      case 'CALL_NOT_PUBLISHED':
        return new DomainError('conflict', CallErrorCode.CALL_NOT_PUBLISHED, 'A draft call has no published closing instant to extend: change the draft instead');
      case 'CALL_CLOSED':
        return new DomainError('conflict', CallErrorCode.CALL_CLOSED, `The call closed at ${closesAt.toISOString()}: a closed call is never reopened`);
      case 'CLOSING_NOT_LATER':
        return new DomainError('rule', CallErrorCode.CLOSING_NOT_LATER, 'The closing instant can only move later', [
          { field: 'closesAt', code: CallErrorCode.CLOSING_NOT_LATER, message: `closesAt must be after the current closing instant ${closesAt.toISOString()}` },
        ]);
    }
  },
};
