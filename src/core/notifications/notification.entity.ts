import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', default: '' }) body: string;
  @Column({ name: 'entity_type', type: 'text', nullable: true }) entityType: string | null;
  @Column({ name: 'entity_id', type: 'text', nullable: true }) entityId: string | null;
  @Column({ name: 'dedupe_key', type: 'text', nullable: true }) dedupeKey: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ name: 'delivery_attempts', type: 'int', default: 0 }) deliveryAttempts: number;
  /** PENDING, DELIVERED, FAILED or SKIPPED: see NotificationDeliveryService. */
  @Column({ name: 'delivery_status', type: 'text', default: 'PENDING' }) deliveryStatus: string;
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
}
