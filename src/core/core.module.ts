import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { Clock } from './clock/clock';
import { HealthController } from './health/health.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';

/** Shared plumbing every feature uses: the clock, the audit log and notifications. */
@Global()
@Module({
  controllers: [HealthController, NotificationsController],
  providers: [Clock, AuditService, NotificationsService],
  exports: [Clock, AuditService, NotificationsService],
})
export class CoreModule {}
