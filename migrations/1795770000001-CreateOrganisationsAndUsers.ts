import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganisationsAndUsers1795770000001 implements MigrationInterface {
  name = 'CreateOrganisationsAndUsers1795770000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_number char(10) NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        type text NOT NULL CHECK (type IN ('RESEARCH_ORGANISATION','KNOWLEDGE_INSTITUTION','BUSINESS_NETWORK','COMPANY','PUBLIC_BODY')),
        province text CHECK (province IN ('BE21','BE22','BE23','BE24','BE25')),
        address text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisations_enterprise_number_key UNIQUE (enterprise_number),
        -- KBO/BCE: ten digits, first 0 or 1, last two = 97 - (first eight mod 97)
        CONSTRAINT organisations_enterprise_number_check CHECK (
          enterprise_number ~ '^[01][0-9]{9}$'
          AND 97 - (substr(enterprise_number, 1, 8)::bigint % 97) = substr(enterprise_number, 9, 2)::int
        )
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        full_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (
          cardinality(roles) > 0
          AND roles <@ ARRAY['ADMIN','PROGRAMME_MANAGER','EVALUATOR','FINANCE_OFFICER','APPLICANT']::text[]
        ),
        organisation_id uuid REFERENCES organisations(id),
        failed_logins int NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until timestamptz,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_applicant_has_organisation CHECK (NOT ('APPLICANT' = ANY(roles)) OR organisation_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX users_organisation_idx ON users (organisation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organisations`);
  }
}
