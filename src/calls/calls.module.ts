import { Module } from '@nestjs/common';
import { CallCache } from './call-cache';
import { CallsController } from './calls.controller';
import { CallsScheduler } from './calls.scheduler';
import { CallsService } from './calls.service';

@Module({
  controllers: [CallsController],
  providers: [CallsService, CallsScheduler, CallCache],
  exports: [CallsService, CallCache],
})
export class CallsModule {}
