import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every change to a call is announced on a channel, so instances that cache calls drop their copy. */
export class NotifyCallChanges1795770000021 implements MigrationInterface {
  name = 'NotifyCallChanges1795770000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION calls_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('efro_calls_changed', COALESCE(NEW.id, OLD.id)::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER calls_notify_change AFTER INSERT OR UPDATE OR DELETE ON calls FOR EACH ROW EXECUTE FUNCTION calls_notify_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER calls_notify_change ON calls`);
    await q.query(`DROP FUNCTION calls_notify_change()`);
  }
}
