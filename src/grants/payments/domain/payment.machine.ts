import { Role } from '../../../core/domain/roles';
import { defineMachine } from '../../../core/domain/state-machine';

/** A payment is planned when a claim is approved and marked paid when the bank transfer is made. */
export const PAYMENT_STATUSES = ['PLANNED', 'PAID', 'CANCELLED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PaymentAction = 'mark_paid' | 'cancel';
export type PaymentKind = 'ADVANCE' | 'INTERIM' | 'BALANCE';

export const paymentMachine = defineMachine<PaymentStatus, PaymentAction>('payment', {
  PLANNED: {
    mark_paid: { to: 'PAID', roles: [Role.FINANCE_OFFICER], label: 'Markeren als betaald' },
    cancel: { to: 'CANCELLED', roles: [Role.FINANCE_OFFICER], label: 'Annuleren' },
  },
  // A paid amount is never undone here: money paid back is a recovery, recorded as such.
  PAID: {},
  CANCELLED: {},
});
