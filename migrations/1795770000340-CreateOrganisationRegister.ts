import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../src/core/database/roles';

const TYPES = `'RESEARCH_ORGANISATION', 'KNOWLEDGE_INSTITUTION', 'BUSINESS_NETWORK', 'COMPANY', 'PUBLIC_BODY'`;

/**
 * The organisation register: each organisation's type (with its enterprise number and name),
 * verified by the programme secretariat on a supporting document. Partners' types used to be
 * whatever a proposal declared; every type known so far is such a claim, so the register
 * starts with all of them PENDING: registered organisations with their registration's type,
 * external partners with the type their latest proposal gave them.
 */
export class CreateOrganisationRegister1795770000340 implements MigrationInterface {
  name = 'CreateOrganisationRegister1795770000340';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation_register (
        enterprise_number char(10) PRIMARY KEY CHECK (enterprise_number ~ '^[01][0-9]{9}$'),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        type text NOT NULL CHECK (type IN (${TYPES})),
        verification_status text NOT NULL DEFAULT 'PENDING' CHECK (verification_status IN ('PENDING', 'VERIFIED', 'REJECTED')),
        document_file_name text,
        document_content_type text CHECK (document_content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        document_size_bytes bigint CHECK (document_size_bytes > 0),
        document_sha256 char(64),
        document_uploaded_at timestamptz,
        document_uploaded_by uuid,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        claimed_by uuid,
        decided_at timestamptz,
        decided_by uuid,
        decision_reason text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_register_document_whole CHECK (
          (document_sha256 IS NULL) = (document_file_name IS NULL)
          AND (document_sha256 IS NULL) = (document_content_type IS NULL)
          AND (document_sha256 IS NULL) = (document_size_bytes IS NULL)),
        CONSTRAINT organisation_register_decided_when CHECK ((verification_status = 'PENDING') = (decided_at IS NULL))
      )`);
    await q.query(`CREATE INDEX organisation_register_pending_idx ON organisation_register (claimed_at, enterprise_number) WHERE verification_status = 'PENDING'`);
    await q.query(`CREATE INDEX organisation_register_name_idx ON organisation_register (name, enterprise_number)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON organisation_register TO ${APP_ROLE}`);
    await q.query(`INSERT INTO organisation_register (enterprise_number, name, type, claimed_at) SELECT enterprise_number, name, type, created_at FROM organisations ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO organisation_register (enterprise_number, name, type)
      SELECT DISTINCT ON (p.enterprise_number) p.enterprise_number, p.name, p.organisation_type
        FROM application_partners p JOIN applications a ON a.id = p.application_id
       ORDER BY p.enterprise_number, a.updated_at DESC
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organisation_register`);
  }
}
