import { ApplicationPartner } from '../applications/entities/application-partner.entity';
import { ApplicationSubmission } from '../applications/entities/application-submission.entity';
import { Application } from '../applications/entities/application.entity';
import { BudgetLineEntity } from '../applications/budgets/entities/budget-line.entity';
import { Assignment } from '../evaluations/entities/assignment.entity';
import { AwardProposalRecord } from '../evaluations/entities/award-proposal.entity';
import { ConsensusScore, IndividualScore } from '../evaluations/entities/score.entity';
import { Grant } from '../grants/entities/grant.entity';
import { CostStatementLine } from '../grants/cost-statements/entities/cost-statement-line.entity';
import { CostStatement } from '../grants/cost-statements/entities/cost-statement.entity';
import { Payment } from '../grants/payments/entities/payment.entity';
import { ProgressReport } from '../grants/progress-reports/entities/progress-report.entity';
import { ReportingPeriod } from '../grants/reporting-periods/entities/reporting-period.entity';
import { SupportingDocument } from '../grants/documents/entities/supporting-document.entity';
import { Notification } from '../core/notifications/notification.entity';
import { IssuedDocument } from '../reporting/entities/issued-document.entity';
import { IdempotencyKey } from '../core/idempotency/idempotency-key.entity';
import { Organisation } from '../auth/entities/organisation.entity';
import { User } from '../auth/entities/user.entity';
import { Call } from '../calls/entities/call.entity';
import { AuditEntry } from '../core/audit/audit-entry.entity';

/** Every entity, listed once for the Nest app, the CLI and the tests. */
export const ENTITIES = [
  AuditEntry,
  Organisation,
  User,
  Call,
  Application,
  ApplicationPartner,
  ApplicationSubmission,
  BudgetLineEntity,
  IdempotencyKey,
  Notification,
  Assignment,
  IndividualScore,
  ConsensusScore,
  AwardProposalRecord,
  Grant,
  ReportingPeriod,
  ProgressReport,
  CostStatement,
  CostStatementLine,
  Payment,
  SupportingDocument,
  IssuedDocument,
];
