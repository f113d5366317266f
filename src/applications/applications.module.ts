import { Module } from '@nestjs/common';
import { BudgetsModule } from './budgets/budgets.module';
import { CallsModule } from '../calls/calls.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';

@Module({
  imports: [BudgetsModule, CallsModule, OrganisationsModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
