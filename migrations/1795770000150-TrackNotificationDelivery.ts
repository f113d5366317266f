import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of the notification outbox as states instead of a bare attempt counter:
 * PENDING (claimed for a while by one sender through claimed_until/claim_token, retried at
 * next_attempt_at), DELIVERED, FAILED (given up after the retry window, or refused for good)
 * and SKIPPED (older than mail delivery through the transport). FAILED and SKIPPED are what an
 * administrator lists and retries. `mail_transports` records when each transport was first
 * used, so that switching SMTP on does not mail the history.
 */
export class TrackNotificationDelivery1795770000150 implements MigrationInterface {
  name = 'TrackNotificationDelivery1795770000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN delivery_status text NOT NULL DEFAULT 'PENDING'
          CHECK (delivery_status IN ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED')),
        ADD COLUMN first_attempt_at timestamptz,
        ADD COLUMN last_attempt_at timestamptz,
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN last_error text,
        ADD COLUMN given_up_at timestamptz,
        ADD COLUMN claimed_until timestamptz,
        ADD COLUMN claim_token uuid,
        ADD COLUMN retry_requested_at timestamptz`);
    // The old job stopped after five failures without a word: those become visible as FAILED.
    await q.query(`
      UPDATE notifications SET
        delivery_status = CASE WHEN delivered_at IS NOT NULL THEN 'DELIVERED' WHEN delivery_attempts >= 5 THEN 'FAILED' ELSE 'PENDING' END,
        given_up_at = CASE WHEN delivered_at IS NULL AND delivery_attempts >= 5 THEN now() END,
        last_error = CASE WHEN delivered_at IS NULL AND delivery_attempts >= 5 THEN 'not delivered after 5 attempts (before retries backed off)' END`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_delivered_when CHECK ((delivery_status = 'DELIVERED') = (delivered_at IS NOT NULL))`);
    await q.query(`DROP INDEX notifications_undelivered_idx`);
    await q.query(`CREATE INDEX notifications_delivery_open_idx ON notifications (delivery_status, created_at, id) WHERE delivery_status <> 'DELIVERED'`);
    await q.query(`CREATE TABLE mail_transports (name text PRIMARY KEY, enabled_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_transports`);
    await q.query(`DROP INDEX notifications_delivery_open_idx`);
    await q.query(`CREATE INDEX notifications_undelivered_idx ON notifications (created_at) WHERE delivered_at IS NULL`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_delivered_when`);
    await q.query(`
      ALTER TABLE notifications
        DROP COLUMN delivery_status, DROP COLUMN first_attempt_at, DROP COLUMN last_attempt_at, DROP COLUMN next_attempt_at,
        DROP COLUMN last_error, DROP COLUMN given_up_at, DROP COLUMN claimed_until, DROP COLUMN claim_token, DROP COLUMN retry_requested_at`);
  }
}
