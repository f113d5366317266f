import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Actor } from '../domain/actor';
import { Role } from '../domain/roles';
import { ProblemDto } from '../errors/problem';
import { Access, CurrentActor } from '../http/access.decorator';
import { PageOf, PageQuery } from '../http/pagination';
import { UuidPipe } from '../http/uuid.pipe';
import { NotificationDeliveryService, UndeliveredNotification, UndeliveredStatus } from './notification-delivery.service';

const STATUSES: UndeliveredStatus[] = ['FAILED', 'SKIPPED'];

class UndeliveredNotificationDto implements UndeliveredNotification {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiProperty({ example: 'aanvrager@demo.test' }) email: string;
  @ApiProperty({ example: 'REPORT_OVERDUE' }) kind: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true }) entityType: string | null;
  @ApiPropertyOptional({ nullable: true }) entityId: string | null;
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'FAILED', 'SKIPPED'], description: 'FAILED: given up after the retry window or refused for good; SKIPPED: created before mail delivery was enabled' })
  status: UndeliveredNotification['status'];
  @ApiProperty({ description: 'Attempts since the notification was created or last retried' }) attempts: number;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true }) firstAttemptAt: string | null;
  @ApiPropertyOptional({ nullable: true }) lastAttemptAt: string | null;
  @ApiPropertyOptional({ nullable: true }) nextAttemptAt: string | null;
  @ApiPropertyOptional({ nullable: true }) givenUpAt: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'ETIMEDOUT Greeting never received' }) lastError: string | null;
  @ApiProperty({ example: '<5b0e7a4c-6a55-4e0a-9a43-3c7e8f2f0d11@efro-grants.invalid>', description: 'The Message-ID every attempt at this mail carries' })
  messageId: string;
}
class UndeliveredNotificationPage extends PageOf(UndeliveredNotificationDto) {}

class ListUndeliveredQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only this status (default: both)' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: UndeliveredStatus;
}

@ApiTags('notifications')
@Controller('admin/notifications')
export class NotificationAdminController {
  constructor(private readonly delivery: NotificationDeliveryService) {}

  @Get('failed')
  @Access(Role.ADMIN)
  @ApiOperation({ summary: 'Notifications whose mail was given up (FAILED) or never sent (SKIPPED), most recent first' })
  @ApiOkResponse({ type: UndeliveredNotificationPage })
  list(@Query() query: ListUndeliveredQuery) {
    return this.delivery.listUndelivered(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Access(Role.ADMIN)
  @ApiOperation({ summary: 'Mail a failed or skipped notification again: due at the next delivery run, with a fresh retry window and the same Message-ID' })
  @ApiOkResponse({ type: UndeliveredNotificationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The notification is pending or delivered (NOTIFICATION_NOT_FAILED)' })
  retry(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor) {
    return this.delivery.retry(actor, id);
  }
}
