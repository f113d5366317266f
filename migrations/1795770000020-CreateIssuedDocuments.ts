import { MigrationInterface, QueryRunner } from 'typeorm';

/** The register of issued PDF statements: their data hash (printed in the footer) and file hash. */
export class CreateIssuedDocuments1795770000020 implements MigrationInterface {
  name = 'CreateIssuedDocuments1795770000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE issued_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('receipt','decision-letter','cost-statement','payment-statement','call-overview')),
        data_sha256 char(64) NOT NULL CHECK (data_sha256 ~ '^[0-9a-f]{64}$'),
        file_sha256 char(64) NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        reference text NOT NULL,
        title text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        call_code text NOT NULL,
        issued_at timestamptz NOT NULL,
        first_issued_at timestamptz NOT NULL,
        first_issued_by uuid REFERENCES users(id),
        byte_size int NOT NULL CHECK (byte_size > 0),
        CONSTRAINT issued_documents_data_unique UNIQUE (data_sha256)
      )`);
    await q.query(`CREATE INDEX issued_documents_file_idx ON issued_documents (file_sha256)`);
    await q.query(`CREATE INDEX issued_documents_entity_idx ON issued_documents (entity_type, entity_id)`);
    await q.query(`CREATE TRIGGER issued_documents_no_change BEFORE UPDATE OR DELETE ON issued_documents FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE issued_documents`);
  }
}
