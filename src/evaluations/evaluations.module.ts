import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { CallsModule } from '../calls/calls.module';
import { GrantsModule } from '../grants/grants.module';
import { AssignmentsService } from './assignments.service';
import { ClarificationsController } from './clarifications.controller';
import { ClarificationsService } from './clarifications.service';
import { DecisionsService } from './decisions.service';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsReader } from './evaluations-reader';

@Module({
  imports: [ApplicationsModule, CallsModule, GrantsModule, AuthModule],
  controllers: [EvaluationsController, ClarificationsController],
  providers: [AssignmentsService, DecisionsService, EvaluationsReader, ClarificationsService],
  exports: [AssignmentsService, DecisionsService, EvaluationsReader],
})
export class EvaluationsModule {}
