import { CreateAuditLog1795770000000 } from './1795770000000-CreateAuditLog';
import { CreateOrganisationsAndUsers1795770000001 } from './1795770000001-CreateOrganisationsAndUsers';
import { CreateCalls1795770000002 } from './1795770000002-CreateCalls';
import { CreateApplicationsAndBudgets1795770000003 } from './1795770000003-CreateApplicationsAndBudgets';
import { CreateNotifications1795770000004 } from './1795770000004-CreateNotifications';
import { CreateEvaluationAndGrants1795770000005 } from './1795770000005-CreateEvaluationAndGrants';
import { CreatePayments1795770000006 } from './1795770000006-CreatePayments';

/** Every migration in order; listed explicitly so the build, the CLI and Jest agree. */
export const MIGRATIONS = [
  CreateAuditLog1795770000000,
  CreateOrganisationsAndUsers1795770000001,
  CreateCalls1795770000002,
  CreateApplicationsAndBudgets1795770000003,
  CreateNotifications1795770000004,
  CreateEvaluationAndGrants1795770000005,
  CreatePayments1795770000006,
];
