import { Role } from '../../../core/domain/roles';
import { defineMachine } from '../../../core/domain/state-machine';

/**
 * A cost statement goes to finance staff, who review it line by line and either return it for
 * correction or approve it; the applicant may resubmit a returned statement as often as needed.
 */
export const COST_STATEMENT_STATUSES = ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'RETURNED', 'APPROVED'] as const;
export type CostStatementStatus = (typeof COST_STATEMENT_STATUSES)[number];
export type CostStatementAction = 'submit' | 'start_review' | 'return' | 'approve';

export const costStatementMachine = defineMachine<CostStatementStatus, CostStatementAction>('cost statement', {
  DRAFT: { submit: { to: 'SUBMITTED', roles: [Role.APPLICANT], label: 'Indienen' } },
  SUBMITTED: { start_review: { to: 'IN_REVIEW', roles: [Role.FINANCE_OFFICER], label: 'Nazicht starten' } },
  IN_REVIEW: {
    return: { to: 'RETURNED', roles: [Role.FINANCE_OFFICER], label: 'Terugsturen voor correctie' },
    approve: { to: 'APPROVED', roles: [Role.FINANCE_OFFICER], label: 'Goedkeuren' },
  },
  RETURNED: { submit: { to: 'SUBMITTED', roles: [Role.APPLICANT], label: 'Opnieuw indienen' } },
  // Approved amounts feed payments and the ledger; corrections go through a new statement.
  APPROVED: {},
});
