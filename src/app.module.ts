import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { BudgetsModule } from './applications/budgets/budgets.module';
import { CallsModule } from './calls/calls.module';
import { Clock } from './core/clock/clock';
import { AppConfig } from './core/config/app.config';
import { ConfigModule } from './core/config/config.module';
import { CoreModule } from './core/core.module';
import { dataSourceOptions } from './database/data-source';
import { EmbeddedServer } from './core/database/database-url';
import { ReportingModule } from './reporting/reporting.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { GrantsModule } from './grants/grants.module';
import { OrganisationsModule } from './organisations/organisations.module';

@Module({})
export class AppModule {
  /** `config.DATABASE_URL` must be resolved (embedded or not) before the module is built. */
  static forRoot(config: AppConfig, options: { clock?: Clock; embedded?: EmbeddedServer } = {}): DynamicModule {
    if (!config.DATABASE_URL) throw new Error('AppModule needs a resolved DATABASE_URL');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE, config.DATABASE_CONNECT_TIMEOUT_MS), migrationsRun: false }),
        ScheduleModule.forRoot(),
        CoreModule.forRoot(options.clock, options.embedded),
        AuthModule,
        OrganisationsModule,
        CallsModule,
        BudgetsModule,
        ApplicationsModule,
        EvaluationsModule,
        GrantsModule,
        ReportingModule,
      ],
    };
  }
}
