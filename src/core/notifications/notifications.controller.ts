import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { Actor } from '../domain/actor';
import { ALL_ROLES } from '../domain/roles';
import { Access, CurrentActor } from '../http/access.decorator';
import { PageOf, PageQuery } from '../http/pagination';
import { UuidPipe } from '../http/uuid.pipe';
import { NotificationDtoShape, NotificationsService } from './notifications.service';

class NotificationDto implements NotificationDtoShape {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'REPORT_DUE_SOON' }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiPropertyOptional({ nullable: true }) entityType: string | null;
  @ApiPropertyOptional({ nullable: true }) entityId: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true }) readAt: string | null;
}
class NotificationPage extends PageOf(NotificationDto) {}

class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'Your notifications, newest first' })
  @ApiOkResponse({ type: NotificationPage })
  list(@Query() query: ListNotificationsQuery, @CurrentActor() actor: Actor) {
    return this.notifications.list(actor, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'Mark one of your notifications as read' })
  @ApiOkResponse({ type: NotificationDto })
  markRead(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor) {
    return this.notifications.markRead(actor, id);
  }
}
