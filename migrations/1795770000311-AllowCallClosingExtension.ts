import { MigrationInterface, QueryRunner } from 'typeorm';

const FROZEN = `NEW.rules IS DISTINCT FROM OLD.rules OR NEW.envelope_cents <> OLD.envelope_cents
          OR NEW.cap_per_project_cents <> OLD.cap_per_project_cents OR NEW.reference_cost_cents <> OLD.reference_cost_cents
          OR NEW.opens_at <> OLD.opens_at OR NEW.code <> OLD.code`;

function freezeFunction(closing: string): string {
  return `
      CREATE OR REPLACE FUNCTION calls_freeze_published() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'DRAFT' AND (
          ${FROZEN}
          OR ${closing}
        ) THEN
          RAISE EXCEPTION 'call % is published; its rules are frozen', OLD.code USING ERRCODE = 'P0001',
            DETAIL = 'A published call''s rules can no longer change';
        END IF;
        IF NEW.status = 'DRAFT' AND OLD.status <> 'DRAFT' THEN
          RAISE EXCEPTION 'call % cannot return to draft', OLD.code USING ERRCODE = 'P0001',
            DETAIL = 'A published call cannot return to draft';
        END IF;
        RETURN NEW;
      END $$`;
}

/**
 * Issue 15: a published call's closing instant may be extended (later only, while the call is
 * published or open, without a change of status), everything else stays frozen. Whether the
 * clock has passed the instant is the service's check (its clock is the application's).
 */
export class AllowCallClosingExtension1795770000311 implements MigrationInterface {
  name = 'AllowCallClosingExtension1795770000311';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      freezeFunction(`(NEW.closes_at <> OLD.closes_at AND NOT (
            NEW.closes_at > OLD.closes_at AND OLD.status IN ('PUBLISHED','OPEN') AND NEW.status = OLD.status))`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(freezeFunction(`NEW.closes_at <> OLD.closes_at`));
  }
}
