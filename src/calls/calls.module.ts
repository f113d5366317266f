import { Module } from '@nestjs/common';
import { CallCache } from './call-cache';
import { CallsReader } from './calls-reader';
import { CallsController } from './calls.controller';
import { CallsScheduler } from './calls.scheduler';
import { CallsService } from './calls.service';

@Module({
  controllers: [CallsController],
  providers: [CallsService, CallsScheduler, CallCache, CallsReader],
  exports: [CallsService, CallCache, CallsReader],
})
export class CallsModule {}
