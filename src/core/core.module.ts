import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { Clock } from './clock/clock';
import { HealthController } from './health/health.controller';

/** Shared plumbing every feature uses: the clock and the audit log. */
@Global()
@Module({
  controllers: [HealthController],
  providers: [Clock, AuditService],
  exports: [Clock, AuditService],
})
export class CoreModule {}
