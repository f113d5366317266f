import { defineMachine } from '../../core/domain/state-machine';
import { Role } from '../../core/domain/roles';
import { ApplicationStatus as S } from './application-status';

export type ApplicationAction = 'submit' | 'withdraw' | 'mark_admissible' | 'mark_inadmissible' | 'award' | 'reserve' | 'reject' | 'withdraw_award';

const screening = {
  mark_admissible: { to: S.ADMISSIBLE, roles: [Role.PROGRAMME_MANAGER], label: 'Ontvankelijk verklaren' },
  mark_inadmissible: { to: S.INADMISSIBLE, roles: [Role.PROGRAMME_MANAGER], label: 'Onontvankelijk verklaren' },
} as const;

/**
 * Who may move a proposal where. Guards that need data (the call open, the rules met) are
 * checked by the services; this table says which moves exist at all and for which role.
 * Screening may be corrected while the call is in evaluation, so a screened proposal can be
 * screened again; a reserve may stay in reserve with a new reason when a later proposal is decided.
 */
export const applicationMachine = defineMachine<S, ApplicationAction>('application', {
  [S.DRAFT]: {
    submit: { to: S.SUBMITTED, roles: [Role.APPLICANT], label: 'Indienen' },
    withdraw: { to: S.WITHDRAWN, roles: [Role.APPLICANT], label: 'Intrekken' },
  },
  [S.SUBMITTED]: {
    withdraw: { to: S.WITHDRAWN, roles: [Role.APPLICANT], label: 'Intrekken' },
    ...screening,
  },
  [S.ADMISSIBLE]: {
    ...screening,
    award: { to: S.AWARDED, roles: [Role.PROGRAMME_MANAGER], label: 'Toekennen' },
    reserve: { to: S.RESERVE, roles: [Role.PROGRAMME_MANAGER], label: 'Op de reservelijst plaatsen' },
    reject: { to: S.REJECTED, roles: [Role.PROGRAMME_MANAGER], label: 'Afwijzen' },
  },
  [S.INADMISSIBLE]: { ...screening },
  [S.RESERVE]: {
    award: { to: S.AWARDED, roles: [Role.PROGRAMME_MANAGER], label: 'Toekennen' },
    reserve: { to: S.RESERVE, roles: [Role.PROGRAMME_MANAGER], label: 'Op de reservelijst houden' },
    reject: { to: S.REJECTED, roles: [Role.PROGRAMME_MANAGER], label: 'Afwijzen' },
  },
  // Withdrawing the grant withdraws the award (before any payment, see the decisions service).
  [S.AWARDED]: { withdraw_award: { to: S.WITHDRAWN, roles: [Role.PROGRAMME_MANAGER], label: 'Toekenning intrekken' } },
  [S.WITHDRAWN]: {},
  [S.REJECTED]: {},
});

/** The decision's outcome for one proposal, as the action that takes it there. */
export const OUTCOME_ACTION = { AWARD: 'award', RESERVE: 'reserve', REJECT: 'reject' } as const satisfies Record<string, ApplicationAction>;
