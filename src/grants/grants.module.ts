import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CallsModule } from '../calls/calls.module';
import { BankAccountsController } from './bank-accounts/bank-accounts.controller';
import { BankAccountsService } from './bank-accounts/bank-accounts.service';
import { CostStatementsController } from './cost-statements/cost-statements.controller';
import { CostStatementsService } from './cost-statements/cost-statements.service';
import { DocumentsController, UploadRulesController } from './documents/documents.controller';
import { DocumentStorage } from './documents/document.storage';
import { DocumentsService } from './documents/documents.service';
import { FinanceDeskController } from './finance-desk/finance-desk.controller';
import { FinanceDeskService } from './finance-desk/finance-desk.service';
import { GrantsController } from './grants.controller';
import { GrantsDailyJob } from './grants-daily.job';
import { GrantsScheduler } from './grants.scheduler';
import { GrantsService } from './grants.service';
import { GrantsReader } from './grants-reader';
import { PaymentsController } from './payments/payments.controller';
import { PaymentsService } from './payments/payments.service';
import { ProgressReportsController } from './progress-reports/progress-reports.controller';
import { ProgressReportsService } from './progress-reports/progress-reports.service';

/** Grants after the decision: reporting calendar, progress reports, cost statements, payments, documents. */
@Module({
  imports: [AuthModule, CallsModule],
  controllers: [GrantsController, ProgressReportsController, CostStatementsController, PaymentsController, DocumentsController, UploadRulesController, FinanceDeskController, BankAccountsController],
  providers: [GrantsService, ProgressReportsService, CostStatementsService, PaymentsService, DocumentsService, DocumentStorage, GrantsDailyJob, GrantsScheduler, FinanceDeskService, GrantsReader, BankAccountsService],
  exports: [GrantsService, ProgressReportsService, CostStatementsService, PaymentsService, DocumentsService, GrantsDailyJob, GrantsReader, BankAccountsService],
})
export class GrantsModule {}
