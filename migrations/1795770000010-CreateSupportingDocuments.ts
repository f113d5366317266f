import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supporting documents (invoices, payslips, proof of payment, photos) of a cost statement or a
 * progress report. The bytes live in content-addressed storage under their SHA-256; this table
 * holds what was uploaded, by whom, and the hash. A document never changes, and none is added
 * to a statement or report while it is frozen.
 */
export class CreateSupportingDocuments1795770000010 implements MigrationInterface {
  name = 'CreateSupportingDocuments1795770000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supporting_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants(id),
        cost_statement_id uuid,
        progress_report_id uuid,
        cost_line_id uuid REFERENCES cost_statement_lines(id),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
        content_type text NOT NULL CHECK (content_type IN ('application/pdf','image/png','image/jpeg')),
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage text NOT NULL CHECK (storage IN ('DISK')),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT supporting_documents_statement FOREIGN KEY (cost_statement_id, grant_id) REFERENCES cost_statements (id, grant_id),
        CONSTRAINT supporting_documents_report FOREIGN KEY (progress_report_id, grant_id) REFERENCES progress_reports (id, grant_id),
        CONSTRAINT supporting_documents_one_owner CHECK (num_nonnulls(cost_statement_id, progress_report_id) = 1),
        CONSTRAINT supporting_documents_line_in_statement CHECK (cost_line_id IS NULL OR cost_statement_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX supporting_documents_statement_idx ON supporting_documents (cost_statement_id) WHERE cost_statement_id IS NOT NULL`);
    await q.query(`CREATE INDEX supporting_documents_report_idx ON supporting_documents (progress_report_id) WHERE progress_report_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION supporting_documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE st text;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'a supporting document never changes' USING ERRCODE = 'P0001', DETAIL = 'A supporting document never changes';
        END IF;
        IF NEW.cost_statement_id IS NOT NULL THEN
          SELECT status INTO st FROM cost_statements WHERE id = NEW.cost_statement_id;
          IF NEW.cost_line_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM cost_statement_lines WHERE id = NEW.cost_line_id AND statement_id = NEW.cost_statement_id) THEN
            RAISE EXCEPTION 'the line is not in this statement' USING ERRCODE = 'P0001', DETAIL = 'The cost line belongs to another statement';
          END IF;
        ELSE
          SELECT status INTO st FROM progress_reports WHERE id = NEW.progress_report_id;
        END IF;
        IF st NOT IN ('DRAFT','RETURNED') THEN
          RAISE EXCEPTION 'documents of a submitted statement or report are frozen' USING ERRCODE = 'P0001',
            DETAIL = 'Documents can be added while the statement or report is a draft or returned';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER supporting_documents_guard BEFORE INSERT OR UPDATE ON supporting_documents
      FOR EACH ROW EXECUTE FUNCTION supporting_documents_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supporting_documents`);
    await q.query(`DROP FUNCTION supporting_documents_guard()`);
  }
}
