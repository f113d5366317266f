import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporting calendar of each grant (fixed at the decision) and the progress report of each
 * period. A report's content is frozen once submitted, until it is returned; an accepted
 * report never changes.
 */
export class CreateReportingPeriodsAndProgressReports1795770000007 implements MigrationInterface {
  name = 'CreateReportingPeriodsAndProgressReports1795770000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting_periods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants(id),
        number int NOT NULL CHECK (number >= 1),
        kind text NOT NULL CHECK (kind IN ('PERIOD','FINAL')),
        start_date date NOT NULL,
        end_date date NOT NULL,
        due_date date NOT NULL,
        -- Set once by the daily job: idempotent per grant and period.
        overdue_marked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reporting_periods_number UNIQUE (grant_id, number),
        -- Lets reports and statements refer to (period, grant) so they cannot cross grants.
        CONSTRAINT reporting_periods_id_grant UNIQUE (id, grant_id),
        CONSTRAINT reporting_periods_dates CHECK (end_date >= start_date AND due_date >= end_date)
      )`);
    await q.query(`CREATE UNIQUE INDEX reporting_periods_one_final ON reporting_periods (grant_id) WHERE kind = 'FINAL'`);
    await q.query(`CREATE INDEX reporting_periods_due_idx ON reporting_periods (due_date)`);
    await q.query(`
      CREATE FUNCTION reporting_periods_calendar_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.grant_id, NEW.number, NEW.kind, NEW.start_date, NEW.end_date, NEW.due_date)
           IS DISTINCT FROM (OLD.grant_id, OLD.number, OLD.kind, OLD.start_date, OLD.end_date, OLD.due_date) THEN
          RAISE EXCEPTION 'the reporting calendar is fixed' USING ERRCODE = 'P0001',
            DETAIL = 'The dates of a reporting period never change';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER reporting_periods_calendar_frozen BEFORE UPDATE ON reporting_periods
      FOR EACH ROW EXECUTE FUNCTION reporting_periods_calendar_frozen()`);

    await q.query(`
      CREATE TABLE progress_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL,
        period_id uuid NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('DRAFT','SUBMITTED','ACCEPTED','RETURNED')),
        narrative text NOT NULL DEFAULT '' CHECK (length(narrative) <= 50000),
        indicators jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(indicators) = 'object'),
        submitted_at timestamptz,
        submitted_by uuid REFERENCES users(id),
        decided_at timestamptz,
        decided_by uuid REFERENCES users(id),
        decision_comment text,
        version int NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT progress_reports_period FOREIGN KEY (period_id, grant_id) REFERENCES reporting_periods (id, grant_id),
        CONSTRAINT progress_reports_id_grant UNIQUE (id, grant_id),
        CONSTRAINT progress_reports_submitted CHECK (status = 'DRAFT' OR (submitted_at IS NOT NULL AND submitted_by IS NOT NULL)),
        CONSTRAINT progress_reports_decided CHECK (status NOT IN ('ACCEPTED','RETURNED') OR (decided_at IS NOT NULL AND decided_by IS NOT NULL AND decision_comment IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX progress_reports_grant_idx ON progress_reports (grant_id)`);
    await q.query(`
      CREATE FUNCTION progress_reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'ACCEPTED' THEN
          RAISE EXCEPTION 'an accepted progress report never changes' USING ERRCODE = 'P0001',
            DETAIL = 'An accepted progress report never changes';
        END IF;
        IF OLD.status = 'SUBMITTED' AND (NEW.narrative, NEW.indicators) IS DISTINCT FROM (OLD.narrative, OLD.indicators) THEN
          RAISE EXCEPTION 'a submitted progress report is frozen' USING ERRCODE = 'P0001',
            DETAIL = 'A submitted progress report cannot change until it is returned';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER progress_reports_frozen BEFORE UPDATE ON progress_reports FOR EACH ROW EXECUTE FUNCTION progress_reports_frozen()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE progress_reports`);
    await q.query(`DROP FUNCTION progress_reports_frozen()`);
    await q.query(`DROP TABLE reporting_periods`);
    await q.query(`DROP FUNCTION reporting_periods_calendar_frozen()`);
  }
}
