import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BudgetsModule } from './budgets/budgets.module';
import { CallsModule } from '../calls/calls.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { ApplicationsReader } from './applications-reader';

@Module({
  imports: [BudgetsModule, CallsModule, AuthModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, ApplicationsReader],
  exports: [ApplicationsService, ApplicationsReader],
})
export class ApplicationsModule {}
