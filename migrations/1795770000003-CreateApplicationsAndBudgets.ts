import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplicationsAndBudgets1795770000003 implements MigrationInterface {
  name = 'CreateApplicationsAndBudgets1795770000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL REFERENCES calls(id),
        lead_organisation_id uuid NOT NULL REFERENCES organisations(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        acronym text NOT NULL CHECK (length(acronym) BETWEEN 1 AND 30),
        summary text NOT NULL DEFAULT '',
        province text NOT NULL CHECK (province IN ('BE21','BE22','BE23','BE24','BE25')),
        start_date date,
        status text NOT NULL CHECK (status IN ('DRAFT','SUBMITTED','WITHDRAWN','ADMISSIBLE','INADMISSIBLE','AWARDED','RESERVE','REJECTED')),
        requested_subsidy_cents bigint CHECK (requested_subsidy_cents >= 0),
        submitted_at timestamptz,
        withdrawn_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT applications_submitted_at_set CHECK (status IN ('DRAFT') OR submitted_at IS NOT NULL OR status = 'WITHDRAWN')
      )`);
    // One submitted proposal per lead organisation per call and province.
    await q.query(`
      CREATE UNIQUE INDEX applications_one_submitted_per_lead
      ON applications (call_id, lead_organisation_id, province)
      WHERE status NOT IN ('DRAFT', 'WITHDRAWN')`);
    await q.query(`CREATE INDEX applications_call_idx ON applications (call_id, status, province)`);
    await q.query(`CREATE INDEX applications_lead_idx ON applications (lead_organisation_id)`);

    await q.query(`
      CREATE TABLE application_partners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        enterprise_number char(10) NOT NULL CHECK (
          enterprise_number ~ '^[01][0-9]{9}$'
          AND 97 - (substr(enterprise_number, 1, 8)::bigint % 97) = substr(enterprise_number, 9, 2)::int
        ),
        name text NOT NULL,
        organisation_type text NOT NULL CHECK (organisation_type IN ('RESEARCH_ORGANISATION','KNOWLEDGE_INSTITUTION','BUSINESS_NETWORK','COMPANY','PUBLIC_BODY')),
        role text NOT NULL CHECK (role IN ('LEAD','PARTNER')),
        position int NOT NULL,
        CONSTRAINT application_partners_unique_number UNIQUE (application_id, enterprise_number)
      )`);
    await q.query(`CREATE UNIQUE INDEX application_partners_one_lead ON application_partners (application_id) WHERE role = 'LEAD'`);
    await q.query(`CREATE INDEX application_partners_number_idx ON application_partners (enterprise_number)`);

    await q.query(`
      CREATE TABLE budget_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES application_partners(id) ON DELETE CASCADE,
        position int NOT NULL,
        category text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('STAFF','REAL')),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        description text NOT NULL,
        annual_gross_cost_cents bigint CHECK (annual_gross_cost_cents >= 0),
        hours int CHECK (hours >= 0),
        fte_numerator int CHECK (fte_numerator > 0),
        fte_denominator int CHECK (fte_denominator > 0),
        amount_cents bigint CHECK (amount_cents >= 0),
        vat_included boolean NOT NULL DEFAULT false,
        vat_cents bigint NOT NULL DEFAULT 0 CHECK (vat_cents >= 0),
        CONSTRAINT budget_lines_staff_shape CHECK (
          kind <> 'STAFF' OR (annual_gross_cost_cents IS NOT NULL AND hours IS NOT NULL AND fte_numerator IS NOT NULL AND fte_denominator IS NOT NULL)
        ),
        CONSTRAINT budget_lines_real_shape CHECK (kind <> 'REAL' OR (amount_cents IS NOT NULL AND vat_cents <= amount_cents))
      )`);
    await q.query(`CREATE INDEX budget_lines_application_idx ON budget_lines (application_id, position)`);

    // The frozen proposal: exact content and budget summary as submitted, with its receipt.
    await q.query(`
      CREATE TABLE application_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id),
        submitted_at timestamptz NOT NULL,
        submitted_by uuid NOT NULL REFERENCES users(id),
        snapshot jsonb NOT NULL,
        snapshot_sha256 char(64) NOT NULL CHECK (snapshot_sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT application_submissions_one_per_application UNIQUE (application_id)
      )`);
    await q.query(`
      CREATE FUNCTION application_submissions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'submitted proposals are immutable' USING ERRCODE = 'P0001', DETAIL = 'A submitted proposal''s snapshot cannot change';
      END $$`);
    await q.query(`
      CREATE TRIGGER application_submissions_immutable BEFORE UPDATE OR DELETE ON application_submissions
      FOR EACH ROW EXECUTE FUNCTION application_submissions_immutable()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
        scope text NOT NULL,
        request_hash char(64) NOT NULL,
        response_status int NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE application_submissions`);
    await q.query(`DROP FUNCTION application_submissions_immutable()`);
    await q.query(`DROP TABLE budget_lines`);
    await q.query(`DROP TABLE application_partners`);
    await q.query(`DROP TABLE applications`);
  }
}
