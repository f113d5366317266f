import { Module } from '@nestjs/common';
import { AssignmentsService } from './assignments.service';
import { DecisionsService } from './decisions.service';
import { EvaluationsController } from './evaluations.controller';

@Module({
  controllers: [EvaluationsController],
  providers: [AssignmentsService, DecisionsService],
  exports: [AssignmentsService, DecisionsService],
})
export class EvaluationsModule {}
