export enum Role {
  ADMIN = 'ADMIN',
  PROGRAMME_MANAGER = 'PROGRAMME_MANAGER',
  EVALUATOR = 'EVALUATOR',
  FINANCE_OFFICER = 'FINANCE_OFFICER',
  APPLICANT = 'APPLICANT',
}

export const ALL_ROLES = Object.values(Role);
/** Ministry staff: they read every call and proposal. */
export const STAFF_ROLES = [Role.ADMIN, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER];
