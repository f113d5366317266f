import { Role } from '../../../core/domain/roles';
import { defineMachine } from '../../../core/domain/state-machine';

/**
 * A beneficiary's bank account: registered (with its bank certificate), then verified or
 * rejected by finance. Registering another account supersedes the current one, verified or
 * not, and the new one waits for verification again: money goes only to a verified account.
 */
export const BANK_ACCOUNT_STATUSES = ['PENDING', 'VERIFIED', 'REJECTED', 'SUPERSEDED'] as const;
export type BankAccountStatus = (typeof BANK_ACCOUNT_STATUSES)[number];
export type BankAccountAction = 'verify' | 'reject' | 'supersede';

export const bankAccountMachine = defineMachine<BankAccountStatus, BankAccountAction>('bank account', {
  PENDING: {
    verify: { to: 'VERIFIED', roles: [Role.FINANCE_OFFICER], label: 'Rekening verifiëren' },
    reject: { to: 'REJECTED', roles: [Role.FINANCE_OFFICER], label: 'Rekening weigeren' },
    supersede: { to: 'SUPERSEDED', roles: [Role.APPLICANT], label: 'Andere rekening opgeven' },
  },
  VERIFIED: {
    supersede: { to: 'SUPERSEDED', roles: [Role.APPLICANT], label: 'Andere rekening opgeven' },
  },
  REJECTED: {
    supersede: { to: 'SUPERSEDED', roles: [Role.APPLICANT], label: 'Andere rekening opgeven' },
  },
  // Kept: payments made to it still name it.
  SUPERSEDED: {},
});
