import { defineMachine } from '../../core/domain/state-machine';
import { Role } from '../../core/domain/roles';
import { ApplicationStatus as S } from './application-status';

export type ApplicationAction = 'edit' | 'submit' | 'withdraw' | 'mark_admissible' | 'mark_inadmissible' | 'award' | 'reserve' | 'reject' | 'reinstate';

/**
 * Who may move a proposal where. Guards that need data (the call open, the rules met) are
 * checked by the services; this table says which moves exist at all and for which role.
 */
export const applicationMachine = defineMachine<S, ApplicationAction>('application', {
  [S.DRAFT]: {
    edit: { to: S.DRAFT, roles: [Role.APPLICANT], label: 'Bewerken' },
    submit: { to: S.SUBMITTED, roles: [Role.APPLICANT], label: 'Indienen' },
    withdraw: { to: S.WITHDRAWN, roles: [Role.APPLICANT], label: 'Intrekken' },
  },
  [S.SUBMITTED]: {
    withdraw: { to: S.WITHDRAWN, roles: [Role.APPLICANT], label: 'Intrekken' },
    mark_admissible: { to: S.ADMISSIBLE, roles: [Role.PROGRAMME_MANAGER], label: 'Ontvankelijk verklaren' },
    mark_inadmissible: { to: S.INADMISSIBLE, roles: [Role.PROGRAMME_MANAGER], label: 'Onontvankelijk verklaren' },
  },
  [S.ADMISSIBLE]: {
    award: { to: S.AWARDED, roles: [Role.PROGRAMME_MANAGER], label: 'Toekennen' },
    reserve: { to: S.RESERVE, roles: [Role.PROGRAMME_MANAGER], label: 'Op de reservelijst plaatsen' },
    reject: { to: S.REJECTED, roles: [Role.PROGRAMME_MANAGER], label: 'Afwijzen' },
  },
  [S.RESERVE]: {
    award: { to: S.AWARDED, roles: [Role.PROGRAMME_MANAGER], label: 'Toekennen' },
  },
  [S.AWARDED]: {
    reinstate: { to: S.RESERVE, roles: [Role.PROGRAMME_MANAGER], label: 'Toekenning intrekken' },
  },
  [S.WITHDRAWN]: {},
  [S.INADMISSIBLE]: {},
  [S.REJECTED]: {},
});
