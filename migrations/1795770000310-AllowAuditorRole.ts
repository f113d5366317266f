import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit authority's read-only accounts (issue 18): AUDITOR joins the roles an account may hold. */
export class AllowAuditorRole1795770000310 implements MigrationInterface {
  name = 'AllowAuditorRole1795770000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(`
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (
        cardinality(roles) > 0
        AND roles <@ ARRAY['ADMIN','PROGRAMME_MANAGER','EVALUATOR','FINANCE_OFFICER','APPLICANT','AUDITOR']::text[]
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    // An account's roles are its history: the down migration refuses rather than drop a role someone holds.
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM users WHERE 'AUDITOR' = ANY(roles)`)) as { n: number }[];
    if (n > 0) throw new Error(`${n} account(s) hold the AUDITOR role: change their roles (PATCH /users/:id) before reverting this migration`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(`
      ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (
        cardinality(roles) > 0
        AND roles <@ ARRAY['ADMIN','PROGRAMME_MANAGER','EVALUATOR','FINANCE_OFFICER','APPLICANT']::text[]
      )`);
  }
}
