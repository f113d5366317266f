import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../src/core/database/roles';

/**
 * Issue 15: the secretariat's questions to an applicant during admissibility and their answers.
 * Kept apart from the proposal, whose submission stays frozen. A record, never deleted.
 */
export class CreateAdmissibilityClarifications1795770000312 implements MigrationInterface {
  name = 'CreateAdmissibilityClarifications1795770000312';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admissibility_clarifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id),
        status text NOT NULL CHECK (status IN ('OPEN','ANSWERED')),
        question text NOT NULL CHECK (length(question) BETWEEN 1 AND 4000),
        answer_due_at timestamptz NOT NULL,
        asked_by uuid NOT NULL REFERENCES users(id),
        asked_at timestamptz NOT NULL,
        answer text CHECK (length(answer) BETWEEN 1 AND 10000),
        answered_by uuid REFERENCES users(id),
        answered_at timestamptz,
        CONSTRAINT admissibility_clarifications_due_after_asked CHECK (answer_due_at > asked_at),
        CONSTRAINT admissibility_clarifications_answer_complete CHECK (
          (status = 'OPEN' AND answer IS NULL AND answered_by IS NULL AND answered_at IS NULL)
          OR (status = 'ANSWERED' AND answer IS NOT NULL AND answered_by IS NOT NULL AND answered_at IS NOT NULL AND answered_at < answer_due_at)
        )
      )`);
    await q.query(`CREATE INDEX admissibility_clarifications_application_idx ON admissibility_clarifications (application_id, asked_at)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON admissibility_clarifications TO ${APP_ROLE}`);
    await q.query(`REVOKE DELETE, TRUNCATE ON admissibility_clarifications FROM ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admissibility_clarifications`);
  }
}
