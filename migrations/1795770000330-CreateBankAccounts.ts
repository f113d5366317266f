import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../src/core/database/roles';

/**
 * The bank account of each beneficiary organisation (issue 15): registered by its members on a
 * grant's page with a bank certificate (a supporting document of the account), verified or
 * rejected by finance. An organisation has at most one current account; a change supersedes it
 * and waits for verification again. A payment keeps the account it went to (a copy of IBAN and
 * holder taken when it was marked paid), so a later change never rewrites where money went.
 */
export class CreateBankAccounts1795770000330 implements MigrationInterface {
  name = 'CreateBankAccounts1795770000330';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bank_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        grant_id uuid NOT NULL REFERENCES grants(id),
        iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
        holder_name text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 200),
        status text NOT NULL CHECK (status IN ('PENDING','VERIFIED','REJECTED','SUPERSEDED')),
        registered_by uuid NOT NULL REFERENCES users(id),
        registered_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        rejection_reason text CHECK (length(rejection_reason) <= 2000),
        superseded_at timestamptz,
        version int NOT NULL DEFAULT 1,
        CONSTRAINT bank_accounts_verified_complete CHECK (status <> 'VERIFIED' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
        CONSTRAINT bank_accounts_rejected_complete CHECK (status <> 'REJECTED' OR (decided_by IS NOT NULL AND rejection_reason IS NOT NULL)),
        CONSTRAINT bank_accounts_superseded_complete CHECK (status <> 'SUPERSEDED' OR superseded_at IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX bank_accounts_one_current ON bank_accounts (organisation_id) WHERE status <> 'SUPERSEDED'`);
    await q.query(`CREATE INDEX bank_accounts_grant_idx ON bank_accounts (grant_id)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON bank_accounts TO ${APP_ROLE}`);
    await q.query(`CREATE TRIGGER bank_accounts_kept BEFORE DELETE ON bank_accounts FOR EACH ROW EXECUTE FUNCTION grant_records_kept()`);
    await q.query(`CREATE TRIGGER bank_accounts_no_truncate BEFORE TRUNCATE ON bank_accounts FOR EACH STATEMENT EXECUTE FUNCTION grant_records_kept()`);

    // The certificate is a supporting document whose owner is the account.
    await q.query(`ALTER TABLE supporting_documents ADD COLUMN bank_account_id uuid REFERENCES bank_accounts(id)`);
    await q.query(`ALTER TABLE supporting_documents DROP CONSTRAINT supporting_documents_one_owner`);
    await q.query(`ALTER TABLE supporting_documents ADD CONSTRAINT supporting_documents_one_owner CHECK (num_nonnulls(cost_statement_id, progress_report_id, bank_account_id) = 1)`);
    await q.query(`CREATE UNIQUE INDEX supporting_documents_bank_account_idx ON supporting_documents (bank_account_id) WHERE bank_account_id IS NOT NULL`);
    await q.query(guard(true));

    await q.query(`
      ALTER TABLE payments
        ADD COLUMN paid_to_bank_account_id uuid REFERENCES bank_accounts(id),
        ADD COLUMN paid_to_iban text,
        ADD COLUMN paid_to_holder text`);
    // NOT VALID: payments marked paid before accounts existed keep no account; every new one must.
    await q.query(`
      ALTER TABLE payments ADD CONSTRAINT payments_paid_to_account
        CHECK (status <> 'PAID' OR (paid_to_bank_account_id IS NOT NULL AND paid_to_iban IS NOT NULL AND paid_to_holder IS NOT NULL)) NOT VALID`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments DROP CONSTRAINT payments_paid_to_account`);
    await q.query(`ALTER TABLE payments DROP COLUMN paid_to_holder, DROP COLUMN paid_to_iban, DROP COLUMN paid_to_bank_account_id`);
    await q.query(guard(false));
    await q.query(`DROP INDEX supporting_documents_bank_account_idx`);
    await q.query(`ALTER TABLE supporting_documents DROP CONSTRAINT supporting_documents_one_owner`);
    await q.query(`ALTER TABLE supporting_documents DROP COLUMN bank_account_id`);
    await q.query(`ALTER TABLE supporting_documents ADD CONSTRAINT supporting_documents_one_owner CHECK (num_nonnulls(cost_statement_id, progress_report_id) = 1)`);
    await q.query(`DROP TABLE bank_accounts`);
  }
}

/** The documents guard (migration 10), with or without the bank certificate branch. */
function guard(withBankAccounts: boolean): string {
  return `
    CREATE OR REPLACE FUNCTION supporting_documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE st text;
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'a supporting document never changes' USING ERRCODE = 'P0001', DETAIL = 'A supporting document never changes';
      END IF;
      ${
        withBankAccounts
          ? `IF NEW.bank_account_id IS NOT NULL THEN
        -- A certificate comes with its account, registered in the same transaction.
        SELECT status INTO st FROM bank_accounts WHERE id = NEW.bank_account_id;
        IF st <> 'PENDING' THEN
          RAISE EXCEPTION 'the certificate of a decided account is frozen' USING ERRCODE = 'P0001',
            DETAIL = 'A bank certificate is added when its account is registered';
        END IF;
        RETURN NEW;
      END IF;`
          : ''
      }
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
    END $$`;
}
