import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BudgetsModule } from './budgets/budgets.module';
import { CallsModule } from '../calls/calls.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { ApplicationsReader } from './applications-reader';
import { CallClosingController } from './call-closing.controller';
import { CallClosingService } from './call-closing.service';

@Module({
  imports: [BudgetsModule, CallsModule, AuthModule],
  controllers: [ApplicationsController, CallClosingController],
  providers: [ApplicationsService, ApplicationsReader, CallClosingService],
  exports: [ApplicationsService, ApplicationsReader],
})
export class ApplicationsModule {}
