import { Role } from '../../../core/domain/roles';
import { defineMachine } from '../../../core/domain/state-machine';

/**
 * The content report of a period. It is judged on content, so the programme manager accepts or
 * returns it, while finance staff review the cost statement beside it.
 */
export const PROGRESS_REPORT_STATUSES = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED', 'REOPENED'] as const;
export type ProgressReportStatus = (typeof PROGRESS_REPORT_STATUSES)[number];
export type ProgressReportAction = 'submit' | 'accept' | 'return' | 'reopen';

export const progressReportMachine = defineMachine<ProgressReportStatus, ProgressReportAction>('progress report', {
  DRAFT: { submit: { to: 'SUBMITTED', roles: [Role.APPLICANT], label: 'Indienen' } },
  SUBMITTED: {
    accept: { to: 'ACCEPTED', roles: [Role.PROGRAMME_MANAGER], label: 'Aanvaarden' },
    return: { to: 'RETURNED', roles: [Role.PROGRAMME_MANAGER], label: 'Terugsturen voor aanvulling' },
    // As in Jems: the text opens again, the cost statement's figures stay as they are.
    reopen: { to: 'REOPENED', roles: [Role.PROGRAMME_MANAGER], label: 'Heropenen voor tekst' },
  },
  RETURNED: { submit: { to: 'SUBMITTED', roles: [Role.APPLICANT], label: 'Opnieuw indienen' } },
  REOPENED: { submit: { to: 'SUBMITTED', roles: [Role.APPLICANT], label: 'Opnieuw indienen' } },
  ACCEPTED: {},
});
