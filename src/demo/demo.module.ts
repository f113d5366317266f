import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApplicationsModule } from '../applications/applications.module';
import { BudgetsModule } from '../applications/budgets/budgets.module';
import { CallsModule } from '../calls/calls.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { GrantsModule } from '../grants/grants.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { DemoSeeder } from './demo.seeder';

@Module({
  imports: [AuthModule, CallsModule, BudgetsModule, ApplicationsModule, EvaluationsModule, GrantsModule, OrganisationsModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
