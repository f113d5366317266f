import { CreateAuditLog1795770000000 } from './1795770000000-CreateAuditLog';
import { CreateOrganisationsAndUsers1795770000001 } from './1795770000001-CreateOrganisationsAndUsers';
import { CreateCalls1795770000002 } from './1795770000002-CreateCalls';
import { CreateApplicationsAndBudgets1795770000003 } from './1795770000003-CreateApplicationsAndBudgets';

/** Every migration in order; listed explicitly so the build, the CLI and Jest agree. */
export const MIGRATIONS = [
  CreateAuditLog1795770000000, CreateOrganisationsAndUsers1795770000001, CreateCalls1795770000002,
  CreateApplicationsAndBudgets1795770000003,
];
