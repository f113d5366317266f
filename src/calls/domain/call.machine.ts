import { Role } from '../../core/domain/roles';
import { defineMachine } from '../../core/domain/state-machine';
import { CallStatus as S } from './call-status';

export type CallAction = 'publish' | 'open' | 'close' | 'extend_closing' | 'start_evaluation' | 'decide';

/**
 * A call's life: published by staff, opened and closed by the clock, into evaluation with the
 * first admissibility decision (the stored status may lag behind the clock, so that move is
 * possible from PUBLISHED and OPEN too) and decided by the programme manager. Before it closes,
 * the programme manager may extend its closing instant: the status stays, the step is logged.
 */
export const callMachine = defineMachine<S, CallAction>('call', {
  [S.DRAFT]: { publish: { to: S.PUBLISHED, roles: [Role.PROGRAMME_MANAGER, Role.ADMIN], label: 'Publiceren' } },
  [S.PUBLISHED]: {
    open: { to: S.OPEN, roles: 'SYSTEM', label: 'Openen' },
    close: { to: S.CLOSED, roles: 'SYSTEM', label: 'Sluiten' },
    extend_closing: { to: S.PUBLISHED, roles: [Role.PROGRAMME_MANAGER], label: 'Sluitingsdatum verlengen' },
    start_evaluation: { to: S.EVALUATION, roles: [Role.PROGRAMME_MANAGER], label: 'Evaluatie starten' },
  },
  [S.OPEN]: {
    close: { to: S.CLOSED, roles: 'SYSTEM', label: 'Sluiten' },
    extend_closing: { to: S.OPEN, roles: [Role.PROGRAMME_MANAGER], label: 'Sluitingsdatum verlengen' },
    start_evaluation: { to: S.EVALUATION, roles: [Role.PROGRAMME_MANAGER], label: 'Evaluatie starten' },
  },
  [S.CLOSED]: { start_evaluation: { to: S.EVALUATION, roles: [Role.PROGRAMME_MANAGER], label: 'Evaluatie starten' } },
  [S.EVALUATION]: { decide: { to: S.DECIDED, roles: [Role.PROGRAMME_MANAGER], label: 'Beslissen' } },
  [S.DECIDED]: {},
});
