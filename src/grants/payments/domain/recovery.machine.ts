import { Role } from '../../../core/domain/roles';
import { defineMachine } from '../../../core/domain/state-machine';

/**
 * An amount unduly paid is booked OPEN; it is settled either by withholding it from a planned
 * payment (OFFSET, in the same transaction as the booking) or by the beneficiary paying it back
 * on the recovery order (RECOVERED, marked by finance staff when the transfer arrives).
 */
export const RECOVERY_STATUSES = ['OPEN', 'OFFSET', 'RECOVERED'] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];
export type RecoveryAction = 'offset' | 'mark_received';

export const recoveryMachine = defineMachine<RecoveryStatus, RecoveryAction>('recovery', {
  OPEN: {
    offset: { to: 'OFFSET', roles: [Role.FINANCE_OFFICER], label: 'Verrekenen met de volgende betaling' },
    mark_received: { to: 'RECOVERED', roles: [Role.FINANCE_OFFICER], label: 'Terugbetaling ontvangen' },
  },
  OFFSET: {},
  RECOVERED: {},
});
