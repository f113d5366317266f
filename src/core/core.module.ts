import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { Clock } from './clock/clock';
import { HealthController } from './health/health.controller';
import { AppConfig } from './config/app.config';
import { MailTransport, mailTransportFor } from './mail/mail.transport';
import { NotificationDeliveryScheduler } from './notifications/notification-delivery.scheduler';
import { NotificationDeliveryService } from './notifications/notification-delivery.service';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';

/** Shared plumbing every feature uses: the clock, the audit log and notifications. */
@Global()
@Module({})
export class CoreModule {
  /** `clock` replaces the server clock (tests and the demo seed move time by hand). */
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return {
      module: CoreModule,
      controllers: [HealthController, NotificationsController],
      providers: [
        { provide: Clock, useValue: clock },
        AuditService,
        NotificationsService,
        { provide: MailTransport, useFactory: mailTransportFor, inject: [AppConfig] },
        NotificationDeliveryService,
        NotificationDeliveryScheduler,
      ],
      exports: [Clock, AuditService, NotificationsService, MailTransport, NotificationDeliveryService],
    };
  }
}
