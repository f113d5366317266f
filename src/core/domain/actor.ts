import { Role } from './roles';

/** Who is acting, passed from the controller to the service explicitly. */
export interface Actor {
  userId: string;
  email: string;
  roles: Role[];
  organisationId: string | null;
  correlationId: string;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** The actor for work the service does on its own (scheduled jobs, seeding). */
export function systemActor(correlationId = 'system'): Actor {
  return { userId: '00000000-0000-0000-0000-000000000000', email: 'system', roles: [Role.ADMIN], organisationId: null, correlationId };
}
