export enum Role {
  ADMIN = 'ADMIN',
  PROGRAMME_MANAGER = 'PROGRAMME_MANAGER',
  EVALUATOR = 'EVALUATOR',
  FINANCE_OFFICER = 'FINANCE_OFFICER',
  APPLICANT = 'APPLICANT',
  /** The audit authority (Audit Vlaanderen, the Commission's auditors): reads every record, changes none. */
  AUDITOR = 'AUDITOR',
}

export const ALL_ROLES = Object.values(Role);
/**
 * Who reads every call, proposal and grant: ministry staff and the audit authority (CPR
 * 2021/1060 art. 77 and 82: auditors have access to all records of the operations). The
 * auditor is here for reading only: no route that changes anything lists the role.
 */
export const STAFF_ROLES = [Role.ADMIN, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.AUDITOR];
