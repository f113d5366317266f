import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * VAT on cost lines (CPR 2021/1060 art. 64(1)(c)): budget lines say whether their VAT is
 * recoverable, and claimed lines carry their VAT and the same flag, so that budgets and claims
 * leave out recoverable VAT and the VAT of an operation of € 5.000.000 or more alike.
 */
export class DeclareVatOnCostLines1795770000360 implements MigrationInterface {
  name = 'DeclareVatOnCostLines1795770000360';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE budget_lines ADD COLUMN vat_recoverable boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE cost_statement_lines
      ADD COLUMN vat_cents bigint NOT NULL DEFAULT 0,
      ADD COLUMN vat_recoverable boolean NOT NULL DEFAULT false,
      ADD CONSTRAINT cost_statement_lines_vat_within_amount CHECK (vat_cents >= 0 AND vat_cents <= amount_cents)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cost_statement_lines DROP CONSTRAINT cost_statement_lines_vat_within_amount, DROP COLUMN vat_recoverable, DROP COLUMN vat_cents`);
    await q.query(`ALTER TABLE budget_lines DROP COLUMN vat_recoverable`);
  }
}
