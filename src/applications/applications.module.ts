import { Module } from '@nestjs/common';
import { BudgetsModule } from './budgets/budgets.module';
import { CallsModule } from '../calls/calls.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { CallClosingController } from './call-closing.controller';
import { CallClosingService } from './call-closing.service';

@Module({
  imports: [BudgetsModule, CallsModule],
  controllers: [ApplicationsController, CallClosingController],
  providers: [ApplicationsService, CallClosingService],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
