import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['reporting_periods', 'progress_reports', 'cost_statements', 'supporting_documents'];

/**
 * Records of a grant are kept at least until 31 December of the fifth year after its last
 * payment (CPR 2021/1060 art. 82, domain brief "Audit"). The database refuses to delete a
 * period, report, statement or document before that date, and refuses it outright while the
 * grant has no paid payment (the date does not exist yet). Grants and payments themselves are
 * never deleted (migrations 5 and 6); cost lines follow their statement (migration 8).
 */
export class ProtectGrantRecordsFromDeletion1795770000011 implements MigrationInterface {
  name = 'ProtectGrantRecordsFromDeletion1795770000011';

  async up(q: QueryRunner): Promise<void> {
    // Mirrors grants/domain/retention-date.rule.ts recordsRetentionDate.
    await q.query(`
      CREATE FUNCTION grant_records_retention_date(g uuid) RETURNS date LANGUAGE sql STABLE AS $$
        SELECT make_date(extract(year FROM max(paid_on))::int + 5, 12, 31) FROM payments WHERE grant_id = g AND status = 'PAID'
      $$`);
    await q.query(`
      CREATE FUNCTION grant_records_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE kept_until date;
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          RAISE EXCEPTION 'records of grants are never truncated' USING ERRCODE = 'P0001',
            DETAIL = 'Records of a grant are kept until their retention date';
        END IF;
        kept_until := grant_records_retention_date(OLD.grant_id);
        IF kept_until IS NULL OR current_date <= kept_until THEN
          RAISE EXCEPTION 'records of grant % are kept until %', OLD.grant_id, COALESCE(kept_until::text, 'after the last payment')
            USING ERRCODE = 'P0001',
            DETAIL = 'Records of a grant are kept until 31 December of the fifth year after the last payment';
        END IF;
        RETURN OLD;
      END $$`);
    for (const table of TABLES) {
      await q.query(`CREATE TRIGGER ${table}_kept BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION grant_records_kept()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION grant_records_kept()`);
    }
    await q.query(`CREATE TRIGGER cost_statement_lines_no_truncate BEFORE TRUNCATE ON cost_statement_lines FOR EACH STATEMENT EXECUTE FUNCTION grant_records_kept()`);
    await q.query(`CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON payments FOR EACH STATEMENT EXECUTE FUNCTION grant_records_kept()`);
    await q.query(`CREATE TRIGGER grants_no_truncate BEFORE TRUNCATE ON grants FOR EACH STATEMENT EXECUTE FUNCTION grant_records_kept()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER grants_no_truncate ON grants`);
    await q.query(`DROP TRIGGER payments_no_truncate ON payments`);
    await q.query(`DROP TRIGGER cost_statement_lines_no_truncate ON cost_statement_lines`);
    for (const table of [...TABLES].reverse()) {
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_kept ON ${table}`);
    }
    await q.query(`DROP FUNCTION grant_records_kept()`);
    await q.query(`DROP FUNCTION grant_records_retention_date(uuid)`);
  }
}
