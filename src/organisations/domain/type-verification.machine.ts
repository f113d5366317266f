import { defineMachine } from '../../core/domain/state-machine';
import { Role } from '../../core/domain/roles';

export enum TypeVerificationStatus {
  /** Claimed (new, or changed) and waiting for the programme secretariat. */
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}

export type TypeVerificationAction = 'verify' | 'reject' | 'claim';

const CLAIMANTS = [Role.APPLICANT, Role.PROGRAMME_MANAGER, Role.ADMIN];

/**
 * An organisation's type in the register: a claim (a new type, another type, or new evidence)
 * always waits for the secretariat, who verify it on its supporting document or reject it.
 */
export const typeVerificationMachine = defineMachine<TypeVerificationStatus, TypeVerificationAction>('organisation type', {
  [TypeVerificationStatus.PENDING]: {
    verify: { to: TypeVerificationStatus.VERIFIED, roles: [Role.PROGRAMME_MANAGER], label: 'Type verifiëren' },
    reject: { to: TypeVerificationStatus.REJECTED, roles: [Role.PROGRAMME_MANAGER], label: 'Type afwijzen' },
    claim: { to: TypeVerificationStatus.PENDING, roles: CLAIMANTS, label: 'Type aanvragen' },
  },
  [TypeVerificationStatus.VERIFIED]: {
    claim: { to: TypeVerificationStatus.PENDING, roles: CLAIMANTS, label: 'Ander type aanvragen' },
  },
  [TypeVerificationStatus.REJECTED]: {
    claim: { to: TypeVerificationStatus.PENDING, roles: CLAIMANTS, label: 'Type opnieuw aanvragen' },
  },
});
