import { DomainError, FieldError } from '../core/errors/domain.error';

export enum CallErrorCode {
  CALL_RULES_INCONSISTENT = 'CALL_RULES_INCONSISTENT',
  CALL_NOT_DRAFT = 'CALL_NOT_DRAFT',
  CALL_CODE_TAKEN = 'CALL_CODE_TAKEN',
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
};
