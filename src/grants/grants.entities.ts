import { BankAccount } from './bank-accounts/entities/bank-account.entity';
import { CostStatementLine } from './cost-statements/entities/cost-statement-line.entity';
import { CostStatement } from './cost-statements/entities/cost-statement.entity';
import { SupportingDocument } from './documents/entities/supporting-document.entity';
import { Grant } from './entities/grant.entity';
import { Payment } from './payments/entities/payment.entity';
import { ClaimCorrection, Recovery } from './payments/entities/recovery.entity';
import { ProgressReport } from './progress-reports/entities/progress-report.entity';
import { ReportingPeriod } from './reporting-periods/entities/reporting-period.entity';

/** The tables the grants feature owns, sub-feature by sub-feature. */
export const GRANTS_ENTITIES = [Grant, ReportingPeriod, ProgressReport, CostStatement, CostStatementLine, Payment, ClaimCorrection, Recovery, SupportingDocument, BankAccount];
