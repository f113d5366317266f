import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../domain/actor';
import { notFound } from '../errors/domain.error';
import { Page, page, PageQuery } from '../http/pagination';
import { Clock } from '../clock/clock';
import { Notification } from './notification.entity';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  entityType?: string;
  entityId?: string;
  /** With a dedupe key, notifying the same user twice stores one notification. */
  dedupeKey?: string;
}

export interface NotificationDtoShape {
  id: string;
  kind: string;
  title: string;
  body: string;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The outbox: notifications are stored in the change's transaction and delivered later. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Returns how many notifications were new (dedupe keys already present count as 0). */
  async notify(manager: EntityManager, userIds: readonly string[], n: NewNotification): Promise<number> {
    if (userIds.length === 0) return 0;
    const rows = (await manager.query(
      `INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, dedupe_key, created_at)
       SELECT u, $2, $3, $4, $5, $6, $7, $8 FROM unnest($1::uuid[]) AS u
       ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
      [userIds, n.kind, n.title, n.body ?? '', n.entityType ?? null, n.entityId ?? null, n.dedupeKey ?? null, this.clock.now()],
    )) as unknown[];
    return rows.length;
  }

  async list(actor: Actor, query: PageQuery & { unread?: boolean }): Promise<Page<NotificationDtoShape>> {
    const qb = this.db
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.user_id = :user', { user: actor.userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id')
      .skip(query.offset)
      .take(query.pageSize);
    if (query.unread) qb.andWhere('n.read_at IS NULL');
    const [items, total] = await qb.getManyAndCount();
    return page(items.map(toDto), total, query);
  }

  async markRead(actor: Actor, id: string): Promise<NotificationDtoShape> {
    const n = await this.db.getRepository(Notification).findOneBy({ id, userId: actor.userId });
    if (!n) throw notFound('The notification');
    if (!n.readAt) {
      n.readAt = this.clock.now();
      await this.db.getRepository(Notification).update(n.id, { readAt: n.readAt });
    }
    return toDto(n);
  }
}

function toDto(n: Notification): NotificationDtoShape {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    entityType: n.entityType,
    entityId: n.entityId,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
