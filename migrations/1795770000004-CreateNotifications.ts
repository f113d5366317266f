import { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification outbox: stored per user, listed in the API, delivered by a transport. */
export class CreateNotifications1795770000004 implements MigrationInterface {
  name = 'CreateNotifications1795770000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL DEFAULT '',
        entity_type text,
        entity_id text,
        -- Makes scheduled reminders idempotent: one per natural key.
        dedupe_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        delivered_at timestamptz,
        delivery_attempts int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE UNIQUE INDEX notifications_dedupe ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_undelivered_idx ON notifications (created_at) WHERE delivered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
  }
}
