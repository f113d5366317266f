import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { Clock } from './clock/clock';
import { TerminusModule } from '@nestjs/terminus';
import type { EmbeddedServer } from './database/database-url';
import { EMBEDDED_SERVER, HealthChecks } from './health/health.checks';
import { HealthController } from './health/health.controller';
import { Lifecycle } from './lifecycle/lifecycle';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { AppConfig } from './config/app.config';
import { MailTransport, mailTransportFor } from './mail/mail.transport';
import { NotificationAdminController } from './notifications/notification-admin.controller';
import { NotificationDeliveryScheduler } from './notifications/notification-delivery.scheduler';
import { NotificationDeliveryService } from './notifications/notification-delivery.service';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';

/** Shared plumbing every feature uses: the clock, the audit log, notifications, health, metrics and the lifecycle. */
@Global()
@Module({})
export class CoreModule {
  /**
   * `clock` replaces the server clock (tests and the demo seed move time by hand); `embedded`
   * names the embedded PostgreSQL when the service uses one, for readiness.
   */
  static forRoot(clock: Clock = new Clock(), embedded?: EmbeddedServer): DynamicModule {
    return {
      module: CoreModule,
      // Terminus logs every failed check as an error; an outage is reported once by the problem filter.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController, NotificationsController, NotificationAdminController],
      providers: [
        { provide: Clock, useValue: clock },
        { provide: EMBEDDED_SERVER, useValue: embedded },
        Lifecycle,
        Metrics,
        HealthChecks,
        AuditService,
        NotificationsService,
        { provide: MailTransport, useFactory: mailTransportFor, inject: [AppConfig] },
        NotificationDeliveryService,
        NotificationDeliveryScheduler,
      ],
      exports: [Clock, Lifecycle, Metrics, AuditService, NotificationsService, MailTransport, NotificationDeliveryService],
    };
  }
}
