import { Module } from '@nestjs/common';
import { CallsController } from './calls.controller';
import { CallsScheduler } from './calls.scheduler';
import { CallsService } from './calls.service';

@Module({
  controllers: [CallsController],
  providers: [CallsService, CallsScheduler],
  exports: [CallsService],
})
export class CallsModule {}
